package org.dot4j.conform;

import java.util.List;

/**
 * How one case ended.
 *
 * @param verdict pass, fail or skip
 * @param detail why it failed or was skipped, or a remark on a pass (empty when there is none)
 * @param evidence on failure, the packets both ways (see {@link Transcript}); empty otherwise
 * @param millis how long the case took
 */
public record Outcome(Verdict verdict, String detail, List<String> evidence, long millis) {

    /** The three ways a case ends. */
    public enum Verdict {
        PASS, FAIL, SKIP
    }

    /** Copies the evidence. */
    public Outcome {
        evidence = List.copyOf(evidence);
    }
}
