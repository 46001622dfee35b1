package org.dot4j.conform;

/**
 * A case and how it ended.
 *
 * @param conformCase the case
 * @param outcome its outcome
 */
public record CaseResult(ConformCase conformCase, Outcome outcome) {

    /** True when this result fails the run: a failed MUST, or a failed SHOULD under {@code strict}. */
    public boolean failsRun(boolean strict) {
        return outcome.verdict() == Outcome.Verdict.FAIL && (strict || conformCase.level() == Level.MUST);
    }

    /** "pass", "FAIL", "skip", or "not met" for a failed SHOULD that does not count. */
    public String label(boolean strict) {
        return switch (outcome.verdict()) {
            case PASS -> "pass";
            case SKIP -> "skip";
            case FAIL -> failsRun(strict) ? "FAIL" : "not met";
        };
    }
}
