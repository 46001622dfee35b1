package org.dot4j.links.tty;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.OptionalInt;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import org.dot4j.driver.ByteLink;
import org.dot4j.driver.LinkListener;

/**
 * A peripheral's end of a pseudo-terminal: hosts open the slave device ({@link #address()}, e.g.
 * {@code tty:/dev/pts/3}) as if it were a printer's serial line, and the peripheral talks through the master.
 *
 * <p>How hosts are served: {@link #open()} makes the slave raw before any host can open it (§12 item 10:
 * hosts such as d4lib never configure the terminal) and keeps one slave descriptor open for the listener's
 * lifetime. That descriptor is what makes successive hosts work: the raw settings stay on the line, and the
 * master never reads EIO when a host closes the slave, so the next host that opens it simply continues the
 * byte stream. A pty reports no "host arrived" or "host left" events, so host sessions are told apart by
 * the protocol itself (a new host starts with the Epson entry packet or Init, §12 items 1, 2 and 9).
 *
 * <p>{@link #accept()} therefore returns at once with a link over the master; only one such link exists at a
 * time, and a further {@code accept()} blocks until it is closed, then returns a fresh link over the same
 * master. The fresh link starts by discarding what the previous link wrote but no host read, so a new host
 * never receives replies meant for an earlier one; bytes a host already wrote are kept.
 *
 * <p>Threading: {@link #accept()} may block one thread; {@link #close()} from another unblocks it with an
 * IOException. Closing the listener closes the kept slave descriptor; an accepted link stays usable (as
 * {@link LinkListener} promises) and the master closes when that link does.
 */
public final class PtyListener implements LinkListener {

    private final int master;
    private final int keptSlave;
    private final String slavePath;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition linkReleased = lock.newCondition();
    private TtyLink current;
    private boolean everAccepted;
    private boolean closed;

    private PtyListener(int master, int keptSlave, String slavePath) {
        this.master = master;
        this.keptSlave = keptSlave;
        this.slavePath = slavePath;
    }

    /**
     * Creates a pty ({@code posix_openpt}, {@code grantpt}, {@code unlockpt}, {@code ptsname_r}), opens its
     * slave with {@code O_NOCTTY} (so it never becomes this process's controlling terminal) and makes it raw.
     */
    public static PtyListener open() throws IOException {
        int master = Posix.posixOpenpt(Posix.O_RDWR | Posix.O_NOCTTY | Posix.O_CLOEXEC);
        int slave = -1;
        try {
            Posix.grantpt(master);
            Posix.unlockpt(master);
            String slavePath = Posix.ptsname(master);
            slave = Posix.open(slavePath, Posix.O_RDWR | Posix.O_NOCTTY | Posix.O_CLOEXEC);
            Termios.makeRaw(slave, OptionalInt.empty(), slavePath);
            return new PtyListener(master, slave, slavePath);
        } catch (IOException | RuntimeException e) {
            if (slave >= 0) {
                Posix.close(slave, "pty slave");
            }
            Posix.close(master, "/dev/ptmx");
            throw e;
        }
    }

    /**
     * Returns a link over the pty master: at once for the first call, otherwise once the previous link was
     * closed.
     *
     * @throws IOException when the listener is or gets closed
     */
    @Override
    public ByteLink accept() throws IOException {
        lock.lock();
        try {
            while (current != null && !closed) {
                linkReleased.await();
            }
            if (closed) {
                throw new IOException("listener closed: " + address());
            }
            if (everAccepted) {
                // Output of the previous link that no host read would reach the next host as stale replies.
                Posix.tcflush(keptSlave, Posix.TCIFLUSH, slavePath);
            }
            everAccepted = true;
            current = new TtyLink(master, "tty:" + slavePath + " (pty master)", this::release);
            return current;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for the link over " + address() + " to close");
        } finally {
            lock.unlock();
        }
    }

    /** Where hosts open the line, e.g. {@code tty:/dev/pts/3}. */
    @Override
    public String address() {
        return "tty:" + slavePath;
    }

    /** The slave device's path, e.g. {@code /dev/pts/3}. */
    public String slavePath() {
        return slavePath;
    }

    /** Closes the kept slave descriptor and the master (once no accepted link uses it); unblocks accept(). */
    @Override
    public void close() throws IOException {
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            linkReleased.signalAll();
            Posix.close(keptSlave, slavePath);
            if (current == null) {
                Posix.close(master, "/dev/ptmx");
            }
        } finally {
            lock.unlock();
        }
    }

    /** Called by the accepted link's close(), after its reads and writes have left the master. */
    private void release() throws IOException {
        lock.lock();
        try {
            current = null;
            if (closed) {
                Posix.close(master, "/dev/ptmx");
            } else {
                linkReleased.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }
}
