package org.dot4j.capture;

import java.util.Optional;
import org.dot4j.wire.ErrorCode;

/**
 * The rules a decoded conversation is checked against, each with the section of the reference
 * (/work/shared/reference/ieee1284_4.md, in the repository's docs as "the reference") it comes from and the Error code
 * a receiver reports when it catches the breach itself.
 */
public enum Rule {
    /** A data packet sent while its sender held no credit for that channel and direction. */
    DATA_WITHOUT_CREDIT("§5.1", ErrorCode.NO_CREDIT, "data without credit"),
    /** A data packet longer than the packet size agreed by OpenChannel (or ConfigSocket), or in a disabled direction. */
    OVER_PACKET_SIZE("§3.3", ErrorCode.PACKET_TOO_LARGE, "data over the agreed packet size"),
    /** Data for a channel that was never opened (or was closed) in a conversation seen from its Init. */
    CHANNEL_NOT_OPEN("§3.6", ErrorCode.CHANNEL_NOT_OPEN, "data on a channel that is not open"),
    /** A reply that matches no outstanding command of the other side. */
    UNMATCHED_REPLY("§3.6", ErrorCode.UNMATCHED_REPLY, "unmatched reply"),
    /** A command that got no reply before the capture ended (one transaction at a time: §5.2). */
    NO_REPLY("§5.2", null, "command without a reply"),
    /** An Error packet (0x7F) on the wire: its sender caught a breach. */
    ERROR_PACKET("§3.6", null, "Error packet"),
    /** A transaction packet too short for its layout, or with a bad service name. */
    MALFORMED_TRANSACTION("§3.3", ErrorCode.MALFORMED_PACKET, "malformed transaction"),
    /** A command byte that is not a transaction of the conversation's dialect. */
    UNKNOWN_TRANSACTION("§3.1", ErrorCode.UNKNOWN_TRANSACTION, "unknown transaction"),
    /** A reply whose result byte is not in the table. */
    UNKNOWN_RESULT("§3.5", ErrorCode.UNKNOWN_RESULT, "unknown result"),
    /** A data packet whose PSID and SSID differ: every implementation opens channels with equal ids. */
    SOCKET_MISMATCH("§1.3", null, "PSID differs from SSID"),
    /** Bytes that cannot start a packet (LENGTH below 6), skipped until a header frames again. */
    JUNK("§1.4", null, "junk between packets"),
    /** The capture lacks bytes (snap length, a lost segment, the file ended inside a packet): not the peers' fault. */
    CAPTURE_GAP("§1.4", null, "bytes missing from the capture");

    private final String section;
    private final ErrorCode errorCode;
    private final String title;

    Rule(String section, ErrorCode errorCode, String title) {
        this.section = section;
        this.errorCode = errorCode;
        this.title = title;
    }

    /** The section of the reference, e.g. "§5.1". */
    public String section() {
        return section;
    }

    /** The Error code a receiver sends for this breach, if the reference defines one. */
    public Optional<ErrorCode> errorCode() {
        return Optional.ofNullable(errorCode);
    }

    /** A few words, e.g. "data without credit". */
    public String title() {
        return title;
    }

    /** False for {@link #CAPTURE_GAP}: a capture's own shortcoming, not something a peer did. */
    public boolean isProtocolViolation() {
        return this != CAPTURE_GAP;
    }
}
