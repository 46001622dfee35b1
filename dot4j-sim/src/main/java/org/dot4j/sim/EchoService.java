package org.dot4j.sim;

import java.io.ByteArrayOutputStream;
import org.dot4j.api.Dot4Constants;
import org.dot4j.api.Dot4Exception;
import org.dot4j.api.IoResult;
import org.dot4j.api.NtStatus;
import org.dot4j.driver.PeripheralChannel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * ECHO (a packet channel): every message comes back as it was received, boundaries kept.
 *
 * <p>One instance per channel, used by one thread.
 */
final class EchoService {

    private static final Logger log = LoggerFactory.getLogger(EchoService.class);
    private static final int READ_CHUNK = 64 * 1024;
    /** How long one answer may wait for the host's credit. */
    private static final long WRITE_TIMEOUT_MILLIS = 60_000;

    private final String linkName;
    private final int maxMessage;

    /** {@code maxMessage}: the most bytes of one message held before its end-of-message. */
    EchoService(String linkName, int maxMessage) {
        this.linkName = linkName;
        this.maxMessage = maxMessage;
    }

    /** Echoes messages until the host closes {@code ch}, or closes it after a message longer than the limit. */
    void serve(PeripheralChannel ch) throws Dot4Exception {
        log.info("{}: echo channel {} opened", linkName, ch.key());
        byte[] buffer = new byte[READ_CHUNK];
        ByteArrayOutputStream message = new ByteArrayOutputStream();
        long messages = 0;
        while (true) {
            IoResult r = ch.read(buffer, 0, buffer.length, Dot4Constants.INFINITE);
            if (r.isEndOfChannel()) {
                break;
            }
            if (message.size() + r.bytes() > maxMessage) {
                // Holding a message that never ends would let one host take all memory: refuse it by closing.
                log.warn("{}: echo channel {}: a message longer than {} bytes without end-of-message; closing the channel",
                        linkName, ch.key(), maxMessage);
                return;
            }
            message.write(buffer, 0, r.bytes());
            if (r.status() == NtStatus.STATUS_BUFFER_OVERFLOW) {
                continue; // more of the same message follows
            }
            byte[] whole = message.toByteArray();
            message.reset();
            // One write is one message on a packet channel.
            ch.writeFully(whole, 0, whole.length, WRITE_TIMEOUT_MILLIS);
            messages++;
            log.debug("{}: echoed a {}-byte message on {}", linkName, whole.length, ch.key());
        }
        log.info("{}: echo channel {} closed after {} messages", linkName, ch.key(), messages);
    }
}
