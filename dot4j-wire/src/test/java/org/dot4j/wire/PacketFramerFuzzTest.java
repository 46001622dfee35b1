package org.dot4j.wire;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Coverage-guided fuzzing of {@link PacketFramer}: any byte stream, fed in pieces of any size, is cut so that
 * every input byte is accounted for exactly once, in order: either inside a packet returned whole (header and
 * LENGTH − 6 body bytes, LENGTH at least 6) or in a junk run, with nothing left but fewer bytes than the next
 * header announces. Feeding never stalls: after {@link PacketFramer.Frame.NeedMoreBytes} the framer takes more.
 * Replays {@code PacketFramerFuzzTestInputs/} in {@code mvn test}; {@code fuzz/README.md} tells how to fuzz.
 */
class PacketFramerFuzzTest {

    @FuzzTest(maxDuration = "15s")
    void everyByteIsAccountedForInOrder(FuzzedDataProvider data) {
        int[] pieces = new int[data.consumeInt(1, 8)];
        for (int i = 0; i < pieces.length; i++) {
            pieces[i] = data.consumeInt(1, 70_000);
        }
        byte[] stream = data.consumeRemainingAsBytes();
        PacketFramer framer = new PacketFramer();
        int fed = 0;
        int checked = 0;
        for (int round = 0; fed < stream.length; round++) {
            int piece = Math.min(pieces[round % pieces.length], stream.length - fed);
            ByteBuffer src = ByteBuffer.wrap(stream, fed, piece);
            int taken = framer.feed(src);
            assertThat(taken).as("a framer that asked for more bytes takes some").isPositive();
            fed += taken;
            checked = drain(framer, stream, checked);
            assertThat(checked + framer.buffered()).as("bytes returned plus bytes buffered").isEqualTo(fed);
        }
        int length = framer.buffered() >= WireFormat.HEADER_SIZE
                ? ((stream[checked + 2] & 0xFF) << 8) | (stream[checked + 3] & 0xFF) : Integer.MAX_VALUE;
        assertThat(framer.buffered()).as("what stays buffered is less than the next packet").isLessThan(length);
    }

    /** Checks every frame against the input from {@code offset}; returns the offset after them. */
    private static int drain(PacketFramer framer, byte[] stream, int offset) {
        for (PacketFramer.Frame frame = framer.next(); !(frame instanceof PacketFramer.Frame.NeedMoreBytes);
                frame = framer.next()) {
            switch (frame) {
                case PacketFramer.Frame.Packet(PacketHeader header, ByteBuffer body) -> {
                    assertThat(header.length()).isGreaterThanOrEqualTo(WireFormat.HEADER_SIZE)
                            .isEqualTo(WireFormat.HEADER_SIZE + body.remaining());
                    ByteBuffer encoded = ByteBuffer.allocate(header.length());
                    header.encode(encoded);
                    encoded.put(body.duplicate());
                    assertThat(encoded.array()).as("packet at offset %d", offset)
                            .isEqualTo(Arrays.copyOfRange(stream, offset, offset + header.length()));
                    offset += header.length();
                }
                case PacketFramer.Frame.Junk(int bytes, boolean allZero) -> {
                    assertThat(bytes).isPositive();
                    boolean zeros = true;
                    for (int i = offset; i < offset + bytes; i++) {
                        zeros &= stream[i] == 0;
                        assertThat(((stream[i + 2] & 0xFF) << 8) | (stream[i + 3] & 0xFF))
                                .as("a byte is skipped only where LENGTH cannot frame a packet").isLessThan(WireFormat.HEADER_SIZE);
                    }
                    assertThat(allZero).as("allZero of junk at offset %d", offset).isEqualTo(zeros);
                    offset += bytes;
                }
                case PacketFramer.Frame.NeedMoreBytes n -> throw new AssertionError("unreachable");
            }
        }
        return offset;
    }
}
