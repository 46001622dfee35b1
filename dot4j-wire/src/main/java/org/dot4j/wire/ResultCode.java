package org.dot4j.wire;

import java.util.Optional;

/** Result byte of every transaction reply (reference §3.5). */
public enum ResultCode {
    SUCCESS(0x00, "success"),
    UNABLE_TO_BEGIN(0x01, "unable to begin conversation now, try later"),
    REVISION_NOT_SUPPORTED(0x02, "protocol revision not supported"),
    CANNOT_CLOSE_TRANSACTION_CHANNEL(0x03, "transaction channel cannot be closed"),
    INSUFFICIENT_RESOURCES(0x04, "insufficient resources now"),
    CONNECTION_DENIED(0x05, "connection denied"),
    CHANNEL_ALREADY_OPEN(0x06, "channel already open"),
    CREDIT_OVERFLOW(0x07, "credit overflow, previous credit still valid"),
    CHANNEL_NOT_OPEN(0x08, "channel not open"),
    SERVICE_NOT_AVAILABLE(0x09, "service not available on that socket"),
    SERVICE_NAME_NOT_FOUND(0x0A, "service name to socket id failed"),
    INIT_FAILED(0x0B, "Init transaction failed"),
    INVALID_PACKET_SIZE(0x0C, "invalid packet size (1..5 requested)"),
    ZERO_PACKET_SIZES(0x0D, "requested packet size is 0 in both directions");

    private final int wire;
    private final String meaning;

    ResultCode(int wire, String meaning) {
        this.wire = wire;
        this.meaning = meaning;
    }

    /** The byte on the wire. */
    public int wire() {
        return wire;
    }

    /** One line from the reference. */
    public String meaning() {
        return meaning;
    }

    /** The code for a wire byte; empty for values the reference does not define (Error 0x85). */
    public static Optional<ResultCode> fromWire(int value) {
        for (ResultCode code : values()) {
            if (code.wire == value) {
                return Optional.of(code);
            }
        }
        return Optional.empty();
    }

    @Override
    public String toString() {
        return String.format("%s (0x%02X, %s)", name(), wire, meaning);
    }
}
