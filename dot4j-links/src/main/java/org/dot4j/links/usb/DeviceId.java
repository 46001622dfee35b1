package org.dot4j.links.usb;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * An IEEE 1284 device id ({@code MFG:HP;MDL:Officejet Pro 8600;CMD:MLC,PCL,PML;...}).
 *
 * <p>Keys are case-insensitive, surrounding blanks are ignored, and the long forms are aliases of the short
 * ones: MANUFACTURER = MFG, MODEL = MDL, COMMAND SET = CMD, DESCRIPTION = DES, CLASS = CLS. When a key appears
 * twice, the first value counts. Fields without a colon are ignored. Immutable.
 */
public final class DeviceId {

    /** HPLIP's cap on the device id answer (ieee1284_4.md §7.1); longer answers are cut here. */
    public static final int MAX_ANSWER = 1024;
    /** Size of the big-endian length prefix of a GET_DEVICE_ID answer (it counts itself). */
    public static final int LENGTH_PREFIX = 2;

    private static final Map<String, String> ALIASES = Map.of("MANUFACTURER", "MFG", "MODEL", "MDL",
            "COMMAND SET", "CMD", "DESCRIPTION", "DES", "CLASS", "CLS");
    /** Command-set tokens that announce a 1284.4 or MLC transport (see {@link #mentions1284_4()}). */
    private static final List<String> TRANSPORT_TOKENS = List.of("D4", "DOT4", "MLC");

    private final String text;
    private final Map<String, String> fields;

    private DeviceId(String text, Map<String, String> fields) {
        this.text = text;
        this.fields = Collections.unmodifiableMap(fields);
    }

    /** Parses the id text (without the length prefix). */
    public static DeviceId parse(String text) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (String field : text.split(";")) {
            int colon = field.indexOf(':');
            if (colon < 0) {
                continue;
            }
            String key = canonicalKey(field.substring(0, colon));
            fields.putIfAbsent(key, field.substring(colon + 1).strip());
        }
        return new DeviceId(text.strip(), fields);
    }

    /**
     * Parses the answer to the printer-class GET_DEVICE_ID request: a 2-byte big-endian length that includes
     * itself, then the id. Firmware gets the length wrong in both directions (too large, little-endian), so it
     * is only trusted when it fits what arrived; otherwise the bytes received count. Both are capped at
     * {@link #MAX_ANSWER}, and the text stops at the first NUL.
     *
     * @param answer the buffer the control transfer filled
     * @param received how many bytes of it the transfer actually returned
     */
    public static DeviceId fromAnswer(byte[] answer, int received) {
        int available = Math.min(Math.min(received, answer.length), MAX_ANSWER);
        if (available < LENGTH_PREFIX) {
            throw new IllegalArgumentException("device id answer of " + available + " bytes has no length prefix");
        }
        int declared = (Byte.toUnsignedInt(answer[0]) << 8) | Byte.toUnsignedInt(answer[1]);
        int end = declared >= LENGTH_PREFIX && declared <= available ? declared : available;
        byte[] body = Arrays.copyOfRange(answer, LENGTH_PREFIX, end);
        int nul = 0;
        while (nul < body.length && body[nul] != 0) {
            nul++;
        }
        return parse(new String(body, 0, nul, StandardCharsets.ISO_8859_1));
    }

    /** The value of a key (aliases allowed, any case). */
    public Optional<String> get(String key) {
        return Optional.ofNullable(fields.get(canonicalKey(key)));
    }

    /** MFG, or "" when absent. */
    public String manufacturer() {
        return get("MFG").orElse("");
    }

    /** MDL, or "" when absent. */
    public String model() {
        return get("MDL").orElse("");
    }

    /** DES, or "" when absent. */
    public String description() {
        return get("DES").orElse("");
    }

    /** CLS, or "" when absent. */
    public String deviceClass() {
        return get("CLS").orElse("");
    }

    /** The CMD list, split on commas and trimmed, in order; empty when absent. */
    public List<String> commandSet() {
        return get("CMD").map(cmd -> Arrays.stream(cmd.split(",")).map(String::strip).filter(s -> !s.isEmpty())
                .toList()).orElse(List.of());
    }

    /**
     * Whether the command set announces a 1284.4 or MLC transport: a CMD token equal (ignoring case) to
     * {@code D4} (Epson), {@code DOT4} or {@code MLC} (HP). Whole tokens only: Epson's {@code D4PX} comes with
     * {@code D4} anyway, and {@code END4} is Epson's other framing, which is not 1284.4 (ieee1284_4.md §7.3).
     */
    public boolean mentions1284_4() {
        return commandSet().stream().anyMatch(t -> TRANSPORT_TOKENS.contains(t.toUpperCase(Locale.ROOT)));
    }

    /** All fields under their canonical keys, in the order they appeared. */
    public Map<String, String> fields() {
        return fields;
    }

    /** The id text as received (blanks around it removed). */
    public String text() {
        return text;
    }

    @Override
    public String toString() {
        return text;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DeviceId other && text.equals(other.text);
    }

    @Override
    public int hashCode() {
        return text.hashCode();
    }

    private static String canonicalKey(String key) {
        String upper = key.strip().toUpperCase(Locale.ROOT);
        return ALIASES.getOrDefault(upper, upper);
    }
}
