package org.dot4j.driver;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Optional;
import org.dot4j.api.Dot4Exception;
import org.dot4j.api.IoResult;
import org.dot4j.api.NtStatus;
import org.dot4j.engine.ChannelKey;
import org.dot4j.engine.ChannelMode;
import org.dot4j.engine.ChannelStatus;
import org.dot4j.engine.CloseCause;

/**
 * One channel on the peripheral side: read what the host sends, write answers, close. Reads return 0 bytes
 * ({@link IoResult#isEndOfChannel()}) once the host closed the channel and everything was read.
 *
 * <p>Thread-safe: one reader and one writer may work at once.
 */
public final class PeripheralChannel implements AutoCloseable {

    private final LinkDriver driver;
    private final long id;
    private final ChannelKey key;
    private final ChannelMode mode;
    private final int sendPacketSize;
    private final Duration replyTimeout;
    private boolean closed;

    PeripheralChannel(LinkDriver driver, long id, ChannelStatus status, Duration replyTimeout) {
        this.driver = driver;
        this.id = id;
        this.key = status.key();
        this.mode = status.mode();
        this.sendPacketSize = status.sendPacketSize();
        this.replyTimeout = replyTimeout;
    }

    /** The socket pair on the wire. */
    public ChannelKey key() {
        return key;
    }

    /** Stream or packet. */
    public ChannelMode mode() {
        return mode;
    }

    /** The agreed largest packet toward the host, header included. */
    public int sendPacketSize() {
        return sendPacketSize;
    }

    /** Why the channel ended without our close (peer close, reset, link down); empty while it is open. */
    public Optional<CloseCause> closeCause() throws Dot4Exception {
        return driver.closeCause(id);
    }

    /** Reads up to {@code size} bytes, waiting up to {@code timeoutMillis} (see {@link org.dot4j.api.Dot4Device#read}). */
    public IoResult read(byte[] buffer, int offset, int size, long timeoutMillis) throws Dot4Exception {
        return driver.read(id, mode, buffer, offset, size, timeoutMillis);
    }

    /** Queues bytes for the host; on a packet channel they form one message. */
    public IoResult write(byte[] buffer, int offset, int size, long timeoutMillis) throws Dot4Exception {
        return write(buffer, offset, size, mode == ChannelMode.PACKET, timeoutMillis);
    }

    /**
     * Queues bytes for the host; {@code endOfMessage} marks their last packet as the end of a message, so a relay
     * can pass message ends on as it received them.
     */
    public IoResult write(byte[] buffer, int offset, int size, boolean endOfMessage, long timeoutMillis)
            throws Dot4Exception {
        return driver.write(id, ByteBuffer.wrap(buffer, offset, size), endOfMessage, timeoutMillis);
    }

    /** Writes all bytes or fails: STATUS_IO_TIMEOUT when the host grants no credit within {@code timeoutMillis}. */
    public void writeFully(byte[] buffer, int offset, int size, long timeoutMillis) throws Dot4Exception {
        IoResult r = write(buffer, offset, size, timeoutMillis);
        if (r.bytes() < size) {
            throw new Dot4Exception(NtStatus.STATUS_IO_TIMEOUT, "host took only " + r.bytes() + " of " + size
                    + " bytes on channel " + key + " within " + timeoutMillis + " ms");
        }
    }

    /**
     * Sends what was written, then closes the channel; idempotent. The channel is closed either way; the call
     * fails when written data could not all be sent (the host took nothing for the reply timeout, or closed the
     * channel first) or the link is gone.
     */
    @Override
    public void close() throws Dot4Exception {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        driver.closeDelivering(id, replyTimeout.toNanos(), "the host");
    }
}
