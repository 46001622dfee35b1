package org.dot4j.wire;

import java.nio.ByteBuffer;

/** Reads transaction fields by packet offset, never past LENGTH; shared by both codecs. */
final class FieldReader {

    private final ByteBuffer body;
    final int length;
    private final boolean zeroExtended;

    FieldReader(ByteBuffer body, int length) {
        this(body, length, false);
    }

    private FieldReader(ByteBuffer body, int length, boolean zeroExtended) {
        this.body = body;
        this.length = length;
        this.zeroExtended = zeroExtended;
    }

    FieldReader zeroExtended() {
        return new FieldReader(body, length, true);
    }

    FieldReader require(int minLength, Opcode op) throws MalformedTransactionException {
        if (length < minLength && !zeroExtended) {
            throw TransactionCodec.malformed(op + " packet of length " + length + " is shorter than its minimum " + minLength);
        }
        return this;
    }

    int u8(int packetOffset) {
        if (packetOffset >= length) {
            return 0;
        }
        return body.get(body.position() + packetOffset - WireFormat.HEADER_SIZE) & 0xFF;
    }

    int u16(int packetOffset) {
        return (u8(packetOffset) << 8) | u8(packetOffset + 1);
    }

    String ascii(int from, int to) {
        StringBuilder sb = new StringBuilder(Math.max(0, to - from));
        for (int i = from; i < to; i++) {
            int c = u8(i);
            if (c == 0) {
                break; // tolerate a NUL terminator some hosts add
            }
            sb.append((char) c);
        }
        return sb.toString();
    }
}
