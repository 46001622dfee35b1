package org.dot4j.capture;

import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A bounded in-memory destination for a {@link TraceWriter} that someone else drains: the daemon keeps one per
 * {@code dot4 ctl trace} and hands its bytes over the control socket. A traced link must never wait for a slow reader,
 * so a block that does not fit is dropped whole (the trace stays a valid pcapng file, with records missing) and
 * counted. Thread-safe.
 */
public final class TraceBuffer implements WritableByteChannel {

    /** What {@link #take} returned: bytes, and how many blocks were dropped since the last take. */
    public record Taken(byte[] bytes, long droppedBlocks) {}

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition filled = lock.newCondition();
    private final byte[] ring;
    private int head;
    private int size;
    private long dropped;
    private boolean open = true;

    /** A buffer of {@code capacity} bytes. */
    public TraceBuffer(int capacity) {
        this.ring = new byte[capacity];
    }

    /** Takes one whole block (TraceWriter writes each block in one call), or drops it when it does not fit. */
    @Override
    public int write(ByteBuffer src) {
        int n = src.remaining();
        lock.lock();
        try {
            if (n > ring.length - size) {
                dropped++;
            } else {
                for (int tail = (head + size) % ring.length; src.hasRemaining(); tail = (head + size) % ring.length) {
                    int run = Math.min(src.remaining(), ring.length - tail);
                    src.get(ring, tail, run);
                    size += run;
                }
                filled.signalAll();
            }
            src.position(src.limit());
            return n;
        } finally {
            lock.unlock();
        }
    }

    /** Up to {@code max} bytes, waiting at most {@code waitMillis} for the first; empty when none came. */
    public Taken take(int max, long waitMillis) throws InterruptedException {
        lock.lock();
        try {
            long nanos = TimeUnit.MILLISECONDS.toNanos(waitMillis);
            while (size == 0 && open && nanos > 0) {
                nanos = filled.awaitNanos(nanos);
            }
            int n = Math.min(max, size);
            byte[] out = new byte[n];
            for (int done = 0; done < n; ) {
                int run = Math.min(n - done, ring.length - head);
                System.arraycopy(ring, head, out, done, run);
                head = (head + run) % ring.length;
                size -= run;
                done += run;
            }
            Taken taken = new Taken(out, dropped);
            dropped = 0;
            return taken;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public boolean isOpen() {
        lock.lock();
        try {
            return open;
        } finally {
            lock.unlock();
        }
    }

    /** Wakes a waiting {@link #take}; what is buffered can still be taken. */
    @Override
    public void close() {
        lock.lock();
        try {
            open = false;
            filled.signalAll();
        } finally {
            lock.unlock();
        }
    }
}
