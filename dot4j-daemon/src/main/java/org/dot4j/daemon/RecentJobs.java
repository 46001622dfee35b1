package org.dot4j.daemon;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.List;

/**
 * The last {@value #CAPACITY} jobs on the service ports, for the status page: each TCP connection once it ended,
 * whether its bytes reached the device or not. Older ones are forgotten, so a print server running for months
 * holds no more than this.
 *
 * <p>Thread-safe: connections end on their own threads while the page reads.
 */
final class RecentJobs {

    /** Jobs kept. */
    static final int CAPACITY = 50;

    /**
     * One ended connection.
     *
     * @param port the service port, {@code DEVICE:SERVICE=PORT}
     * @param client the connection's name, {@code port DEVICE:SERVICE=PORT #N}
     * @param started when the connection got its channel (or, refused, was accepted)
     * @param duration how long it was served
     * @param toDevice bytes the device took
     * @param fromDevice bytes the device sent back
     * @param delivered whether it ended normally (every byte delivered both ways) rather than with a reset
     * @param reason how it ended, in words
     */
    record Job(String port, String client, Instant started, Duration duration, long toDevice, long fromDevice,
               boolean delivered, String reason) {}

    private final ArrayDeque<Job> jobs = new ArrayDeque<>();

    /** Adds an ended job, forgetting the oldest beyond {@link #CAPACITY}. */
    synchronized void add(Job job) {
        if (jobs.size() == CAPACITY) {
            jobs.removeLast();
        }
        jobs.addFirst(job);
    }

    /** The jobs kept, newest first. */
    synchronized List<Job> newestFirst() {
        return List.copyOf(jobs);
    }
}
