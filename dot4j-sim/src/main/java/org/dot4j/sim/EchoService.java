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

    EchoService(String linkName) {
        this.linkName = linkName;
    }

    /** Echoes messages until the host closes {@code ch}. */
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
