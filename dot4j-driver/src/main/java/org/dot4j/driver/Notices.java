package org.dot4j.driver;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;

/**
 * What the driver has to say outside its lock: log lines and calls to observers are queued while the lock is
 * held and run, in the order queued, by whichever thread next lets go of the lock. A slow log (stderr piped to
 * a reader that stopped) or a slow observer then blocks nobody who needs the engine.
 *
 * <p>A peer's protocol violations are rate-limited: the first {@link #BURST} are logged, then one line per
 * {@link #INTERVAL_NANOS} counts the ones suppressed, so a peer flooding garbage cannot flood the log.
 *
 * <p>Thread-safe.
 */
final class Notices {

    /** Violations logged one by one before suppression starts. */
    static final int BURST = 5;
    /** How often a summary of suppressed violations is logged. */
    static final long INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(10);

    private final Logger log;
    private final String name;
    private final ReentrantLock lock;
    private final ConcurrentLinkedQueue<Runnable> queue = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean running = new AtomicBoolean();
    // Guarded by the driver's lock.
    private long logged;
    private long suppressed;
    private long windowStart;

    Notices(Logger log, String name, ReentrantLock lock) {
        this.log = log;
        this.name = name;
        this.lock = lock;
    }

    /** Queues {@code action} to run outside the lock. */
    void later(Runnable action) {
        queue.add(action);
    }

    /** A peer's violation (caller holds the driver lock): logged, or counted once the burst is spent. */
    void violation(String text) {
        long now = System.nanoTime();
        if (logged < BURST) {
            logged++;
            windowStart = now;
            later(() -> log.warn("{}: {}", name, text));
            return;
        }
        suppressed++;
        if (now - windowStart >= INTERVAL_NANOS) {
            long count = suppressed;
            suppressed = 0;
            windowStart = now;
            later(() -> log.warn("{}: {} more protocol violations in the last {} s (latest: {})", name, count,
                    TimeUnit.NANOSECONDS.toSeconds(INTERVAL_NANOS), text));
        }
    }

    /** Violations counted but not yet reported (caller holds the driver lock); reported and reset. */
    void flushSuppressed() {
        if (suppressed > 0) {
            long count = suppressed;
            suppressed = 0;
            later(() -> log.warn("{}: {} more protocol violations not logged one by one", name, count));
        }
    }

    /** Runs what was queued, unless this thread holds the driver's lock (then a later unlock runs it). */
    void run() {
        if (lock.isHeldByCurrentThread()) {
            return;
        }
        while (!queue.isEmpty() && running.compareAndSet(false, true)) {
            try {
                for (Runnable r = queue.poll(); r != null; r = queue.poll()) {
                    try {
                        r.run();
                    } catch (RuntimeException e) {
                        log.warn("{}: an observer failed", name, e);
                    }
                }
            } finally {
                running.set(false);
            }
            // Loop: another thread may have queued while we ran and found us running.
        }
    }
}
