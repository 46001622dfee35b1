package org.dot4j.driver;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * An in-process link: two ends joined by a pair of bounded byte pipes ({@code mem:}).
 *
 * <p>Threading: safe for one reader and one writer per end; close from any thread.
 */
public final class MemoryLink implements ByteLink {

    /** Bytes each direction buffers before a writer blocks. */
    public static final int DEFAULT_CAPACITY = 256 * 1024;

    private final Pipe in;
    private final Pipe out;
    private final String name;

    private MemoryLink(Pipe in, Pipe out, String name) {
        this.in = in;
        this.out = out;
        this.name = name;
    }

    /** Two connected ends; what one writes, the other reads. */
    public static MemoryLink[] pair(String name) {
        return pair(name, DEFAULT_CAPACITY);
    }

    /** Two connected ends with {@code capacity} bytes of buffer in each direction. */
    public static MemoryLink[] pair(String name, int capacity) {
        Pipe aToB = new Pipe(capacity);
        Pipe bToA = new Pipe(capacity);
        return new MemoryLink[] {
            new MemoryLink(bToA, aToB, "mem:" + name + "#host"), new MemoryLink(aToB, bToA, "mem:" + name + "#peripheral")
        };
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        return in.read(dst);
    }

    @Override
    public void write(ByteBuffer src) throws IOException {
        out.write(src);
    }

    @Override
    public String describe() {
        return name;
    }

    /** Closing either end ends both directions, as pulling a cable would. */
    @Override
    public void close() {
        in.close();
        out.close();
    }

    /** A bounded ring of bytes with blocking ends. */
    private static final class Pipe {
        private final byte[] ring;
        private final ReentrantLock lock = new ReentrantLock();
        private final Condition changed = lock.newCondition();
        private int head;
        private int size;
        private boolean closed;

        Pipe(int capacity) {
            ring = new byte[capacity];
        }

        int read(ByteBuffer dst) throws IOException {
            lock.lock();
            try {
                while (size == 0) {
                    if (closed) {
                        return -1;
                    }
                    awaitChange();
                }
                int n = Math.min(size, dst.remaining());
                int first = Math.min(n, ring.length - head);
                dst.put(ring, head, first);
                dst.put(ring, 0, n - first);
                head = (head + n) % ring.length;
                size -= n;
                changed.signalAll();
                return n;
            } finally {
                lock.unlock();
            }
        }

        void write(ByteBuffer src) throws IOException {
            lock.lock();
            try {
                while (src.hasRemaining()) {
                    if (closed) {
                        throw new IOException("link closed");
                    }
                    if (size == ring.length) {
                        awaitChange();
                        continue;
                    }
                    int tail = (head + size) % ring.length;
                    int n = Math.min(src.remaining(), ring.length - size);
                    int first = Math.min(n, ring.length - tail);
                    src.get(ring, tail, first);
                    src.get(ring, 0, n - first);
                    size += n;
                    changed.signalAll();
                }
            } finally {
                lock.unlock();
            }
        }

        void close() {
            lock.lock();
            try {
                closed = true;
                changed.signalAll();
            } finally {
                lock.unlock();
            }
        }

        private void awaitChange() throws InterruptedIOException {
            try {
                changed.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while waiting on " + this);
            }
        }
    }
}
