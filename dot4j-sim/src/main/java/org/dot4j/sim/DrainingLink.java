package org.dot4j.sim;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import org.dot4j.driver.ByteLink;

/**
 * Holds back the news that the host went away until the services have read what it sent. The driver fails every
 * read once its link is down, even of data already received (see the report), so without this a host that closes
 * its print channel, sends Exit and disconnects at once loses the tail of its job. When the host's end of the link
 * reports end of stream (or fails), this link waits until {@code drained} says every service has read what arrived, for
 * at most {@link #DRAIN_GRACE}, and only then reports it; writes after the host went away are dropped.
 *
 * <p>Threading: as {@link ByteLink}; {@link #close()} cuts the wait short.
 */
final class DrainingLink implements ByteLink {

    /** Longest wait for the services to read what a departed host sent. */
    static final Duration DRAIN_GRACE = Duration.ofSeconds(2);
    private static final long POLL_MILLIS = 5;

    private final ByteLink inner;
    private volatile BooleanSupplier drained = () -> true;
    private volatile boolean hostGone;
    private volatile boolean closed;

    DrainingLink(ByteLink inner) {
        this.inner = inner;
    }

    /** Sets the test for "every channel's received data was read". */
    void setDrained(BooleanSupplier test) {
        this.drained = test;
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        if (hostGone) {
            awaitDrained();
            return -1;
        }
        try {
            int n = inner.read(dst);
            if (n < 0) {
                hostGone = true;
                awaitDrained();
            }
            return n;
        } catch (IOException e) {
            if (closed) {
                throw e;
            }
            hostGone = true;
            awaitDrained();
            throw e;
        }
    }

    @Override
    public void write(ByteBuffer src) throws IOException {
        if (!hostGone) {
            try {
                inner.write(src);
                return;
            } catch (IOException e) {
                if (closed) {
                    throw e;
                }
                hostGone = true;
                // The read side may be blocked on a link that will never deliver an end: end it after the grace.
                Thread.ofVirtual().name("sim-drain " + inner.describe()).start(this::closeAfterDrain);
            }
        }
        src.position(src.limit()); // nobody is listening any more: drop it
    }

    @Override
    public String describe() {
        return inner.describe();
    }

    @Override
    public void close() throws IOException {
        closed = true;
        inner.close();
    }

    private void closeAfterDrain() {
        awaitDrained();
        try {
            inner.close();
        } catch (IOException e) {
            // already failing; the reader reports it
        }
    }

    private void awaitDrained() {
        long deadline = System.nanoTime() + DRAIN_GRACE.toNanos();
        try {
            while (!closed && !drained.getAsBoolean() && System.nanoTime() < deadline) {
                Thread.sleep(POLL_MILLIS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
