package org.dot4j.api;

import java.nio.ByteBuffer;

/**
 * {@code DOT4_DRIVER_CMD}, the 16-byte input of {@link Ioctl#READ} and {@link Ioctl#WRITE} (d4drvif.md §2.5,
 * §3.6). The data itself travels in the {@code DeviceIoControl} output buffer for both IOCTLs.
 *
 * <pre>
 * offset size field
 *      0    4 hChannelHandle  CHANNEL_HANDLE of an open channel
 *      4    4 ulSize          bytes to read or write
 *      8    4 ulOffset        byte offset into the data buffer where the transfer starts
 *     12    4 ulTimeout       milliseconds; INFINITE or NO_TIMEOUT
 * </pre>
 *
 * @param channelHandle {@code hChannelHandle}, an unsigned 32-bit value held as {@code int} bits
 * @param size {@code ulSize}, 0..0xFFFFFFFF
 * @param offset {@code ulOffset}, 0..0xFFFFFFFF; {@code offset + size} must lie within the data buffer
 * @param timeout {@code ulTimeout}, 0..0xFFFFFFFF: see {@link #timeout()}
 */
public record DriverCommand(int channelHandle, long size, long offset, long timeout) implements Dot4Struct {

    /** Size of the structure in bytes. */
    public static final int SIZE = 16;

    private static final String NAME = "DOT4_DRIVER_CMD";
    private static final int CHANNEL_HANDLE = 0;
    private static final int SIZE_FIELD = 4;
    private static final int OFFSET = 8;
    private static final int TIMEOUT = 12;

    /**
     * Checks the fields against their C types.
     *
     * @throws IllegalArgumentException naming the field if {@code size}, {@code offset} or {@code timeout}
     *                                  is not a ULONG
     */
    public DriverCommand {
        StructIo.requireUlong("size", size);
        StructIo.requireUlong("offset", offset);
        StructIo.requireUlong("timeout", timeout);
    }

    /**
     * {@code ulTimeout} in milliseconds (the Win32 convention; Microsoft only says it "can be INFINITE").
     * <ul>
     *   <li>{@link Dot4Constants#INFINITE} (0xFFFFFFFF): wait without limit.</li>
     *   <li>{@link Dot4Constants#NO_TIMEOUT} (0): <b>dot4j's documented decision</b> is "do not wait: return what
     *       is available now" (a read returns the buffered bytes, possibly none; a write sends what current
     *       credit allows). The header name could also be read as "no time limit"; Windows' behaviour is
     *       undocumented (d4drvif.md §3.6, §7), so dot4j picks the reading that lets a caller poll.</li>
     *   <li>Anything else: wait at most that many milliseconds.</li>
     * </ul>
     *
     * @return the timeout, 0..0xFFFFFFFF
     */
    @Override
    public long timeout() {
        return timeout;
    }

    /** Whether {@link #timeout()} is {@link Dot4Constants#INFINITE}: wait without limit. */
    public boolean waitsForever() {
        return timeout == Dot4Constants.INFINITE;
    }

    /** Whether {@link #timeout()} is {@link Dot4Constants#NO_TIMEOUT}, which dot4j treats as "do not wait". */
    public boolean doesNotWait() {
        return timeout == Dot4Constants.NO_TIMEOUT;
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
        out.putInt(CHANNEL_HANDLE, channelHandle);
        out.putInt(SIZE_FIELD, (int) size);
        out.putInt(OFFSET, (int) offset);
        out.putInt(TIMEOUT, (int) timeout);
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
    public static DriverCommand decode(ByteBuffer src) throws Dot4Exception {
        ByteBuffer in = StructIo.claim(src, SIZE, NAME);
        return new DriverCommand(in.getInt(CHANNEL_HANDLE), StructIo.ulong(in, SIZE_FIELD),
                StructIo.ulong(in, OFFSET), StructIo.ulong(in, TIMEOUT));
    }

    /** Reads the structure from the start of {@code src}; see {@link #decode(ByteBuffer)}. */
    public static DriverCommand decode(byte[] src) throws Dot4Exception {
        return decode(ByteBuffer.wrap(src));
    }
}
