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

    /** The steps of a case. */
    @FunctionalInterface
    public interface Body {
        /** Runs the case; returns normally on a pass, throws {@link CaseFailure} on a fail or skip. */
        void run(CaseContext c) throws Exception;
    }

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
