package org.dot4j.api;

import java.util.HexFormat;

/** Golden byte vectors written as spaced hex, as in the offset tables of d4drvif.md §2. */
final class HexBytes {

    private HexBytes() {
    }

    /** Parses hex digits, ignoring spaces, e.g. {@code "02 01 00 00"}. */
    static byte[] parse(String spacedHex) {
        return HexFormat.of().parseHex(spacedHex.replace(" ", ""));
    }

    /** Formats bytes as upper-case hex separated by spaces, for readable assertion failures. */
    static String format(byte[] bytes) {
        return HexFormat.ofDelimiter(" ").withUpperCase().formatHex(bytes);
    }

    /** Normalises a hand-written vector to the output of {@link #format}. */
    static String normalise(String spacedHex) {
        return format(parse(spacedHex));
    }
}
