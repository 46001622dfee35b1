package org.dot4j.api;

import java.nio.ByteBuffer;

/**
 * {@code DOT4_DC_OPEN_DATA}, the 8-byte input and output of {@link Ioctl#OPEN_CHANNEL} and, by dot4j's
 * inference, {@link Ioctl#WAIT_FOR_CHANNEL} (d4drvif.md §2.4, §3.4, §3.5).
 *
 * <pre>
 * offset size field
 *      0    1 bHsid           host socket created by CREATE_SOCKET
 *      1    1 fAddActivity    non-zero: subscribe the new channel to activity broadcast at once
 *      2    2 (padding)
 *      4    4 hChannelHandle  CHANNEL_HANDLE, returned by the driver
 * </pre>
 *
 * @param hostSocketId {@code bHsid}, 0..255
 * @param addActivity {@code fAddActivity}; encoded as 1 (TRUE), and any non-zero byte decodes as true
 * @param channelHandle {@code hChannelHandle}, an unsigned 32-bit opaque value held as {@code int} bits
 *                      (see {@link #channelHandleUnsigned()}); 0 in a request
 */
public record OpenChannelData(int hostSocketId, boolean addActivity, int channelHandle) implements Dot4Struct {

    /** Size of the structure in bytes. */
    public static final int SIZE = 8;

    private static final String NAME = "DOT4_DC_OPEN_DATA";
    private static final int HSID = 0;
    private static final int ADD_ACTIVITY = 1;
    private static final int CHANNEL_HANDLE = 4;

    /**
     * Checks the fields against their C types.
     *
     * @throws IllegalArgumentException if {@code hostSocketId} is not 0..255
     */
    public OpenChannelData {
        StructIo.requireUchar("hostSocketId", hostSocketId);
    }

    /** The channel handle as the unsigned {@code ULONG} it is in C, 0..0xFFFFFFFF. */
    public long channelHandleUnsigned() {
        return Integer.toUnsignedLong(channelHandle);
    }

    /** This structure with {@code hChannelHandle} set, as the driver returns it. */
    public OpenChannelData withChannelHandle(int channelHandle) {
        return new OpenChannelData(hostSocketId, addActivity, channelHandle);
    }

    @Override
    public int encodedSize() {
        return SIZE;
    }

    @Override
    public byte[] encode() {
        ByteBuffer out = StructIo.allocate(SIZE);
        out.put(HSID, (byte) hostSocketId);
        out.put(ADD_ACTIVITY, (byte) (addActivity ? 1 : 0));
        out.putInt(CHANNEL_HANDLE, channelHandle);
        return out.array();
    }

    @Override
    public void encode(ByteBuffer dst) throws Dot4Exception {
        StructIo.put(dst, encode(), NAME);
    }

    /**
     * Reads the structure at the position of {@code src} and advances it by {@link #SIZE}.
     *
     * @throws Dot4Exception STATUS_BUFFER_TOO_SMALL if fewer than {@link #SIZE} bytes remain
     */
    public static OpenChannelData decode(ByteBuffer src) throws Dot4Exception {
        ByteBuffer in = StructIo.claim(src, SIZE, NAME);
        // C BOOLEAN semantics: any non-zero byte is TRUE.
        return new OpenChannelData(StructIo.uchar(in, HSID), in.get(ADD_ACTIVITY) != 0, in.getInt(CHANNEL_HANDLE));
    }

    /** Reads the structure from the start of {@code src}; see {@link #decode(ByteBuffer)}. */
    public static OpenChannelData decode(byte[] src) throws Dot4Exception {
        return decode(ByteBuffer.wrap(src));
    }
}
