package org.dot4j.api;

import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * {@code DOT4_ACTIVITY}, the 12-byte event returned by {@link Ioctl#WAIT_ACTIVITY_BROADCAST}
 * (d4iface.h; d4drvif.md §2.6, §3.8).
 *
 * <pre>
 * offset size field
 *      0    4 ulMessage    {@link ActivityMessage}
 *      4    4 ulByteCount  bytes available, or credits for STREAM_CREDITS
 *      8    4 hChannel     CHANNEL_HANDLE the event is about (may be meaningless for DISCONNECT)
 * </pre>
 *
 * @param message {@code ulMessage}
 * @param byteCount {@code ulByteCount}, 0..0xFFFFFFFF: bytes available for STREAM_RECEIVED and
 *                  MESSAGE_RECEIVED, credits for STREAM_CREDITS (dot4j's reading; the field is undocumented)
 * @param channelHandle {@code hChannel}, an unsigned 32-bit value held as {@code int} bits
 */
public record Activity(ActivityMessage message, long byteCount, int channelHandle) implements Dot4Struct {

    /** Size of the structure in bytes. */
    public static final int SIZE = 12;

    private static final String NAME = "DOT4_ACTIVITY";
    private static final int MESSAGE = 0;
    private static final int BYTE_COUNT = 4;
    private static final int CHANNEL = 8;

    /**
     * Checks the fields against their C types.
     *
     * @throws IllegalArgumentException if {@code byteCount} is not a ULONG
     */
    public Activity {
        Objects.requireNonNull(message, "message");
        StructIo.requireUlong("byteCount", byteCount);
    }

    /** The channel handle as the unsigned {@code ULONG} it is in C, 0..0xFFFFFFFF. */
    public long channelHandleUnsigned() {
        return Integer.toUnsignedLong(channelHandle);
    }

    @Override
    public int encodedSize() {
        return SIZE;
    }

    @Override
    public byte[] encode() {
        ByteBuffer out = StructIo.allocate(SIZE);
        out.putInt(MESSAGE, message.value());
        out.putInt(BYTE_COUNT, (int) byteCount);
        out.putInt(CHANNEL, channelHandle);
        return out.array();
    }

    @Override
    public void encode(ByteBuffer dst) throws Dot4Exception {
        StructIo.put(dst, encode(), NAME);
    }

    /**
     * Reads the structure at the position of {@code src} and advances it by {@link #SIZE}.
     *
     * @throws Dot4Exception STATUS_BUFFER_TOO_SMALL if fewer than {@link #SIZE} bytes remain;
     *                       STATUS_INVALID_PARAMETER if {@code ulMessage} is not an activity message
     */
    public static Activity decode(ByteBuffer src) throws Dot4Exception {
        ByteBuffer in = StructIo.claim(src, SIZE, NAME);
        return new Activity(ActivityMessage.fromValue(StructIo.ulong(in, MESSAGE)), StructIo.ulong(in, BYTE_COUNT),
                in.getInt(CHANNEL));
    }

    /** Reads the structure from the start of {@code src}; see {@link #decode(ByteBuffer)}. */
    public static Activity decode(byte[] src) throws Dot4Exception {
        return decode(ByteBuffer.wrap(src));
    }
}
