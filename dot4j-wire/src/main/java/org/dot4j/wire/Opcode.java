package org.dot4j.wire;

import java.util.Optional;

/** Command bytes of the transaction channel; a reply is the command byte with 0x80 set (reference §3.1). */
public enum Opcode {
    INIT(0x00, true),
    OPEN_CHANNEL(0x01, true),
    CLOSE_CHANNEL(0x02, true),
    CREDIT(0x03, true),
    CREDIT_REQUEST(0x04, true),
    /** MLC only, layout unknown (§6.1); recognised so it can be refused with the right code. */
    DEBIT(0x05, false),
    /** MLC only, layout unknown. */
    DEBIT_REQUEST(0x06, false),
    /** MLC only ({@link MlcCodec}); the 1284.4 codec refuses it. */
    CONFIG_SOCKET(0x07, false),
    EXIT(0x08, true),
    GET_SOCKET_ID(0x09, true),
    GET_SERVICE_NAME(0x0A, true),
    /** Epson's "enter packet mode" (§7.3). */
    EPSON_PACKING(0x45, true),
    /** Has no reply. */
    ERROR(0x7F, true);

    /** Bit that turns a command byte into its reply byte. */
    public static final int REPLY_BIT = 0x80;

    private final int wire;
    private final boolean supported;

    Opcode(int wire, boolean supported) {
        this.wire = wire;
        this.supported = supported;
    }

    /** The command byte. */
    public int wire() {
        return wire;
    }

    /** The reply byte. */
    public int replyWire() {
        return wire | REPLY_BIT;
    }

    /** False for the MLC-only transactions the 1284.4 codec answers with Error 0x87. */
    public boolean isSupported() {
        return supported;
    }

    /** The opcode of a command byte (reply bit cleared by the caller), empty when undefined. */
    public static Optional<Opcode> fromWire(int commandByte) {
        for (Opcode op : values()) {
            if (op.wire == commandByte) {
                return Optional.of(op);
            }
        }
        return Optional.empty();
    }
}
