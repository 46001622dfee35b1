package org.dot4j.sim;

import java.io.IOException;
import java.nio.file.Path;
import java.util.function.Supplier;
import org.dot4j.api.Dot4Constants;
import org.dot4j.api.Dot4Exception;
import org.dot4j.api.IoResult;
import org.dot4j.api.NtStatus;
import org.dot4j.driver.PeripheralChannel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * PRINT and EPSON-DATA: every channel that carries data is one job. Bytes from the open to the host's close go to
 * the spool; a job whose channel ended any other way is kept with the {@code .incomplete} suffix. Only the host's
 * CloseChannel says a job is whole. Exit is an orderly end of the link, but hosts close their channels before it
 * (reference §4.1 step 7); one that exits with the channel still open never said its job ended (a program stopped
 * mid-job closes its link this way), so its job is incomplete too.
 *
 * <p>One instance per channel, used by one thread.
 */
final class PrintService {

    private static final Logger log = LoggerFactory.getLogger(PrintService.class);
    private static final int READ_CHUNK = 64 * 1024;

    private final Spool spool;
    private final String linkName;

    PrintService(Spool spool, String linkName) {
        this.spool = spool;
        this.linkName = linkName;
    }

    /** Spools what arrives on {@code ch} until it ends; {@code end} says how it ended once it has. */
    void serve(PeripheralChannel ch, Supplier<LinkSession.ChannelEnd> end) throws Dot4Exception, IOException {
        byte[] buffer = new byte[READ_CHUNK];
        try (Spool.Job job = spool.newJob()) {
            boolean whole;
            try {
                while (true) {
                    IoResult r = ch.read(buffer, 0, buffer.length, Dot4Constants.INFINITE);
                    if (r.isEndOfChannel()) {
                        break;
                    }
                    boolean first = !job.started();
                    job.write(buffer, 0, r.bytes());
                    if (first) {
                        log.info("{}: print job {} started on channel {}", linkName, job.name(), ch.key());
                    }
                }
                LinkSession.ChannelEnd how = end.get();
                whole = how == LinkSession.ChannelEnd.CLOSED_BY_HOST;
                log.debug("{}: channel {} ended: {}", linkName, ch.key(), how);
            } catch (Dot4Exception e) {
                if (e.status() != NtStatus.STATUS_DEVICE_NOT_CONNECTED) {
                    throw e;
                }
                whole = false; // the host vanished with the link
            }
            Path file = job.finish(whole);
            if (file == null) {
                log.debug("{}: channel {} carried no data: no job", linkName, ch.key());
            } else if (whole) {
                log.info("{}: print job {} spooled, {} bytes", linkName, file.getFileName(), job.bytes());
            } else {
                log.info("{}: print job {} cut short after {} bytes: the channel ended without the host's close", linkName, file.getFileName(), job.bytes());
            }
        }
    }
}
