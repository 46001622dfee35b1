package org.dot4j.sim;

import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;
import org.dot4j.api.Dot4Constants;
import org.dot4j.api.Dot4Exception;
import org.dot4j.driver.PeripheralChannel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * HP-STATUS opened by the host (the notifier's socket, which also pushes lines by itself): sends the status line
 * of {@link StatusNotifier} at once and again for every byte the host sends, until the host closes the channel.
 * One instance per channel, used by one thread.
 */
final class StatusService {

    private static final Logger log = LoggerFactory.getLogger(StatusService.class);
    private static final long WRITE_TIMEOUT_MILLIS = 60_000;

    private final String linkName;
    private final Supplier<String> statusLine;

    StatusService(String linkName, Supplier<String> statusLine) {
        this.linkName = linkName;
        this.statusLine = statusLine;
    }

    /** Answers until the host closes {@code ch}. */
    void serve(PeripheralChannel ch) throws Dot4Exception {
        log.info("{}: status channel {} opened", linkName, ch.key());
        byte[] request = new byte[256];
        do {
            byte[] line = statusLine.get().getBytes(StandardCharsets.US_ASCII);
            ch.writeFully(line, 0, line.length, WRITE_TIMEOUT_MILLIS);
        } while (!ch.read(request, 0, request.length, Dot4Constants.INFINITE).isEndOfChannel());
        log.info("{}: status channel {} closed", linkName, ch.key());
    }
}
