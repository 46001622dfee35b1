package org.dot4j.sim;

/**
 * Counts one kind of recurring trouble (refused hosts, failed accepts) and says which occurrences deserve a log
 * line: the 1st, 10th, 100th, 1000th... so a peer that repeats it forever costs a handful of lines, not a flood.
 *
 * <p>Thread-safe.
 */
final class RareLog {

    private long count;

    /** Counts one occurrence; true when this one should be logged (with {@link #count()}). */
    synchronized boolean occurred() {
        count++;
        return deservesLog(count);
    }

    /** Whether the {@code n}th occurrence of a trouble deserves a log line: 1, 10, 100... */
    static boolean deservesLog(long n) {
        long power = 1;
        while (power < n && power <= Long.MAX_VALUE / 10) {
            power *= 10;
        }
        return power == n;
    }

    /** Occurrences so far. */
    synchronized long count() {
        return count;
    }
}
