package org.dot4j.wire;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Coverage-guided fuzzing of {@link PacketFramer}: any byte stream, fed in pieces of any size, is cut so that
 * every input byte is accounted for exactly once, in order: inside a packet returned whole (header and LENGTH − 6
 * body bytes, LENGTH at least 6), in a junk run (each of its bytes at a place where LENGTH is below 6), pending as
 * junk (less than {@link PacketFramer#JUNK_REPORT_BYTES}), or buffered as less than the next packet. Feeding never
 * stalls, and what comes out does not depend on how the stream was cut: the same frames as when it is fed at once
 * (checked for streams under 4 KiB; a longer junk run may be reported in other parts); and the frames taken in place
 * from each piece ({@link PacketFramer#next(ByteBuffer)}) are those of feeding it. Replays {@code PacketFramerFuzzTestInputs/} in
 * {@code mvn test}; {@code fuzz/README.md} tells how to fuzz.
 */
class PacketFramerFuzzTest {

    @FuzzTest(maxDuration = "15s")
    void everyByteIsAccountedForInOrderHoweverTheStreamIsCut(FuzzedDataProvider data) {
        int[] pieces = new int[data.consumeInt(1, 8)];
        for (int i = 0; i < pieces.length; i++) {
            pieces[i] = data.consumeInt(1, 70_000);
        }
        byte[] stream = data.consumeRemainingAsBytes();
        Reader cut = new Reader(stream);
        Reader inPlace = new Reader(stream);
        for (int round = 0; cut.fed < stream.length; round++) {
            cut.feed(Math.min(pieces[round % pieces.length], stream.length - cut.fed));
        }
        for (int round = 0; inPlace.fed < stream.length; round++) {
            inPlace.read(Math.min(pieces[round % pieces.length], stream.length - inPlace.fed));
        }
        cut.checkRest();
        inPlace.checkRest();
        assertThat(inPlace.frames).as("frames taken in place (next(src)), pieces %s", Arrays.toString(pieces))
                .isEqualTo(cut.frames);
        if (stream.length > 0 && stream.length < PacketFramer.JUNK_REPORT_BYTES) {
            Reader whole = new Reader(stream);
            whole.feed(stream.length);
            assertThat(cut.frames).as("frames of the stream cut in pieces %s", Arrays.toString(pieces))
                    .isEqualTo(whole.frames);
            assertThat(cut.framer.pendingJunk()).isEqualTo(whole.framer.pendingJunk());
        }
    }

    /** Feeds one framer and checks every frame against the stream. */
    private static final class Reader {
        final PacketFramer framer = new PacketFramer();
        final List<String> frames = new ArrayList<>();
        final byte[] stream;
        int fed;
        /** Bytes of the stream returned in frames. */
        int checked;

        Reader(byte[] stream) {
            this.stream = stream;
        }

        void feed(int piece) {
            int taken = framer.feed(ByteBuffer.wrap(stream, fed, piece));
            assertThat(taken).as("a framer that asked for more bytes takes some").isPositive();
            fed += taken;
            drain();
            assertThat(checked + framer.pendingJunk() + framer.buffered()).as("bytes accounted for").isEqualTo(fed);
        }

        /** Hands one piece to the framer as a link's read would, through {@link PacketFramer#next(ByteBuffer)}. */
        void read(int piece) {
            ByteBuffer src = ByteBuffer.allocateDirect(piece).put(stream, fed, piece).flip();
            fed += piece;
            drain(() -> framer.next(src));
            assertThat(src.hasRemaining()).as("a read is used up").isFalse();
            assertThat(checked + framer.pendingJunk() + framer.buffered()).as("bytes accounted for").isEqualTo(fed);
        }

        void checkRest() {
            int next = checked + framer.pendingJunk();
            for (int i = checked; i < next; i++) {
                checkSkippable(i);
            }
            int length = framer.buffered() >= WireFormat.HEADER_SIZE ? lengthAt(next) : Integer.MAX_VALUE;
            assertThat(framer.buffered()).as("what stays buffered is less than the next packet").isLessThan(length);
            assertThat(framer.pendingJunk()).isLessThan(PacketFramer.JUNK_REPORT_BYTES);
        }

        private void drain() {
            drain(framer::next);
        }

        private void drain(java.util.function.Supplier<PacketFramer.Frame> next) {
            for (PacketFramer.Frame frame = next.get(); !(frame instanceof PacketFramer.Frame.NeedMoreBytes);
                    frame = next.get()) {
                switch (frame) {
                    case PacketFramer.Frame.Packet(PacketHeader header, ByteBuffer body) -> {
                        assertThat(header.length()).isGreaterThanOrEqualTo(WireFormat.HEADER_SIZE)
                                .isEqualTo(WireFormat.HEADER_SIZE + body.remaining());
                        ByteBuffer encoded = ByteBuffer.allocate(header.length());
                        header.encode(encoded);
                        encoded.put(body.duplicate());
                        assertThat(encoded.array()).as("packet at offset %d", checked)
                                .isEqualTo(Arrays.copyOfRange(stream, checked, checked + header.length()));
                        frames.add("packet " + checked + "+" + header.length());
                        checked += header.length();
                    }
                    case PacketFramer.Frame.Junk(int bytes, boolean allZero) -> {
                        assertThat(bytes).isPositive();
                        boolean zeros = true;
                        for (int i = checked; i < checked + bytes; i++) {
                            zeros &= stream[i] == 0;
                            checkSkippable(i);
                        }
                        assertThat(allZero).as("allZero of junk at offset %d", checked).isEqualTo(zeros);
                        frames.add("junk " + checked + "+" + bytes);
                        checked += bytes;
                    }
                    case PacketFramer.Frame.NeedMoreBytes n -> throw new AssertionError("unreachable");
                }
            }
        }

        private void checkSkippable(int i) {
            assertThat(lengthAt(i)).as("a byte is skipped only where LENGTH cannot frame a packet")
                    .isLessThan(WireFormat.HEADER_SIZE);
        }

        private int lengthAt(int offset) {
            return ((stream[offset + 2] & 0xFF) << 8) | (stream[offset + 3] & 0xFF);
        }
    }
}
