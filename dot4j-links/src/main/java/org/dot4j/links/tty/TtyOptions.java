package org.dot4j.links.tty;

import java.util.List;
import java.util.OptionalInt;
import java.util.stream.Collectors;

/**
 * How {@link TtyLink#open} sets up a terminal device; written as the query of a {@code tty:} URI, e.g.
 * {@code tty:/dev/ttyS0?baud=115200} or {@code tty:/dev/pts/3?raw=false}.
 *
 * @param baud the line speed in bit/s for a serial port; empty leaves the speed as it is (ptys ignore it)
 * @param raw  whether to put a terminal into raw binary mode (the default); {@code false} keeps the settings
 *             made elsewhere, e.g. by {@code stty} or by a {@link PtyListener} that already made its pty raw
 */
public record TtyOptions(OptionalInt baud, boolean raw) {

    /** The query keys of a {@code tty:} URI besides the host's. */
    public static final List<String> KEYS = List.of("baud", "raw");

    /** Raw mode, speed unchanged. */
    public static final TtyOptions DEFAULTS = new TtyOptions(OptionalInt.empty(), true);

    /** Checks that the speed is one a Linux serial port supports. */
    public TtyOptions {
        if (baud.isPresent() && !Termios.SPEED_CODES.containsKey(baud.getAsInt())) {
            throw new IllegalArgumentException("unsupported baud rate " + baud.getAsInt() + "; use one of "
                    + Termios.SPEED_CODES.keySet().stream().map(String::valueOf).collect(Collectors.joining(", ")));
        }
    }

    /**
     * Parses a URI query such as {@code baud=115200&raw=false} (a leading {@code ?} is allowed; null or empty
     * gives {@link #DEFAULTS}).
     *
     * @throws IllegalArgumentException naming an unknown key, a malformed pair or an unsupported baud rate
     */
    public static TtyOptions parseQuery(String query) {
        OptionalInt baud = OptionalInt.empty();
        boolean raw = true;
        if (query == null) {
            return DEFAULTS;
        }
        String body = query.startsWith("?") ? query.substring(1) : query;
        for (String pair : body.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("tty option '" + pair + "' is not key=value; known keys: " + String.join(", ", KEYS));
            }
            String key = pair.substring(0, eq);
            String value = pair.substring(eq + 1);
            switch (key) {
                case "baud" -> baud = OptionalInt.of(parseBaud(value));
                case "raw" -> raw = parseBoolean(value);
                default -> throw new IllegalArgumentException("unknown tty option '" + key + "'; known keys: " + String.join(", ", KEYS));
            }
        }
        return new TtyOptions(baud, raw);
    }

    private static int parseBaud(String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("baud must be a number of bit/s such as 115200, not '" + value + "'", e);
        }
    }

    private static boolean parseBoolean(String value) {
        return switch (value) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException("raw must be true or false, not '" + value + "'");
        };
    }
}
