package org.dot4j.conform;

import java.nio.ByteBuffer;
import java.util.HexFormat;
import org.dot4j.wire.MalformedTransactionException;
import org.dot4j.wire.MlcCodec;
import org.dot4j.wire.PacketHeader;
import org.dot4j.wire.Revision;
import org.dot4j.wire.Transaction;
import org.dot4j.wire.TransactionCodec;
import org.dot4j.wire.WireFormat;

/**
 * One whole packet as it crossed the link: its header and every byte, kept so a failed case can show what it saw.
 *
 * @param header the decoded header
 * @param bytes the packet, header included (a copy owned by this record)
 */
public record Packet(PacketHeader header, byte[] bytes) {

    /** Longest hex dump printed for one packet; the rest is counted. */
    static final int DUMP_BYTES = 48;

    /** The packet of {@code bytes}, which start with a header whose LENGTH is {@code bytes.length}. */
    public static Packet of(byte[] bytes) {
        return new Packet(PacketHeader.decode(ByteBuffer.wrap(bytes, 0, WireFormat.HEADER_SIZE)), bytes);
    }

    /** True on socket pair 0/0. */
    public boolean isTransaction() {
        return header.isTransaction();
    }

    /** The command byte of a transaction packet, -1 when it has none. */
    public int commandByte() {
        return bytes.length > WireFormat.HEADER_SIZE ? bytes[WireFormat.HEADER_SIZE] & 0xFF : -1;
    }

    /** The payload after the header. */
    public byte[] payload() {
        byte[] p = new byte[bytes.length - WireFormat.HEADER_SIZE];
        System.arraycopy(bytes, WireFormat.HEADER_SIZE, p, 0, p.length);
        return p;
    }

    /** Decodes a transaction packet with the codec of {@code revision} (MLC or 1284.4, by LENGTH). */
    public Transaction decode(int revision) throws MalformedTransactionException {
        ByteBuffer body = ByteBuffer.wrap(bytes, WireFormat.HEADER_SIZE, bytes.length - WireFormat.HEADER_SIZE).slice();
        return Revision.isMlc(revision) && !isEpsonPacking() ? MlcCodec.decode(header, body) : TransactionCodec.decode(header, body);
    }

    private boolean isEpsonPacking() {
        int op = commandByte();
        return op == Transaction.EpsonPacking.entry().opcode().wire() || op == Transaction.EpsonPacking.entry().opcode().replyWire();
    }

    /** The bytes as hex, at most {@link #DUMP_BYTES} of them. */
    public String hex() {
        return hex(bytes);
    }

    /** {@code bytes} as spaced hex, at most {@link #DUMP_BYTES} of them and a count of the rest. */
    static String hex(byte[] bytes) {
        int shown = Math.min(bytes.length, DUMP_BYTES);
        String dump = HexFormat.ofDelimiter(" ").formatHex(bytes, 0, shown);
        return shown < bytes.length ? dump + " ... (" + bytes.length + " bytes)" : dump;
    }
}
