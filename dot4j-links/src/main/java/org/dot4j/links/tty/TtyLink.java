package org.dot4j.links.tty;

import java.io.Closeable;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

/**
 * A link over a character device ({@code tty:}): a serial port, a pty slave, a pty master (from
 * {@link PtyListener}) or a printer device such as {@code /dev/usb/lp0}.
 *
 * <p>All I/O is native {@code read}/{@code write} on a non-blocking descriptor, parked in {@code poll} on
 * the device plus an eventfd. {@link #close()} signals the eventfd, so a reader or writer parked in
 * {@code poll} wakes at once and throws {@code IOException("link closed")}; java.io streams on a tty
 * cannot do this (a blocked {@code FileInputStream.read} survives {@code close}).
 *
 * <p>End of stream: {@link #read} returns -1 when the device reports it ({@code read} gives 0) or when the
 * other side of a pty hung up ({@code EIO}: the master closed, or every slave descriptor closed).
 *
 * <p>Threading: one reader and one writer may run at once (further readers or writers queue behind them);
 * {@link #close()} may come from any thread and waits until both have left the descriptor before closing
 * it, so a descriptor number is never reused under a running call. Interrupting a thread blocked in
 * {@link #read} or {@link #write} ends that call within about 0.1 s with an {@link InterruptedIOException}
 * (the interrupt status stays set; the link stays open).
 */
public final class TtyLink implements org.dot4j.driver.ByteLink {

    // Bytes moved per native call when a heap buffer must be copied through native memory.
    private static final int CHUNK = 64 * 1024;
    // How long a parked call may take to notice Thread.interrupt().
    private static final int INTERRUPT_CHECK_MILLIS = 100;
    private static final long POLL_ENTRY = Posix.POLLFD.byteSize();
    private static final long POLL_FD = offsetOf("fd");
    private static final long POLL_EVENTS = offsetOf("events");
    private static final long POLL_REVENTS = offsetOf("revents");

    private final int fd;
    private final int wakeFd;
    private final String description;
    private final Closeable releaseDevice;
    private final Arena arena = Arena.ofShared();
    private final MemorySegment readChunk;
    private final MemorySegment writeChunk;
    private final MemorySegment readPoll;
    private final MemorySegment writePoll;
    private final ReentrantLock readLock = new ReentrantLock();
    private final ReentrantLock writeLock = new ReentrantLock();
    private final AtomicBoolean closed = new AtomicBoolean();

    /**
     * Wraps an open descriptor, which this link switches to non-blocking mode.
     *
     * @param releaseDevice what {@link #close()} does with {@code fd} once no call uses it any more
     */
    TtyLink(int fd, String description, Closeable releaseDevice) throws IOException {
        this.fd = fd;
        this.description = description;
        this.releaseDevice = releaseDevice;
        Posix.setNonBlocking(fd, description);
        this.wakeFd = Posix.eventfd(description);
        readChunk = arena.allocate(CHUNK);
        writeChunk = arena.allocate(CHUNK);
        readPoll = pollSet(Posix.POLLIN);
        writePoll = pollSet(Posix.POLLOUT);
    }

    /**
     * Opens a character device for reading and writing ({@code O_RDWR|O_NOCTTY|O_CLOEXEC}, so a tty never
     * becomes this process's controlling terminal). If it is a terminal, applies {@code options}: raw mode
     * and, for serial ports, the line speed; other devices (e.g. {@code /dev/usb/lp0}) are used as they are.
     *
     * @throws IOException naming the device and what to do, e.g. "no such device" or "group dialout"
     */
    public static TtyLink open(Path device, TtyOptions options) throws IOException {
        String path = device.toString();
        int fd = Posix.open(path, Posix.O_RDWR | Posix.O_NOCTTY | Posix.O_CLOEXEC);
        try {
            if (Posix.isatty(fd)) {
                if (options.raw()) {
                    Termios.makeRaw(fd, options.baud(), path);
                } else if (options.baud().isPresent()) {
                    Termios.setSpeed(fd, options.baud().getAsInt(), path);
                }
            }
            return new TtyLink(fd, "tty:" + path, () -> Posix.close(fd, path));
        } catch (IOException | RuntimeException e) {
            Posix.close(fd, path);
            throw e;
        }
    }

    /**
     * Reads the bytes available now, at least one, up to {@code dst.remaining()}.
     *
     * @return the number of bytes read, or -1 at end of stream (see the class description)
     * @throws IOException "link closed" when {@link #close()} came first or interrupted the wait
     */
    @Override
    public int read(ByteBuffer dst) throws IOException {
        if (!dst.hasRemaining()) {
            return 0;
        }
        lockInterruptibly(readLock);
        try {
            int total = 0;
            while (dst.hasRemaining()) {
                ensureOpen();
                int want = dst.isDirect() ? dst.remaining() : Math.min(dst.remaining(), CHUNK);
                MemorySegment target = dst.isDirect() ? MemorySegment.ofBuffer(dst) : readChunk;
                long n;
                try {
                    n = Posix.read(fd, target, want, description);
                } catch (ErrnoException e) {
                    if (e.errno() == Posix.EIO) {
                        return total > 0 ? total : -1; // pty peer hung up
                    }
                    throw e;
                }
                if (n == 0) {
                    return total > 0 ? total : -1;
                }
                if (n == Posix.AGAIN) {
                    if (total > 0) {
                        return total;
                    }
                    await(readPoll);
                    continue;
                }
                if (!dst.isDirect()) {
                    MemorySegment.ofBuffer(dst).copyFrom(readChunk.asSlice(0, n));
                }
                dst.position(dst.position() + (int) n);
                total += (int) n;
                if (n < want) {
                    return total; // took everything there was
                }
            }
            return total;
        } finally {
            readLock.unlock();
        }
    }

    /**
     * Reads and drops what the device holds until poll sees nothing for {@code quiet}, at most {@code limit}: usblp
     * keeps a USB peer's bytes across opens, a pty its peer's. End of stream ends the drop; the next read says so.
     */
    @Override
    public long dropStale(Duration quiet, Duration limit) throws IOException {
        lockInterruptibly(readLock);
        try {
            long dropped = 0;
            int quietMillis = (int) Math.clamp(quiet.toMillis(), 1, Integer.MAX_VALUE);
            long deadline = System.nanoTime() + limit.toNanos();
            while (System.nanoTime() < deadline) {
                ensureOpen();
                long n;
                try {
                    n = Posix.read(fd, readChunk, CHUNK, description);
                } catch (ErrnoException e) {
                    if (e.errno() == Posix.EIO) {
                        break; // pty peer hung up
                    }
                    throw e;
                }
                if (n == 0) {
                    break;
                }
                if (n != Posix.AGAIN) {
                    dropped += n;
                    continue;
                }
                readPoll.set(JAVA_SHORT, POLL_REVENTS, (short) 0);
                readPoll.set(JAVA_SHORT, POLL_ENTRY + POLL_REVENTS, (short) 0);
                int ready = Posix.poll(readPoll, 2, quietMillis, description);
                ensureOpen();
                if (ready == 0) {
                    break;
                }
            }
            return dropped;
        } finally {
            readLock.unlock();
        }
    }

    /**
     * Writes every remaining byte of {@code src}, waiting while the device's buffer is full.
     *
     * @throws IOException "link closed" when {@link #close()} came first or interrupted the wait, or the
     *                     device's error (e.g. EIO when the other side of a pty hung up)
     */
    @Override
    public void write(ByteBuffer src) throws IOException {
        lockInterruptibly(writeLock);
        try {
            while (src.hasRemaining()) {
                ensureOpen();
                int want = src.isDirect() ? src.remaining() : Math.min(src.remaining(), CHUNK);
                MemorySegment source = MemorySegment.ofBuffer(src);
                if (!src.isDirect()) {
                    writeChunk.copyFrom(source.asSlice(0, want));
                    source = writeChunk;
                }
                long n = Posix.write(fd, source, want, description);
                if (n == Posix.AGAIN) {
                    short events = await(writePoll);
                    if ((events & (Posix.POLLHUP | Posix.POLLERR)) != 0 && (events & Posix.POLLOUT) == 0) {
                        throw new IOException("cannot write " + description + ": the other side hung up");
                    }
                    continue;
                }
                src.position(src.position() + (int) n);
            }
        } finally {
            writeLock.unlock();
        }
    }

    @Override
    public String describe() {
        return description;
    }

    /**
     * Wakes any blocked read and write (they throw "link closed"), waits for them to leave, then releases
     * the device. Idempotent.
     */
    @Override
    public void close() throws IOException {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        MemorySegment one = arena.allocate(JAVA_LONG);
        one.set(JAVA_LONG, 0, 1L);
        Posix.write(wakeFd, one, JAVA_LONG.byteSize(), description + " (wake-up eventfd)");
        readLock.lock();
        writeLock.lock();
        try {
            Posix.close(wakeFd, description + " (wake-up eventfd)");
            arena.close();
            releaseDevice.close();
        } finally {
            writeLock.unlock();
            readLock.unlock();
        }
    }

    private void lockInterruptibly(ReentrantLock lock) throws InterruptedIOException {
        try {
            lock.lockInterruptibly();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for another call on " + description);
        }
    }

    private void ensureOpen() throws IOException {
        if (closed.get()) {
            throw new IOException("link closed: " + description);
        }
    }

    /**
     * Parks in poll until the device is ready for the set's event or the link is closed; returns revents.
     * Wakes every {@link #INTERRUPT_CHECK_MILLIS} to notice a thread interrupt, which poll cannot see.
     */
    private short await(MemorySegment pollSet) throws IOException {
        while (true) {
            pollSet.set(JAVA_SHORT, POLL_REVENTS, (short) 0);
            pollSet.set(JAVA_SHORT, POLL_ENTRY + POLL_REVENTS, (short) 0);
            int ready = Posix.poll(pollSet, 2, INTERRUPT_CHECK_MILLIS, description);
            ensureOpen();
            if (ready > 0) {
                short events = pollSet.get(JAVA_SHORT, POLL_REVENTS);
                if ((events & Posix.POLLNVAL) != 0) {
                    throw new IOException("cannot use " + description + ": the descriptor is no longer open");
                }
                return events;
            }
            if (Thread.currentThread().isInterrupted()) {
                throw new InterruptedIOException("interrupted while waiting on " + description);
            }
        }
    }

    /** Two pollfd entries: the device for {@code events}, and the wake-up eventfd for readability. */
    private MemorySegment pollSet(short events) {
        MemorySegment set = arena.allocate(Posix.POLLFD, 2);
        set.set(JAVA_INT, POLL_FD, fd);
        set.set(JAVA_SHORT, POLL_EVENTS, events);
        set.set(JAVA_INT, POLL_ENTRY + POLL_FD, wakeFd);
        set.set(JAVA_SHORT, POLL_ENTRY + POLL_EVENTS, Posix.POLLIN);
        return set;
    }

    private static long offsetOf(String field) {
        return Posix.POLLFD.byteOffset(MemoryLayout.PathElement.groupElement(field));
    }
}
