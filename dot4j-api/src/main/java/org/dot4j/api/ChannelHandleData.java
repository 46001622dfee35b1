package org.dot4j.api;

import java.nio.ByteBuffer;

/**
 * A bare {@code CHANNEL_HANDLE}, the 4-byte input dot4j infers for {@link Ioctl#CLOSE_CHANNEL},
 * {@link Ioctl#ADD_ACTIVITY_BROADCAST} and {@link Ioctl#REMOVE_ACTIVITY_BROADCAST} (d4drvif.md §1.4, §2.1).
 * Decoding reads only the first 4 bytes, so a caller passing a whole {@link DriverCommand} (whose first field is
 * the handle) is understood too, as §1.4 recommends for a tolerant port.
 *
 * <pre>
 * offset size field
 *      0    4 CHANNEL_HANDLE  unsigned 32-bit opaque value
 * </pre>
 *
 * @param channelHandle the handle, held as {@code int} bits
 */
public record ChannelHandleData(int channelHandle) implements Dot4Struct {

    /** Size of the structure in bytes. */
    public static final int SIZE = 4;

    private static final String NAME = "CHANNEL_HANDLE";

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
        return StructIo.allocate(SIZE).putInt(0, channelHandle).array();
    }

    @Override
    public void encode(ByteBuffer dst) throws Dot4Exception {
        StructIo.put(dst, encode(), NAME);
    }

    /**
     * Reads the handle at the position of {@code src} and advances it by {@link #SIZE}.
     *
     * @throws Dot4Exception STATUS_BUFFER_TOO_SMALL if fewer than {@link #SIZE} bytes remain
     */
    public static ChannelHandleData decode(ByteBuffer src) throws Dot4Exception {
        return new ChannelHandleData(StructIo.claim(src, SIZE, NAME).getInt(0));
    }

    /** Reads the handle from the start of {@code src}; see {@link #decode(ByteBuffer)}. */
    public static ChannelHandleData decode(byte[] src) throws Dot4Exception {
        return decode(ByteBuffer.wrap(src));
    }
}
