package org.dot4j.sim;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.dot4j.api.Dot4Constants;
import org.dot4j.api.Dot4Exception;
import org.dot4j.api.IoResult;
import org.dot4j.driver.PeripheralChannel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * HP-SCAN (a stream channel): a request line {@code SCAN <bytes>\n} is answered with exactly that many bytes of a
 * test image ({@link #patternByte}), each request starting a new image at byte 0; a malformed line gets
 * {@code ERR <reason>\n}. Then the next request is read.
 *
 * <p>One instance per channel, used by one thread.
 */
public final class ScanService {

    /** Bytes per image row; the first {@value #ROW_COUNTER_BYTES} of each row hold the row number. */
    public static final int ROW_BYTES = 1024;
    /** Big-endian row number at the start of every row, so a lost or repeated chunk shows. */
    public static final int ROW_COUNTER_BYTES = 4;
    /** Largest scan one request may ask for. */
    public static final long MAX_SCAN_BYTES = 1L << 32;
    /** Longest request line accepted. */
    static final int MAX_LINE = 128;
    /** Bytes written per call; also the unit the scan pacing pauses after. */
    static final int CHUNK = 32 * 1024;

    private static final Logger log = LoggerFactory.getLogger(ScanService.class);
    private static final Pattern REQUEST = Pattern.compile("SCAN (\\d{1,19})");
    /** How long a chunk may wait for room while the host grants no credit. */
    private static final long WRITE_TIMEOUT_MILLIS = 60_000;

    private final Duration pacing;
    private final String linkName;

    ScanService(Duration pacing, String linkName) {
        this.pacing = pacing;
        this.linkName = linkName;
    }

    /**
     * Byte {@code index} of the test image: rows of {@value #ROW_BYTES} bytes, each starting with its row number
     * (4 bytes, big-endian) followed by a gradient {@code (column + row) mod 256}.
     */
    public static byte patternByte(long index) {
        long row = index / ROW_BYTES;
        int column = (int) (index % ROW_BYTES);
        if (column < ROW_COUNTER_BYTES) {
            return (byte) (row >>> (8 * (ROW_COUNTER_BYTES - 1 - column)));
        }
        return (byte) (column + row);
    }

    /** Serves requests until the host closes {@code ch}. */
    void serve(PeripheralChannel ch) throws Dot4Exception, InterruptedException {
        log.info("{}: scan channel {} opened", linkName, ch.key());
        byte[] buffer = new byte[1024];
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        while (true) {
            IoResult r = ch.read(buffer, 0, buffer.length, Dot4Constants.INFINITE);
            if (r.isEndOfChannel()) {
                break;
            }
            for (int i = 0; i < r.bytes(); i++) {
                if (buffer[i] == '\n') {
                    handle(ch, line.toString(StandardCharsets.US_ASCII));
                    line.reset();
                } else if (line.size() == MAX_LINE) {
                    reply(ch, "ERR request line longer than " + MAX_LINE + " bytes");
                    line.reset();
                } else {
                    line.write(buffer[i]);
                }
            }
        }
        log.info("{}: scan channel {} closed", linkName, ch.key());
    }

    private void handle(PeripheralChannel ch, String request) throws Dot4Exception, InterruptedException {
        String text = request.endsWith("\r") ? request.substring(0, request.length() - 1) : request;
        Matcher m = REQUEST.matcher(text);
        if (!m.matches()) {
            log.info("{}: malformed scan request '{}'", linkName, text);
            reply(ch, "ERR expected 'SCAN <bytes>', got '" + text.replaceAll("[^\\x20-\\x7E]", "?") + "'");
            return;
        }
        long size = Long.parseLong(m.group(1));
        if (size > MAX_SCAN_BYTES) {
            reply(ch, "ERR " + size + " bytes is more than the " + MAX_SCAN_BYTES + " a scan may have");
            return;
        }
        log.info("{}: scanning {} bytes on {}", linkName, size, ch.key());
        byte[] chunk = new byte[CHUNK];
        for (long sent = 0; sent < size; ) {
            int n = (int) Math.min(CHUNK, size - sent);
            for (int i = 0; i < n; i++) {
                chunk[i] = patternByte(sent + i);
            }
            ch.writeFully(chunk, 0, n, WRITE_TIMEOUT_MILLIS);
            sent += n;
            if (!pacing.isZero()) {
                Thread.sleep(pacing);
            }
        }
        log.debug("{}: scan of {} bytes queued on {}", linkName, size, ch.key());
    }

    private static void reply(PeripheralChannel ch, String text) throws Dot4Exception {
        byte[] bytes = (text + "\n").getBytes(StandardCharsets.US_ASCII);
        ch.writeFully(bytes, 0, bytes.length, WRITE_TIMEOUT_MILLIS);
    }
}
