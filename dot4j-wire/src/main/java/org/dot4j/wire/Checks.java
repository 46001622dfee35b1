package org.dot4j.wire;

/** Range checks shared by the transaction records; each names the field and the bad value. */
final class Checks {

    private Checks() {}

    static void u8(String field, int value) {
        if (value < 0 || value > 0xFF) {
            throw new IllegalArgumentException(field + " " + value + " outside 0..255");
        }
    }

    static void u16(String field, int value) {
        if (value < 0 || value > 0xFFFF) {
            throw new IllegalArgumentException(field + " " + value + " outside 0..65535");
        }
    }

    static void serviceName(String name) {
        if (name == null || name.isEmpty() || name.length() > WireFormat.MAX_SERVICE_NAME) {
            throw new IllegalArgumentException("service name must be 1.." + WireFormat.MAX_SERVICE_NAME
                    + " characters, got " + (name == null ? "null" : "\"" + name + "\""));
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c < 0x20 || c > 0x7E) {
                throw new IllegalArgumentException("service name \"" + name + "\" has a non-printable or non-ASCII"
                        + " character at " + i);
            }
        }
    }
}
