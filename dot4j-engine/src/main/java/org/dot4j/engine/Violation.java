package org.dot4j.engine;

import org.dot4j.wire.ErrorCode;

/**
 * What a peer did wrong, as a stable category of {@link EngineEvent.ViolationDetected} (drivers count and rate-limit
 * by it; the detail text is for people and may change). Each names the Error code it is answered with, its scope
 * (one channel's data, or the link's framing and transaction channel) and whether it is a known recovery rather
 * than a fault. The culprit is always {@link Culprit#PEER}.
 */
public enum Violation {
    /** A run of NUL bytes between packets: d4lib's recovery flood (reference §12.1); dropped, never answered. */
    NUL_FLOOD(ErrorCode.MALFORMED_PACKET, Scope.LINK, true),
    /** Bytes that cannot start a packet (LENGTH below 6); dropped while the framer resynchronises. */
    JUNK_BYTES(ErrorCode.MALFORMED_PACKET, Scope.LINK, false),
    /** A transaction that does not decode (wrong length, bad field). */
    MALFORMED_TRANSACTION(ErrorCode.MALFORMED_PACKET, Scope.LINK, false),
    /** A command or reply opcode 1284.4 does not define or dot4j does not support. */
    UNKNOWN_TRANSACTION(ErrorCode.UNKNOWN_TRANSACTION, Scope.LINK, false),
    /** A reply with a result value the reference does not define. */
    UNKNOWN_RESULT(ErrorCode.UNKNOWN_RESULT, Scope.LINK, false),
    /** A reply that answers none of our commands, awaited or late. */
    UNMATCHED_REPLY(ErrorCode.UNMATCHED_REPLY, Scope.LINK, false),
    /** A data packet for a channel that is not open. */
    CHANNEL_NOT_OPEN(ErrorCode.CHANNEL_NOT_OPEN, Scope.CHANNEL, false),
    /** A data packet above the agreed size. */
    PACKET_TOO_LARGE(ErrorCode.PACKET_TOO_LARGE, Scope.CHANNEL, false),
    /** A data packet sent without credit (or with no buffer room for it). */
    NO_CREDIT(ErrorCode.NO_CREDIT, Scope.CHANNEL, false),
    /** Piggy-backed credit that overflows the 16-bit counter. */
    CREDIT_OVERFLOW(ErrorCode.CREDIT_OVERFLOW, Scope.CHANNEL, false),
    /** Commands faster than the peer reads our replies: a reply was dropped to bound memory. */
    COMMAND_FLOOD(ErrorCode.MALFORMED_PACKET, Scope.LINK, false);

    private final ErrorCode code;
    private final Scope scope;
    private final boolean benign;

    Violation(ErrorCode code, Scope scope, boolean benign) {
        this.code = code;
        this.scope = scope;
        this.benign = benign;
    }

    /** One channel's data ({@link Scope#CHANNEL}) or the link's framing and transaction channel. */
    public Scope scope() {
        return scope;
    }

    /** Always {@link Culprit#PEER}: a violation is the peer's doing. */
    public Culprit culprit() {
        return Culprit.PEER;
    }

    /** True for a known peer recovery (d4lib's NUL flood), not worth a warning; false for a fault. */
    public boolean benign() {
        return benign;
    }

    /** The Error packet code this violation is answered with (when one may be sent). */
    public ErrorCode code() {
        return code;
    }

    /** The category of a transaction that failed to decode with {@code code}. */
    static Violation ofUndecodable(ErrorCode code) {
        return switch (code) {
            case UNKNOWN_TRANSACTION -> UNKNOWN_TRANSACTION;
            case UNKNOWN_RESULT -> UNKNOWN_RESULT;
            default -> MALFORMED_TRANSACTION;
        };
    }
}
