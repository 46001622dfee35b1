package org.dot4j.conform;

import java.util.Objects;

/**
 * One numbered check of the suite.
 *
 * @param id "7.3.2": case 2 of the reference's section 7.3
 * @param level MUST, or SHOULD (counted only with {@code --strict})
 * @param title one line saying what a conforming peer does
 * @param body what the case does and checks
 */
public record ConformCase(String id, Level level, String title, Body body) {

    /** What a case does: steps against a peripheral, or a check of what a host did. */
    public sealed interface Body permits Steps, HostCheck {}

    /** The steps of a peripheral case. */
    @FunctionalInterface
    public non-sealed interface Steps extends Body {
        /** Runs the case; returns normally on a pass, throws {@link CaseFailure} on a fail or skip. */
        void run(CaseContext c) throws Exception;
    }

    /** The check of a host case, over everything the host did in one conversation. */
    @FunctionalInterface
    public non-sealed interface HostCheck extends Body {
        /** Returns normally on a pass, throws {@link CaseFailure} on a fail or skip. */
        void check(HostObservations seen) throws CaseFailure;
    }

    /** A case that drives a peripheral. */
    public static ConformCase peripheral(String id, Level level, String title, Steps steps) {
        return new ConformCase(id, level, title, steps);
    }

    /** A case that judges a host by what it did. */
    public static ConformCase host(String id, Level level, String title, HostCheck check) {
        return new ConformCase(id, level, title, check);
    }

    /** Checks the id is SECTION.N and every part is given. */
    public ConformCase {
        Objects.requireNonNull(level, "level");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(body, "body");
        if (!id.matches("\\d+(\\.\\d+)+")) {
            throw new IllegalArgumentException("case id '" + id + "' is not SECTION.N, e.g. 7.3.2");
        }
    }

    /** The reference section: the id without its last number ("7.3" for "7.3.2"). */
    public String section() {
        return id.substring(0, id.lastIndexOf('.'));
    }

    /** True when {@code selector} (a section such as "7" or "7.3", or a case id) includes this case. */
    public boolean selectedBy(String selector) {
        return id.equals(selector) || id.startsWith(selector + ".");
    }
}
