package org.dot4j.api;

import java.nio.ByteBuffer;

/**
 * {@code DOT4_WMI_XFER_INFO}, a 16-byte block of per-channel-type byte counters found only in the mingw.org
 * copy of d4iface.h (d4drvif.md §2.7); dot4j offers it for statistics.
 *
 * <pre>
 * offset size field
 *      0    4 ulStreamBytesWritten
 *      4    4 ulStreamBytesRead
 *      8    4 ulPacketBytesWritten
 *     12    4 ulPacketBytesRead
 * </pre>
 *
 * @param streamBytesWritten bytes written on stream channels, 0..0xFFFFFFFF
 * @param streamBytesRead bytes read on stream channels, 0..0xFFFFFFFF
 * @param packetBytesWritten bytes written on packet channels, 0..0xFFFFFFFF
 * @param packetBytesRead bytes read on packet channels, 0..0xFFFFFFFF
 */
public record TransferStatistics(long streamBytesWritten, long streamBytesRead, long packetBytesWritten,
                                 long packetBytesRead) implements Dot4Struct {

    /** Size of the structure in bytes. */
    public static final int SIZE = 16;

    private static final String NAME = "DOT4_WMI_XFER_INFO";
    private static final int STREAM_WRITTEN = 0;
    private static final int STREAM_READ = 4;
    private static final int PACKET_WRITTEN = 8;
    private static final int PACKET_READ = 12;

    /**
     * Checks the counters against ULONG.
     *
     * @throws IllegalArgumentException naming the counter that is not 0..0xFFFFFFFF
     */
    public TransferStatistics {
        StructIo.requireUlong("streamBytesWritten", streamBytesWritten);
        StructIo.requireUlong("streamBytesRead", streamBytesRead);
        StructIo.requireUlong("packetBytesWritten", packetBytesWritten);
        StructIo.requireUlong("packetBytesRead", packetBytesRead);
    }

    /**
     * Statistics from 64-bit running totals, each wrapped modulo 2<sup>32</sup> as a 32-bit C counter would
     * wrap, so a long-lived device can report its totals without overflow errors.
     */
    public static TransferStatistics wrapping(long streamBytesWritten, long streamBytesRead,
                                              long packetBytesWritten, long packetBytesRead) {
        return new TransferStatistics(streamBytesWritten & StructIo.ULONG_MAX, streamBytesRead & StructIo.ULONG_MAX,
                packetBytesWritten & StructIo.ULONG_MAX, packetBytesRead & StructIo.ULONG_MAX);
    }

    @Override
    public int encodedSize() {
        return SIZE;
    }

    @Override
    public byte[] encode() {
        ByteBuffer out = StructIo.allocate(SIZE);
        out.putInt(STREAM_WRITTEN, (int) streamBytesWritten);
        out.putInt(STREAM_READ, (int) streamBytesRead);
        out.putInt(PACKET_WRITTEN, (int) packetBytesWritten);
        out.putInt(PACKET_READ, (int) packetBytesRead);
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
    public static TransferStatistics decode(ByteBuffer src) throws Dot4Exception {
        ByteBuffer in = StructIo.claim(src, SIZE, NAME);
        return new TransferStatistics(StructIo.ulong(in, STREAM_WRITTEN), StructIo.ulong(in, STREAM_READ),
                StructIo.ulong(in, PACKET_WRITTEN), StructIo.ulong(in, PACKET_READ));
    }

    /** Reads the structure from the start of {@code src}; see {@link #decode(ByteBuffer)}. */
    public static TransferStatistics decode(byte[] src) throws Dot4Exception {
        return decode(ByteBuffer.wrap(src));
    }
}
