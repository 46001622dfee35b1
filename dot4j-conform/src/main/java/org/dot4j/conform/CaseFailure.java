package org.dot4j.conform;

/**
 * Ends a case early: it failed ({@link #failed}) or cannot apply to this peer ({@link #skipped}). Thrown by the
 * checks of {@link CaseContext}; the runner turns it into an {@link Outcome}.
 */
public final class CaseFailure extends Exception {

    private static final long serialVersionUID = 1L;

    private final boolean skip;

    private CaseFailure(String message, boolean skip) {
        super(message, null, false, false);
        this.skip = skip;
    }

    /** The peer broke the rule the case checks; {@code why} says what it did instead. */
    public static CaseFailure failed(String why) {
        return new CaseFailure(why, false);
    }

    /** The case does not apply to this peer; {@code why} says why ("peer does not speak MLC"). */
    public static CaseFailure skipped(String why) {
        return new CaseFailure(why, true);
    }

    /** True when the case was skipped rather than failed. */
    public boolean isSkip() {
        return skip;
    }
}
