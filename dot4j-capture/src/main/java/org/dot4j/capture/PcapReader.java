package org.dot4j.capture;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.ReadableByteChannel;
import java.util.Optional;

/**
 * Classic libpcap files (pcap-savefile(5)): a 24-byte file header, then records of a 16-byte header and the captured
 * bytes; either byte order, microsecond or nanosecond timestamps. One interface, numbered 0.
 */
final class PcapReader implements CaptureReader {

    private static final int MICROS = 0xA1B2C3D4;
    private static final int NANOS = 0xA1B23C4D;
    private static final int FILE_HEADER_REST = 20;
    private static final int RECORD_HEADER = 16;
    /** The link type's bits of the header's last field; the rest hold FCS information. */
    private static final int LINK_TYPE_MASK = 0xFFFF;

    private final ByteInput input;
    private final ReadableByteChannel channel;
    private final ByteOrder order;
    private final long nanosPerTick;
    private final int linkType;

    private PcapReader(ByteInput input, ReadableByteChannel channel, ByteOrder order, boolean nanos) throws IOException {
        this.input = input;
        this.channel = channel;
        this.order = order;
        this.nanosPerTick = nanos ? 1 : 1000;
        ByteBuffer h = input.take(FILE_HEADER_REST, order, "the pcap file header");
        this.linkType = h.getInt(16) & LINK_TYPE_MASK;
    }

    /** A reader when {@code magic} (read big-endian) is one of pcap's four. */
    static Optional<CaptureReader> ofMagic(int magic, ByteInput input, ReadableByteChannel channel) throws IOException {
        for (ByteOrder order : new ByteOrder[] {ByteOrder.BIG_ENDIAN, ByteOrder.LITTLE_ENDIAN}) {
            int m = order == ByteOrder.BIG_ENDIAN ? magic : Integer.reverseBytes(magic);
            if (m == MICROS || m == NANOS) {
                return Optional.of(new PcapReader(input, channel, order, m == NANOS));
            }
        }
        return Optional.empty();
    }

    @Override
    public Optional<CaptureRecord> next() throws IOException {
        if (input.atEnd()) {
            return Optional.empty();
        }
        ByteBuffer h = input.take(RECORD_HEADER, order, "a record header");
        long seconds = Integer.toUnsignedLong(h.getInt(0));
        long fraction = Integer.toUnsignedLong(h.getInt(4));
        int captured = h.getInt(8);
        int original = h.getInt(12);
        ByteBuffer data = input.take(captured, order, "a record of " + Integer.toUnsignedString(captured) + " bytes");
        return Optional.of(new CaptureRecord(0, linkType, "", seconds * 1_000_000_000L + fraction * nanosPerTick,
                data, Math.max(original, captured), order));
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
