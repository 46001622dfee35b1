package org.dot4j.links.sim;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.SplittableRandom;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.dot4j.driver.ByteLink;
import org.dot4j.links.sim.LinkProfile.Direction;

/**
 * One end of a simulated link: bytes cross in real time with the bandwidth, latency, chunking and faults of a
 * {@link LinkProfile}, and the same seed gives the same chunk sizes, corrupt values and fault positions every run.
 *
 * <p>Each {@link #read} returns bytes of one delivery (chunk) only, as a USB bulk read returns one transfer, so the
 * engine's framing is exercised on split and partial packets. Memory is bounded: a writer blocks while
 * 1 MiB is in flight in its direction.
 *
 * <p>Closing an end ends both directions: the peer reads what was in flight, then -1, and its writes fail; this end's
 * own pending and later operations fail with an IOException.
 *
 * <p>Threading: one reader and one writer per end; {@link #close()} from any thread wakes both at once.
 */
public final class SimulatedLink implements ByteLink {

    private final ReentrantLock lock;
    private final Lane in;
    private final Lane out;
    private final String name;

    private SimulatedLink(ReentrantLock lock, Lane in, Lane out, String name) {
        this.lock = lock;
        this.in = in;
        this.out = out;
        this.name = name;
    }

    /**
     * Two connected ends: what end 0 writes, end 1 reads ({@link Direction#FIRST_TO_SECOND}), and back.
     *
     * @param seed fixes chunk sizes and corrupt values; the same seed and the same writes give the same deliveries
     */
    public static ByteLink[] pair(LinkProfile profile, long seed) {
        ReentrantLock lock = new ReentrantLock();
        Condition changed = lock.newCondition();
        SplittableRandom root = new SplittableRandom(seed);
        String first = "sim:" + seed + "#first";
        String second = "sim:" + seed + "#second";
        Lane firstToSecond = new Lane(first, second, Direction.FIRST_TO_SECOND, profile, root.split(), changed);
        Lane secondToFirst = new Lane(second, first, Direction.SECOND_TO_FIRST, profile, root.split(), changed);
        firstToSecond.joinReverse(secondToFirst);
        secondToFirst.joinReverse(firstToSecond);
        return new ByteLink[] {
            new SimulatedLink(lock, secondToFirst, firstToSecond, first),
            new SimulatedLink(lock, firstToSecond, secondToFirst, second)
        };
    }

    /** Reads from the next due delivery, waiting for its arrival time; -1 once the peer closed and all arrived. */
    @Override
    public int read(ByteBuffer dst) throws IOException {
        lock.lock();
        try {
            return in.read(dst);
        } finally {
            lock.unlock();
        }
    }

    /** Queues all of {@code src}, blocking while the direction's in-flight limit is reached. */
    @Override
    public void write(ByteBuffer src) throws IOException {
        lock.lock();
        try {
            out.write(src);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public String describe() {
        return name;
    }

    @Override
    public void close() {
        lock.lock();
        try {
            in.closeReader();
            out.closeWriter();
        } finally {
            lock.unlock();
        }
    }
}
