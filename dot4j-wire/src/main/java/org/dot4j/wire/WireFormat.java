package org.dot4j.wire;

/**
 * Field sizes and packet lengths of IEEE 1284.4 and HP MLC, in one place (reference ieee1284_4.md §1, §3.3, §3.4,
 * §6.1).
 * Every length counts the 6-byte header, as the wire's LENGTH field does.
 */
public final class WireFormat {

    /** PSID, SSID, LENGTH (2), CREDIT, CONTROL. */
    public static final int HEADER_SIZE = 6;
    /** LENGTH is 16 bits and includes the header. */
    public static final int MAX_PACKET_SIZE = 0xFFFF;
    /** Largest payload one packet can carry. */
    public static final int MAX_PAYLOAD = MAX_PACKET_SIZE - HEADER_SIZE;
    /** Socket 0 on both sides is the transaction channel. */
    public static final int TRANSACTION_SOCKET = 0;
    /** Packet sizes 1..5 cannot hold a header (result 0x0C). */
    public static final int MIN_NONZERO_PACKET_SIZE = HEADER_SIZE;
    /** Credit counters and credit fields are 16 bits. */
    public static final int MAX_CREDIT = 0xFFFF;
    /** The header's credit byte (piggy-backed credit) is 8 bits. */
    public static final int MAX_PIGGYBACK_CREDIT = 0xFF;
    /** Service names are 1..40 ASCII bytes (GetSocketID; d4drvif MAX_SERVICE_LENGTH). */
    public static final int MAX_SERVICE_NAME = 40;
    /** EC rejects transaction packets above 64 bytes: we never send larger ones. */
    public static final int MAX_TRANSACTION_PACKET = 64;

    /** Control bit Epson firmware and hosts use as "last packet of this message" (§1.2). */
    public static final int CONTROL_END_OF_DATA = 0x01;
    /** Control bit some hosts (DY, EZ) use as end of message (§1.2). */
    public static final int CONTROL_END_OF_MESSAGE_ALT = 0x02;
    /** Control byte of the Epson entry packet, ASCII '@' (§7.3). */
    public static final int CONTROL_EPSON_ENTRY = 0x40;

    // Offsets of fields after the header.
    static final int COMMAND_OFFSET = 6;

    // Packet lengths, revision 0x20 (HP1, IEEE-D4) and 0x10 (Epson) where they differ.
    static final int INIT = 8;
    static final int INIT_REPLY = 9;
    static final int OPEN_CHANNEL_20 = 15;
    static final int OPEN_CHANNEL_10 = 17;
    static final int OPEN_CHANNEL_REPLY_20 = 18;
    static final int OPEN_CHANNEL_REPLY_10 = 16;
    static final int CLOSE_CHANNEL_20 = 9;
    static final int CLOSE_CHANNEL_10 = 10;
    static final int CLOSE_CHANNEL_REPLY = 10;
    static final int CREDIT = 11;
    static final int CREDIT_REPLY = 10;
    static final int CREDIT_REQUEST_20 = 11;
    static final int CREDIT_REQUEST_10 = 13;
    static final int CREDIT_REQUEST_REPLY = 12;
    static final int EXIT = 7;
    static final int EXIT_REPLY = 8;
    static final int GET_SOCKET_ID_MIN = 8;
    static final int GET_SOCKET_ID_REPLY_MIN = 9;
    static final int GET_SERVICE_NAME = 8;
    static final int GET_SERVICE_NAME_REPLY_MIN = 9;
    static final int ERROR = 10;
    static final int EPSON_PACKING = 27;
    static final int EPSON_PACKING_REPLY = 8;
    /** A reply carries at least its opcode and result. */
    static final int REPLY_MIN = 8;

    // Packet lengths, HP MLC revision 3 (§6.1: HP1 mlc.h, mlc.c).
    static final int MLC_CONFIG_SOCKET = 13;
    static final int MLC_CONFIG_SOCKET_REPLY = 13;
    static final int MLC_OPEN_CHANNEL = 11;
    static final int MLC_OPEN_CHANNEL_REPLY = 10;
    static final int MLC_CLOSE_CHANNEL = 9;
    static final int MLC_CLOSE_CHANNEL_REPLY = 8;
    static final int MLC_CREDIT = 11;
    static final int MLC_CREDIT_REPLY = 8;
    static final int MLC_CREDIT_REQUEST = 11;
    static final int MLC_CREDIT_REQUEST_REPLY = 10;
    static final int MLC_ERROR = 8;

    private WireFormat() {}
}
