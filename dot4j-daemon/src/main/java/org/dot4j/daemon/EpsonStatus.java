package org.dot4j.daemon;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.dot4j.api.Dot4Device;
import org.dot4j.api.Dot4Exception;
import org.dot4j.api.IoResult;
import org.dot4j.api.NtStatus;

/**
 * An Epson status answer from EPSON-CTRL, parsed the way escputil reads it (reference §9): the binary
 * {@code @BDC ST2\r\n} form (16-bit little-endian length, then type/length/value fields) or the older text
 * form {@code @BDC ST\r\nST:..;ER:..;IQ:..;}. {@code dot4 status} and the daemon's status page ask with
 * {@link #query}.
 *
 * @param status printer state code (field 0x01), -1 when absent
 * @param error error code (field 0x02), -1 when absent
 * @param inks ink entries in the order given
 */
public record EpsonStatus(int status, int error, List<Ink> inks) {

    /**
     * One ink.
     *
     * @param colour its name from escputil's tables
     * @param level its level in percent
     */
    public record Ink(String colour, int level) {}

    /** The status request: "st", 16-bit little-endian length 1, payload 1 (reference §9). */
    static final byte[] STATUS_REQUEST = {'s', 't', 1, 0, 1};
    /** Room for the answer: one packet. */
    private static final int ANSWER_SIZE = 4096;

    private static final String[] FIRST_BYTE_NAMES = {"Black", "Photo Black", "Unknown", "Cyan", "Magenta", "Yellow",
        "Light Cyan", "Light Magenta", "Unknown", "Unknown", "Light Black", "Matte Black", "Red", "Blue",
        "Gloss Optimizer", "Light Light Black", "Orange"};

    /**
     * Sends the status request on a channel of EPSON-CTRL and parses the one-packet answer; the channel is closed
     * again, the socket is the caller's.
     *
     * @param hostSocket a host socket created for the service EPSON-CTRL
     * @throws Dot4Exception STATUS_IO_TIMEOUT when no answer came within {@code timeoutMillis},
     *     STATUS_DEVICE_PROTOCOL_ERROR when it is not a status answer, or the channel's failure
     */
    public static EpsonStatus query(Dot4Device client, int hostSocket, long timeoutMillis) throws Dot4Exception {
        int handle = client.openChannel(hostSocket, false);
        try {
            client.write(handle, STATUS_REQUEST, 0, STATUS_REQUEST.length, timeoutMillis);
            byte[] answer = new byte[ANSWER_SIZE];
            IoResult r = client.read(handle, answer, 0, answer.length, timeoutMillis);
            if (r.bytes() == 0) {
                throw new Dot4Exception(NtStatus.STATUS_IO_TIMEOUT, "EPSON-CTRL did not answer 'st' within " + timeoutMillis + " ms");
            }
            try {
                return parse(answer, r.bytes());
            } catch (IllegalArgumentException e) {
                throw new Dot4Exception(NtStatus.STATUS_DEVICE_PROTOCOL_ERROR, e.getMessage() + ": "
                        + new String(answer, 0, Math.min(40, r.bytes()), StandardCharsets.ISO_8859_1));
            }
        } finally {
            client.closeChannel(handle);
        }
    }

    /** Parses an answer; throws IllegalArgumentException naming what is wrong. */
    static EpsonStatus parse(byte[] answer, int length) {
        String text = new String(answer, 0, Math.min(length, 16), StandardCharsets.ISO_8859_1);
        if (text.startsWith("@BDC ST2\r\n")) {
            return parseBinary(answer, length);
        }
        if (text.startsWith("@BDC ST\r\n") || text.startsWith("st")) {
            return parseText(new String(answer, 0, length, StandardCharsets.ISO_8859_1));
        }
        throw new IllegalArgumentException("not an Epson status answer (starts with \"" + text.strip() + "\")");
    }

    private static EpsonStatus parseBinary(byte[] a, int length) {
        int at = 10;
        if (length < at + 2) {
            throw new IllegalArgumentException("status answer of " + length + " bytes has no length field");
        }
        int end = Math.min(length, at + 2 + ((a[at] & 0xFF) | (a[at + 1] & 0xFF) << 8));
        at += 2;
        int status = -1;
        int error = -1;
        List<Ink> inks = new ArrayList<>();
        while (at + 2 <= end) {
            int type = a[at] & 0xFF;
            int len = a[at + 1] & 0xFF;
            int value = at + 2;
            if (value + len > end) {
                throw new IllegalArgumentException(String.format("field 0x%02X of %d bytes runs past the answer", type, len));
            }
            switch (type) {
                case 0x01 -> status = len > 0 ? a[value] & 0xFF : -1;
                case 0x02 -> error = len > 0 ? a[value] & 0xFF : -1;
                case 0x0F -> inks.addAll(parseInks(a, value, len));
                default -> { }
            }
            at = value + len;
        }
        return new EpsonStatus(status, error, inks);
    }

    private static List<Ink> parseInks(byte[] a, int at, int len) {
        List<Ink> inks = new ArrayList<>();
        int size = len > 0 ? a[at] & 0xFF : 0;
        if (size == 0) {
            return inks;
        }
        for (int e = at + 1; e + size <= at + len; e += size) {
            int first = a[e] & 0xFF;
            int second = size > 1 ? a[e + 1] & 0xFF : 0;
            int level = a[e + size - 1] & 0xFF;
            inks.add(new Ink(name(first, second, size), level));
        }
        return inks;
    }

    /** escputil names by the first byte when it is below 17 and entries are 3 bytes, else by the second. */
    static String name(int first, int second, int size) {
        if (size == 3 && first < FIRST_BYTE_NAMES.length) {
            return FIRST_BYTE_NAMES[first];
        }
        return switch (second) {
            case 0 -> "Black";
            case 1 -> "Cyan";
            case 2 -> "Magenta";
            case 3 -> "Yellow";
            case 4 -> "Light Cyan";
            case 5 -> "Light Magenta";
            case 9, 0x13, 0x16 -> "Red";
            case 0x0A -> "Blue";
            case 0x0D -> "Orange";
            default -> "Unknown";
        };
    }

    private static EpsonStatus parseText(String s) {
        int status = -1;
        int error = -1;
        List<Ink> inks = new ArrayList<>();
        for (String field : s.substring(s.indexOf('\n') + 1).split(";")) {
            int colon = field.indexOf(':');
            if (colon < 0) {
                continue;
            }
            String key = field.substring(0, colon).strip();
            String value = field.substring(colon + 1).strip();
            try {
                switch (key) {
                    case "ST" -> status = Integer.parseInt(value, 16);
                    case "ER" -> error = Integer.parseInt(value, 16);
                    case "IQ" -> {
                        for (int i = 0; i + 2 <= value.length(); i += 2) {
                            inks.add(new Ink(name(i / 2 < 6 ? new int[] {0, 3, 4, 5, 6, 7}[i / 2] : 2, 0, 3),
                                    Integer.parseInt(value.substring(i, i + 2), 16)));
                        }
                    }
                    default -> { }
                }
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("status field " + key + " has a bad value \"" + value + "\"");
            }
        }
        return new EpsonStatus(status, error, inks);
    }

    /** A word for the state code, as Epson status monitors show it. */
    public String statusText() {
        return switch (status) {
            case 0x00 -> "error";
            case 0x01 -> "self-printing";
            case 0x02 -> "busy";
            case 0x03 -> "waiting";
            case 0x04 -> "ready";
            case 0x05 -> "paused";
            case 0x07 -> "cleaning";
            case 0x0A -> "ink drying";
            case -1 -> "unknown";
            default -> String.format("state 0x%02X", status);
        };
    }
}
