package org.dot4j.wire;

/** Codes of the Error transaction (0x7F), reported by the receiver of a bad packet (reference §3.6). */
public enum ErrorCode {
    MALFORMED_PACKET(0x80, "malformed packet; all fields ignored"),
    NO_CREDIT(0x81, "packet received for which no credit had been granted"),
    UNMATCHED_REPLY(0x82, "reply that matches no outstanding command"),
    PACKET_TOO_LARGE(0x83, "data packet larger than the negotiated maximum"),
    CHANNEL_NOT_OPEN(0x84, "data packet for a channel that is not open"),
    UNKNOWN_RESULT(0x85, "reply with an unknown result value"),
    CREDIT_OVERFLOW(0x86, "piggy-backed credit overflowed the channel's credit"),
    UNKNOWN_TRANSACTION(0x87, "unknown or unsupported command or reply"),
    /** A code outside the table: kept so a peer's odd Error packet still decodes. */
    UNKNOWN(-1, "error code not defined by the reference");

    private final int wire;
    private final String meaning;

    ErrorCode(int wire, String meaning) {
        this.wire = wire;
        this.meaning = meaning;
    }

    /** The byte on the wire; -1 for {@link #UNKNOWN}. */
    public int wire() {
        return wire;
    }

    /** One line from the reference. */
    public String meaning() {
        return meaning;
    }

    /** The code for a wire byte, {@link #UNKNOWN} when it is not in the table. */
    public static ErrorCode fromWire(int value) {
        for (ErrorCode code : values()) {
            if (code.wire == value) {
                return code;
            }
        }
        return UNKNOWN;
    }
}
