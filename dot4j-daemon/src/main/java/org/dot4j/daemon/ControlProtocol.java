package org.dot4j.daemon;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.ReadableByteChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import org.dot4j.api.Ioctl;

/**
 * The daemon's control protocol: little-endian frames carrying d4drvif calls over a Unix domain socket. The
 * format is specified in {@code docs/control-protocol.md}; this class is its one codec, used by both ends.
 *
 * <pre>
 * request  u32 frameLength   bytes after this field
 *          u32 requestId     chosen by the client, echoed in the reply
 *          u32 ioctlCode     an IOCTL_DOT4_* code, or HELLO / STATUS / PROBE / DEVICES / TRACE
 *          u8  nameLength, then the device name (UTF-8); empty means the first configured device
 *          u32 inLength, then the input buffer (the Windows struct, e.g. DOT4_DRIVER_CMD)
 *          u32 outLength     output buffer size; for IOCTL_DOT4_WRITE only, outLength bytes follow (the data)
 * reply    u32 frameLength, u32 requestId, u32 ntstatus, u32 information, u32 outLength, then outLength bytes
 * </pre>
 *
 * <p>Stateless and thread-safe.
 */
public final class ControlProtocol {

    /** Protocol version exchanged by {@link #HELLO}. */
    public static final int VERSION = 1;
    /** Management code (outside the DOT4 device type 0x3A): in = u32 version, u32 pid; out = u32 version. */
    public static final int HELLO = 0x00000001;
    /** Management code: out = the daemon's status report as UTF-8 text. */
    public static final int STATUS = 0x00000002;
    /** Management code: out = the named device's link, revision and services ({@link DeviceProbe}). */
    public static final int PROBE = 0x00000003;
    /** Management code: out = the devices the daemon serves, with their links and state ({@link DaemonDevice}). */
    public static final int DEVICES = 0x00000004;
    /**
     * Management code: in = u32 wait in ms; out = u32 blocks dropped since the last TRACE, then the next bytes of a
     * pcapng trace of the named device's link (docs/trace-format.md). The connection's first TRACE for a device starts
     * recording; closing the connection stops it.
     */
    public static final int TRACE = 0x00000005;
    /** Largest output buffer a request may offer, and largest data a write may carry. */
    public static final int MAX_BUFFER = 1 << 20;
    /** Largest frameLength accepted; anything larger drops the connection. */
    public static final int MAX_FRAME = MAX_BUFFER + 64;
    /** Bytes of a request frame besides the name, input and data: id, code, name length, in length, out length. */
    static final int REQUEST_FIXED = 4 + 4 + 1 + 4 + 4;
    /** Bytes of a reply frame besides its data: id, status, information, out length. */
    static final int REPLY_FIXED = 4 + 4 + 4 + 4;
    private static final int LENGTH_FIELD = 4;
    private static final ByteBuffer NO_DATA = ByteBuffer.allocate(0).asReadOnlyBuffer();

    private ControlProtocol() {
    }

    /**
     * One request.
     *
     * @param requestId echoed in the reply
     * @param code the IOCTL or management code
     * @param device the device name; empty for the first device
     * @param in the input buffer
     * @param outLength the output buffer's size
     * @param data the output buffer's bytes for {@code IOCTL_DOT4_WRITE} ({@code outLength} of them), else empty;
     *     read from position to limit. A decoded request's data is a view of its frame, valid until the next frame
     *     is read: whatever keeps the request beyond that keeps {@link #detached()}.
     */
    public record Request(int requestId, int code, String device, byte[] in, int outLength, ByteBuffer data) {
        /** A request without data. */
        public Request(int requestId, int code, String device, byte[] in, int outLength) {
            this(requestId, code, device, in, outLength, NO_DATA);
        }

        /** This request holding its own copy of the data, so it outlives the frame it was decoded from. */
        public Request detached() {
            if (!data.hasRemaining()) {
                return this;
            }
            ByteBuffer own = ByteBuffer.allocate(data.remaining()).put(data.duplicate()).flip();
            return new Request(requestId, code, device, in, outLength, own);
        }
    }

    /**
     * One reply.
     *
     * @param requestId the request's id
     * @param status the NTSTATUS value
     * @param information the byte count ({@code IoStatus.Information})
     * @param out the output bytes; for an error status, a UTF-8 message saying what went wrong
     */
    public record Reply(int requestId, int status, int information, byte[] out) {}

    /** A frame that breaks the format; the connection it came on cannot be trusted any more. */
    public static final class MalformedFrameException extends IOException {
        private static final long serialVersionUID = 1L;

        MalformedFrameException(String message) {
            super(message);
        }
    }

    /** Whether a request with this code carries its output buffer's bytes (only IOCTL_DOT4_WRITE). */
    public static boolean carriesData(int code) {
        return code == Ioctl.WRITE.code();
    }

    /**
     * Reads frames from one stream into one direct buffer, reused from frame to frame and grown to the largest frame
     * seen: no copy through the JDK's temporary buffer and no allocation per frame. A body stays valid until the
     * next {@link #next}; decode it (decoding copies what it keeps) before reading on.
     *
     * <p>Not thread-safe: one per reading thread.
     */
    public static final class FrameReader {
        private static final int INITIAL = 4096;
        private final ByteBuffer length = ByteBuffer.allocateDirect(LENGTH_FIELD).order(ByteOrder.LITTLE_ENDIAN);
        private ByteBuffer body = ByteBuffer.allocateDirect(INITIAL).order(ByteOrder.LITTLE_ENDIAN);

        /**
         * Reads one frame body (the bytes after frameLength) from {@code in}.
         *
         * @return the body, little-endian, or null on end of stream before a frame started
         * @throws MalformedFrameException when frameLength exceeds {@link #MAX_FRAME}
         * @throws EOFException when the stream ends inside a frame
         */
        public ByteBuffer next(ReadableByteChannel in) throws IOException {
            length.clear();
            if (!readFully(in, length, true)) {
                return null;
            }
            long frameLength = Integer.toUnsignedLong(length.getInt(0));
            if (frameLength > MAX_FRAME) {
                throw new MalformedFrameException("frameLength " + frameLength + " exceeds the maximum " + MAX_FRAME);
            }
            if (frameLength > body.capacity()) {
                int grown = (int) Math.min(MAX_FRAME, Integer.highestOneBit((int) frameLength - 1) << 1);
                body = ByteBuffer.allocateDirect(grown).order(ByteOrder.LITTLE_ENDIAN);
            }
            body.clear().limit((int) frameLength);
            readFully(in, body, false);
            return body.flip();
        }
    }

    /** Decodes a request body, checking every length against the frame. */
    public static Request decodeRequest(ByteBuffer body) throws MalformedFrameException {
        need(body, REQUEST_FIXED - 8, "request header");
        int id = body.getInt();
        int code = body.getInt();
        int nameLength = body.get() & 0xFF;
        need(body, nameLength, "device name");
        String device = utf8(body, nameLength);
        need(body, 4, "inLength");
        long inLength = Integer.toUnsignedLong(body.getInt());
        need(body, inLength, "input buffer");
        byte[] in = new byte[(int) inLength];
        body.get(in);
        need(body, 4, "outLength");
        long outLength = Integer.toUnsignedLong(body.getInt());
        ByteBuffer data = NO_DATA;
        if (carriesData(code)) {
            need(body, outLength, "write data");
            // A view, not a copy: this copy was half the daemon's time in a bulk write.
            data = body.slice(body.position(), (int) outLength).asReadOnlyBuffer();
            body.position(body.position() + (int) outLength);
        }
        if (body.hasRemaining()) {
            throw new MalformedFrameException(body.remaining() + " bytes after the end of request " + id
                    + "; frameLength must equal the fields it holds");
        }
        if (outLength > MAX_BUFFER) {
            throw new MalformedFrameException("outLength " + outLength + " exceeds the maximum " + MAX_BUFFER);
        }
        return new Request(id, code, device, in, (int) outLength, data);
    }

    /** Encodes a request as a whole frame, length included. */
    public static ByteBuffer encodeRequest(Request r) {
        ByteBuffer data = r.data().duplicate();
        ByteBuffer head = encodeRequestHead(r.requestId(), r.code(), r.device(), r.in(), r.outLength(), data.remaining());
        return ByteBuffer.allocate(head.remaining() + data.remaining()).order(ByteOrder.LITTLE_ENDIAN)
                .put(head).put(data).flip();
    }

    /**
     * Encodes a request's frame up to and including outLength; for a WRITE its {@code dataLength} bytes of data follow
     * on the stream (sent from the caller's buffer, not copied into the frame).
     */
    public static ByteBuffer encodeRequestHead(int requestId, int code, String device, byte[] in, int outLength,
            int dataLength) {
        byte[] name = device.getBytes(StandardCharsets.UTF_8);
        if (name.length > 0xFF) {
            throw new IllegalArgumentException("device name " + device + " is longer than 255 bytes");
        }
        int head = REQUEST_FIXED + name.length + in.length;
        ByteBuffer frame = ByteBuffer.allocate(LENGTH_FIELD + head).order(ByteOrder.LITTLE_ENDIAN);
        frame.putInt(head + dataLength).putInt(requestId).putInt(code).put((byte) name.length).put(name);
        return frame.putInt(in.length).put(in).putInt(outLength).flip();
    }

    /** Decodes a reply body. */
    public static Reply decodeReply(ByteBuffer body) throws MalformedFrameException {
        need(body, REPLY_FIXED, "reply header");
        int id = body.getInt();
        int status = body.getInt();
        int information = body.getInt();
        long outLength = Integer.toUnsignedLong(body.getInt());
        if (outLength != body.remaining()) {
            throw new MalformedFrameException("reply " + id + " announces " + outLength + " bytes but carries "
                    + body.remaining());
        }
        byte[] out = new byte[(int) outLength];
        body.get(out);
        return new Reply(id, status, information, out);
    }

    /** Encodes a reply as a whole frame, length included. */
    public static ByteBuffer encodeReply(Reply r) {
        int body = REPLY_FIXED + r.out().length;
        ByteBuffer frame = ByteBuffer.allocate(LENGTH_FIELD + body).order(ByteOrder.LITTLE_ENDIAN);
        frame.putInt(body).putInt(r.requestId()).putInt(r.status()).putInt(r.information()).putInt(r.out().length);
        return frame.put(r.out()).flip();
    }

    private static void need(ByteBuffer body, long bytes, String field) throws MalformedFrameException {
        if (bytes > body.remaining()) {
            throw new MalformedFrameException("frame too short for its " + field + ": needs " + bytes
                    + " bytes, " + body.remaining() + " left");
        }
    }

    private static String utf8(ByteBuffer body, int length) throws MalformedFrameException {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .decode(body.slice(body.position(), length)).toString();
        } catch (CharacterCodingException e) {
            throw new MalformedFrameException("device name is not valid UTF-8");
        } finally {
            body.position(body.position() + length);
        }
    }

    /** Fills {@code dst}; false only when {@code eofAllowed} and the stream ended before the first byte. */
    private static boolean readFully(ReadableByteChannel in, ByteBuffer dst, boolean eofAllowed) throws IOException {
        while (dst.hasRemaining()) {
            if (in.read(dst) < 0) {
                if (eofAllowed && dst.position() == 0) {
                    return false;
                }
                throw new EOFException("connection ended inside a frame (" + dst.position() + " of "
                        + dst.capacity() + " bytes)");
            }
        }
        return true;
    }
}
