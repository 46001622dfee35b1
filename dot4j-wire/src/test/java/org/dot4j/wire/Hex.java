package org.dot4j.wire;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;

/** Golden byte vectors written as spaced hex, and the small conversions the codec tests share. */
final class Hex {

    private Hex() {}

    /** Parses hex digits, ignoring spaces, e.g. {@code "00 00 00 08 01 00 00 10"}. */
    static byte[] parse(String spacedHex) {
        return HexFormat.of().parseHex(spacedHex.replace(" ", ""));
    }

    /** Upper-case hex separated by spaces, for readable assertion failures. */
    static String format(byte[] bytes) {
        return HexFormat.ofDelimiter(" ").withUpperCase().formatHex(bytes);
    }

    /** A hand-written vector in the form {@link #format} produces. */
    static String normalise(String spacedHex) {
        return format(parse(spacedHex));
    }

    /** Hex of an ASCII string, to append service names to vectors. */
    static String ascii(String text) {
        return format(text.getBytes(StandardCharsets.US_ASCII));
    }

    /** The packet {@code t} encodes to in {@code revision}'s layout, as spaced hex. */
    static String encode(Transaction t, int revision) {
        ByteBuffer dst = ByteBuffer.allocate(128);
        int length = TransactionCodec.encode(t, revision, dst);
        if (length != dst.position()) {
            throw new AssertionError("encode returned " + length + " but wrote " + dst.position() + " bytes");
        }
        byte[] out = new byte[length];
        dst.flip().get(out);
        return format(out);
    }

    /** Decodes a whole packet (header and exactly LENGTH − 6 body bytes). */
    static Transaction decode(String spacedHex) throws MalformedTransactionException {
        return decode(parse(spacedHex), 0);
    }

    /**
     * Decodes a whole packet whose body buffer carries {@code extra} more bytes of 0xEE after LENGTH, to show the
     * codec never reads past LENGTH.
     */
    static Transaction decode(byte[] packet, int extra) throws MalformedTransactionException {
        PacketHeader header = PacketHeader.decode(ByteBuffer.wrap(packet));
        byte[] body = new byte[packet.length - WireFormat.HEADER_SIZE + extra];
        System.arraycopy(packet, WireFormat.HEADER_SIZE, body, 0, packet.length - WireFormat.HEADER_SIZE);
        Arrays.fill(body, packet.length - WireFormat.HEADER_SIZE, body.length, (byte) 0xEE);
        return TransactionCodec.decode(header, ByteBuffer.wrap(body));
    }
}
