package org.dot4j.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.ReadableByteChannel;
import java.util.Arrays;
import org.dot4j.api.Ioctl;

/**
 * Coverage-guided fuzzing of the daemon's control-frame codec ({@link ControlProtocol}), the first code a local
 * client's bytes reach. A frame body either decodes or is refused with {@link ControlProtocol.MalformedFrameException},
 * never another exception; what decodes re-encodes to exactly the bytes it came from (so no field is read from the
 * wrong place), with every length within its limit. One {@link ControlProtocol.FrameReader} (its buffer reused
 * and grown) over a stream arriving in pieces of any size returns whole frames of at most {@link ControlProtocol#MAX_FRAME} bytes, null at a clean end,
 * or an EOFException / MalformedFrameException. Replays {@code ControlProtocolFuzzTestInputs/} in {@code mvn test}.
 */
class ControlProtocolFuzzTest {

    @FuzzTest(maxDuration = "15s")
    void requestBodiesDecodeExactlyOrAreRefused(FuzzedDataProvider data) {
        boolean write = data.consumeBoolean();
        byte[] body = data.consumeRemainingAsBytes();
        if (write && body.length >= 8) {
            // Steer half the inputs to IOCTL_DOT4_WRITE, the one code whose frame carries data.
            ByteBuffer.wrap(body).order(ByteOrder.LITTLE_ENDIAN).putInt(4, Ioctl.WRITE.code());
        }
        ControlProtocol.Request request;
        try {
            request = ControlProtocol.decodeRequest(littleEndian(body));
        } catch (ControlProtocol.MalformedFrameException e) {
            assertThat(e.getMessage()).isNotBlank();
            return;
        }
        assertThat(request.outLength()).isBetween(0, ControlProtocol.MAX_BUFFER);
        assertThat(request.data().remaining()).isEqualTo(ControlProtocol.carriesData(request.code()) ? request.outLength() : 0);
        assertThat(withoutLength(ControlProtocol.encodeRequest(request))).isEqualTo(body);
    }

    @FuzzTest(maxDuration = "15s")
    void replyBodiesDecodeExactlyOrAreRefused(byte[] body) {
        ControlProtocol.Reply reply;
        try {
            reply = ControlProtocol.decodeReply(littleEndian(body));
        } catch (ControlProtocol.MalformedFrameException e) {
            assertThat(e.getMessage()).isNotBlank();
            return;
        }
        assertThat(withoutLength(ControlProtocol.encodeReply(reply))).isEqualTo(body);
    }

    @FuzzTest(maxDuration = "15s")
    void framesAreReadWholeFromAStreamInAnyPieces(FuzzedDataProvider data) {
        int piece = data.consumeInt(1, 4096);
        byte[] stream = data.consumeRemainingAsBytes();
        ReadableByteChannel in = new PieceChannel(stream, piece);
        ControlProtocol.FrameReader reader = new ControlProtocol.FrameReader();
        int offset = 0;
        for (int frames = 0; ; frames++) {
            ByteBuffer body;
            try {
                body = reader.next(in);
            } catch (ControlProtocol.MalformedFrameException e) {
                long announced = Integer.toUnsignedLong(littleEndian(stream).getInt(offset));
                assertThat(announced).as("frame %d refused", frames).isGreaterThan(ControlProtocol.MAX_FRAME);
                return;
            } catch (EOFException e) {
                assertThat(stream.length - offset).as("a frame cut short").isPositive();
                return;
            } catch (IOException e) {
                throw new AssertionError("only MalformedFrameException and EOFException may end a stream", e);
            }
            if (body == null) {
                assertThat(offset).as("a clean end comes only between frames").isEqualTo(stream.length);
                return;
            }
            assertThat(body.order()).isEqualTo(ByteOrder.LITTLE_ENDIAN);
            assertThat(body.remaining()).isLessThanOrEqualTo(ControlProtocol.MAX_FRAME);
            byte[] bytes = new byte[body.remaining()];
            body.get(bytes);
            assertThat(bytes).isEqualTo(Arrays.copyOfRange(stream, offset + 4, offset + 4 + bytes.length));
            offset += 4 + bytes.length;
        }
    }

    private static ByteBuffer littleEndian(byte[] bytes) {
        return ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    }

    /** The frame's bytes after its length field, checking that field against them. */
    private static byte[] withoutLength(ByteBuffer frame) {
        assertThat(Integer.toUnsignedLong(frame.getInt(0))).isEqualTo(frame.remaining() - 4L);
        return Arrays.copyOfRange(frame.array(), 4, frame.limit());
    }

    /** A stream that hands out at most {@code piece} bytes per read, as a socket may. */
    private static final class PieceChannel implements ReadableByteChannel {
        private final ByteBuffer src;
        private final int piece;

        PieceChannel(byte[] stream, int piece) {
            this.src = ByteBuffer.wrap(stream);
            this.piece = piece;
        }

        @Override
        public int read(ByteBuffer dst) {
            if (!src.hasRemaining()) {
                return -1;
            }
            int n = Math.min(Math.min(piece, src.remaining()), dst.remaining());
            dst.put(src.slice(src.position(), n));
            src.position(src.position() + n);
            return n;
        }

        @Override
        public boolean isOpen() {
            return true;
        }

        @Override
        public void close() {
        }
    }
}
