package org.dot4j.driver;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;

/**
 * One bidirectional byte stream that carries a 1284.4 conversation: a socket, a tty, a USB pipe pair,
 * an in-memory pipe. Links know nothing of packets; the engine frames the stream itself.
 *
 * <p>Threading: one thread reads while another writes; {@link #close()} may come from any thread and
 * must unblock both a blocked {@link #read} and a blocked {@link #write} promptly (within a second).
 */
public interface ByteLink extends Closeable {

    /**
     * Reads at least one byte into {@code dst}, blocking until some arrive.
     *
     * @return the number of bytes read, or -1 when the peer closed the stream
     * @throws IOException when the link fails or was closed under the caller
     */
    int read(ByteBuffer dst) throws IOException;

    /** Writes every remaining byte of {@code src}, blocking until the link took them all. */
    void write(ByteBuffer src) throws IOException;

    /**
     * True when every {@link #write} call becomes one transfer that the peer reads with exact lengths, as a
     * USB device's bulk IN does for HPLIP, which reads the 6-byte header and then the body as two transfers
     * and loses what overruns them (reference §7.1, §12 item 11). The driver then writes each packet's header
     * and body with a call of their own ({@link PacketWrites}). Stream links keep the default, false: they
     * take the engine's batch in one call.
     */
    default boolean transferPerPacketPart() {
        return false;
    }

    /**
     * Drops what the peer sent before this link was opened and the link still holds. USB devices and ttys keep it
     * across opens, and nothing tells a USB device that a host closed: a host whose last bulk IN transfer took a
     * packet's header left the body, which a framer would take for a header whose LENGTH swallows the packets after
     * it. Reads until nothing arrives for {@code quiet}, timed where the bytes wait (a transfer or poll timeout, so a
     * slow start on our side is not taken for silence), for at most {@code limit}. Call it before the first
     * {@link #read}. Links whose every connection starts fresh (sockets, memory) keep the default: nothing to drop.
     *
     * @return the number of bytes dropped
     */
    default long dropStale(Duration quiet, Duration limit) throws IOException {
        return 0;
    }

    /** What this link is connected to, for messages and logs (usually its URI). */
    String describe();

    /** Closes the link; idempotent, and unblocks pending reads and writes. */
    @Override
    void close() throws IOException;
}
