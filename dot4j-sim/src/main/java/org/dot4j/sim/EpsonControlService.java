package org.dot4j.sim;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;
import org.dot4j.api.Dot4Constants;
import org.dot4j.api.Dot4Exception;
import org.dot4j.api.IoResult;
import org.dot4j.driver.PeripheralChannel;
import org.dot4j.wire.WireFormat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * EPSON-CTRL: two-letter commands, each followed by a little-endian 16-bit payload length and the payload
 * (reference §9). {@code st} answers the binary status, {@code di} the identity, anything else
 * {@code xx:NA;}. Each answer is written at once, so it leaves as one data packet when the host grants credit:
 * escputil grants exactly one credit and reads exactly one packet (§12.7).
 *
 * <p>One instance per channel, used by one thread.
 */
final class EpsonControlService {

    private static final Logger log = LoggerFactory.getLogger(EpsonControlService.class);
    /** Command letters plus the length field. */
    private static final int COMMAND_HEADER = 4;
    /** Answers wait this long for room in the send queue (they never wait for credit to be queued). */
    private static final long WRITE_TIMEOUT_MILLIS = 60_000;

    private final SimConfig config;
    private final Supplier<SimConfig.EpsonStatus> status;
    private final String linkName;

    EpsonControlService(SimConfig config, Supplier<SimConfig.EpsonStatus> status, String linkName) {
        this.config = config;
        this.status = status;
        this.linkName = linkName;
    }

    /** Answers commands until the host closes {@code ch}. */
    void serve(PeripheralChannel ch) throws Dot4Exception {
        log.info("{}: Epson control channel {} opened", linkName, ch.key());
        byte[] buffer = new byte[4096];
        ByteArrayOutputStream pending = new ByteArrayOutputStream();
        while (true) {
            IoResult r = ch.read(buffer, 0, buffer.length, Dot4Constants.INFINITE);
            if (r.isEndOfChannel()) {
                break;
            }
            pending.write(buffer, 0, r.bytes());
            byte[] bytes = pending.toByteArray();
            int used = answerAll(ch, bytes);
            pending.reset();
            pending.write(bytes, used, bytes.length - used);
        }
        log.info("{}: Epson control channel {} closed", linkName, ch.key());
    }

    /** Answers every whole command at the start of {@code bytes}; returns the bytes used. */
    private int answerAll(PeripheralChannel ch, byte[] bytes) throws Dot4Exception {
        int at = 0;
        while (bytes.length - at >= COMMAND_HEADER) {
            int length = (bytes[at + 2] & 0xFF) | (bytes[at + 3] & 0xFF) << 8;
            if (bytes.length - at < COMMAND_HEADER + length) {
                break;
            }
            String command = new String(bytes, at, 2, StandardCharsets.ISO_8859_1);
            at += COMMAND_HEADER + length;
            answer(ch, command, length);
        }
        return at;
    }

    private void answer(PeripheralChannel ch, String command, int payloadLength) throws Dot4Exception {
        byte[] reply = switch (command) {
            case "st" -> EpsonReplies.status(status.get());
            case "di" -> EpsonReplies.identity(config);
            default -> EpsonReplies.unsupported(command);
        };
        log.info("{}: Epson command '{}' ({} payload bytes) answered with {} bytes", linkName, printable(command),
                payloadLength, reply.length);
        int room = ch.sendPacketSize() - WireFormat.HEADER_SIZE;
        if (reply.length > room) {
            log.error("{}: the '{}' answer of {} bytes does not fit one {}-byte packet on {}; Epson hosts read only "
                    + "the first packet: ask for a larger channel size", linkName, printable(command), reply.length,
                    ch.sendPacketSize(), ch.key());
        }
        ch.writeFully(reply, 0, reply.length, WRITE_TIMEOUT_MILLIS);
    }

    private static String printable(String command) {
        StringBuilder b = new StringBuilder();
        for (char c : command.toCharArray()) {
            b.append(c >= 0x20 && c < 0x7F ? String.valueOf(c) : String.format("\\x%02X", (int) c));
        }
        return b.toString();
    }
}
