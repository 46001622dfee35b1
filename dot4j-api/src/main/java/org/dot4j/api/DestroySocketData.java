package org.dot4j.api;

import java.nio.ByteBuffer;

/**
 * {@code DOT4_DC_DESTROY_DATA}, the 1-byte input of {@link Ioctl#DESTROY_SOCKET} (d4drvif.md §2.3, §3.3).
 *
 * <pre>
 * offset size field
 *      0    1 bHsid  host socket returned by CREATE_SOCKET
 * </pre>
 *
 * @param hostSocketId {@code bHsid}, 0..255
 */
public record DestroySocketData(int hostSocketId) implements Dot4Struct {

    /** Size of the structure in bytes. */
    public static final int SIZE = 1;

    private static final String NAME = "DOT4_DC_DESTROY_DATA";
    private static final int HSID = 0;

    /**
     * Checks the field against its C type.
     *
     * @throws IllegalArgumentException if {@code hostSocketId} is not 0..255
     */
    public DestroySocketData {
        StructIo.requireUchar("hostSocketId", hostSocketId);
    }

    @Override
    public int encodedSize() {
        return SIZE;
    }

    @Override
    public byte[] encode() {
        return new byte[] {(byte) hostSocketId};
    }

    @Override
    public void encode(ByteBuffer dst) throws Dot4Exception {
        StructIo.put(dst, encode(), NAME);
    }

    /**
     * Reads the structure at the position of {@code src} and advances it by {@link #SIZE}.
     *
     * @throws Dot4Exception STATUS_BUFFER_TOO_SMALL if no byte remains
     */
    public static DestroySocketData decode(ByteBuffer src) throws Dot4Exception {
        return new DestroySocketData(StructIo.uchar(StructIo.claim(src, SIZE, NAME), HSID));
    }

    /** Reads the structure from the start of {@code src}; see {@link #decode(ByteBuffer)}. */
    public static DestroySocketData decode(byte[] src) throws Dot4Exception {
        return decode(ByteBuffer.wrap(src));
    }
}
