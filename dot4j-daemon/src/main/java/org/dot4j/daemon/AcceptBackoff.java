package org.dot4j.daemon;

import java.time.Duration;
import org.slf4j.Logger;

/**
 * What an accept loop does after accept() failed: lasting errors (EMFILE: out of file descriptors) fail at once
 * every time, so the loop waits, doubling the wait up to {@link #MAX_DELAY}, and logs the first failure of a run
 * and then one line per {@link #REPORT_EVERY} failures, instead of spinning and flooding the log. A success
 * ends the run, saying how many accepts failed.
 *
 * <p>Not thread-safe: one accept loop uses one instance.
 */
final class AcceptBackoff {

    static final Duration FIRST_DELAY = Duration.ofMillis(10);
    static final Duration MAX_DELAY = Duration.ofSeconds(1);
    /** After the first failure of a run, one log line per this many failures. */
    static final int REPORT_EVERY = 100;

    private final Logger log;
    private final String what;
    private Duration delay = FIRST_DELAY;
    private long failures;

    AcceptBackoff(Logger log, String what) {
        this.log = log;
        this.what = what;
    }

    /** Records a failed accept and waits before the next; false when interrupted (the loop should end). */
    boolean failed(Exception e) {
        failures++;
        if (failures == 1 || failures % REPORT_EVERY == 0) {
            log.warn("{}: accept failed ({} in a row, retrying every {} ms at most): {}", what, failures,
                    MAX_DELAY.toMillis(), e.toString());
        }
        try {
            Thread.sleep(delay);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            return false;
        }
        delay = delay.multipliedBy(2).compareTo(MAX_DELAY) > 0 ? MAX_DELAY : delay.multipliedBy(2);
        return true;
    }

    /** Records a successful accept, ending a run of failures. */
    void succeeded() {
        if (failures > 0) {
            log.info("{}: accepting again after {} failed accepts", what, failures);
        }
        failures = 0;
        delay = FIRST_DELAY;
    }
}
