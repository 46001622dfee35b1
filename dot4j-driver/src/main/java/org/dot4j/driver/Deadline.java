package org.dot4j.driver;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import org.dot4j.api.Dot4Constants;
import org.dot4j.api.Dot4Exception;
import org.dot4j.api.NtStatus;

/**
 * When a timed wait gives up: the one value behind every blocking call of the driver. Built from a d4drvif
 * timeout ({@link Dot4Constants#INFINITE} never expires, {@link Dot4Constants#NO_TIMEOUT} expires at once) or a
 * duration in nanoseconds. Compares clock values by difference, so any {@link System#nanoTime()} origin works.
 */
public final class Deadline {

    private final long at;
    private final boolean never;

    private Deadline(long at, boolean never) {
        this.at = at;
        this.never = never;
    }

    /** A deadline {@code timeoutMillis} from now, read as a d4drvif unsigned 32-bit timeout. */
    public static Deadline ofMillis(long timeoutMillis) {
        if (timeoutMillis < 0 || timeoutMillis > Dot4Constants.INFINITE) {
            throw new IllegalArgumentException("timeout " + timeoutMillis + " ms is outside the unsigned 32-bit range");
        }
        return timeoutMillis == Dot4Constants.INFINITE ? new Deadline(0, true)
                : ofNanos(TimeUnit.MILLISECONDS.toNanos(timeoutMillis));
    }

    /** A deadline {@code nanos} from now. */
    public static Deadline ofNanos(long nanos) {
        return new Deadline(System.nanoTime() + nanos, false);
    }

    /** Nanoseconds left; {@link Long#MAX_VALUE} for a deadline that never expires, 0 or less once expired. */
    public long remainingNanos() {
        return never ? Long.MAX_VALUE : at - System.nanoTime();
    }

    /** True once the deadline has passed. */
    public boolean expired() {
        return remainingNanos() <= 0;
    }

    /**
     * Waits on {@code condition} (its lock held) until signalled or the deadline; false when it had already
     * passed. An interrupt becomes STATUS_CANCELLED with the interrupt flag kept.
     */
    public boolean await(Condition condition, String what) throws Dot4Exception {
        long left = remainingNanos();
        if (left <= 0) {
            return false;
        }
        try {
            if (never) {
                condition.await();
            } else {
                condition.awaitNanos(left);
            }
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Dot4Exception(NtStatus.STATUS_CANCELLED, "interrupted while waiting on " + what);
        }
    }
}
