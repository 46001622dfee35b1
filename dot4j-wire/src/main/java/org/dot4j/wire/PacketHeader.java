package org.dot4j.wire;

import java.nio.ByteBuffer;

/**
 * The 6-byte header every 1284.4 packet starts with (reference §1). Byte 0 names the socket on the
 * primary (the host), byte 1 the socket on the secondary (the peripheral); LENGTH is big-endian and
 * includes the header.
 *
 * @param primarySocket PSID, 0..255
 * @param secondarySocket SSID, 0..255
 * @param length total packet length including this header, 6..65535 for a well-formed packet
 * @param credit piggy-backed credit (data) or transaction credit (socket 0), 0..255
 * @param control flag bits; never a reason to reject a packet (§1.2)
 */
public record PacketHeader(int primarySocket, int secondarySocket, int length, int credit, int control) {

    /** Checks ranges; {@code length} may be below 6 only in a decoded (malformed) header. */
    public PacketHeader {
        checkByte("primary socket", primarySocket);
        checkByte("secondary socket", secondarySocket);
        checkByte("credit", credit);
        checkByte("control", control);
        if (length < 0 || length > WireFormat.MAX_PACKET_SIZE) {
            throw new IllegalArgumentException("packet length " + length + " outside 0.." + WireFormat.MAX_PACKET_SIZE);
        }
    }

    /** A header for a packet on the transaction channel. */
    public static PacketHeader transaction(int length, int credit, int control) {
        return new PacketHeader(WireFormat.TRANSACTION_SOCKET, WireFormat.TRANSACTION_SOCKET, length, credit, control);
    }

    /** Reads a header from the next 6 bytes of {@code src}; the caller checked there are 6. */
    public static PacketHeader decode(ByteBuffer src) {
        int psid = src.get() & 0xFF;
        int ssid = src.get() & 0xFF;
        int length = src.getShort() & 0xFFFF;
        int credit = src.get() & 0xFF;
        int control = src.get() & 0xFF;
        return new PacketHeader(psid, ssid, length, credit, control);
    }

    /** Writes the 6 header bytes. */
    public void encode(ByteBuffer dst) {
        dst.put((byte) primarySocket).put((byte) secondarySocket).putShort((short) length)
                .put((byte) credit).put((byte) control);
    }

    /** Payload bytes after the header. */
    public int payloadLength() {
        return length - WireFormat.HEADER_SIZE;
    }

    /** True for socket pair 0/0, the transaction channel. */
    public boolean isTransaction() {
        return primarySocket == WireFormat.TRANSACTION_SOCKET && secondarySocket == WireFormat.TRANSACTION_SOCKET;
    }

    /** True when LENGTH can frame a packet at all (at least a header). */
    public boolean hasValidLength() {
        return length >= WireFormat.HEADER_SIZE;
    }

    /** True when either end-of-message convention is set (0x01 Epson, 0x02 DY/EZ; §1.2). */
    public boolean endsMessage() {
        return (control & (WireFormat.CONTROL_END_OF_DATA | WireFormat.CONTROL_END_OF_MESSAGE_ALT)) != 0;
    }

    private static void checkByte(String what, int value) {
        if (value < 0 || value > 0xFF) {
            throw new IllegalArgumentException(what + " " + value + " outside 0..255");
        }
    }
}
