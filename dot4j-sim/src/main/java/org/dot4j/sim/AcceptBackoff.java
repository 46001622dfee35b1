package org.dot4j.sim;

import java.time.Duration;

/**
 * The pause of an accept loop after its listener failed: none is needed after a single failure of one connection
 * (the listener skips those itself), but a lasting failure such as EMFILE fails every accept at once, so the pause
 * doubles from {@link #FIRST} to {@link #LONGEST} while the failures last and starts over after a success.
 *
 * <p>Not thread-safe: used by the one accept thread.
 */
final class AcceptBackoff {

    /** The pause after the first failure of a run. */
    static final Duration FIRST = Duration.ofMillis(10);
    /** The longest pause: how soon accepting resumes once the cause (e.g. too many open files) is gone. */
    static final Duration LONGEST = Duration.ofSeconds(1);

    private Duration next = FIRST;
    private long failures;

    /** Counts one failure; returns how long to pause before accepting again. */
    Duration failed() {
        failures++;
        Duration pause = next;
        next = next.multipliedBy(2).compareTo(LONGEST) > 0 ? LONGEST : next.multipliedBy(2);
        return pause;
    }

    /** Failures in a row so far. */
    long failures() {
        return failures;
    }

    /** Counts a success; returns how many failures preceded it (0 when none). */
    long succeeded() {
        long before = failures;
        failures = 0;
        next = FIRST;
        return before;
    }
}
