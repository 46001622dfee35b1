package org.dot4j.capture;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.ReadableByteChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * pcapng files (draft-ietf-opsawg-pcapng): Section Header Blocks (either byte order, several sections), Interface
 * Description Blocks (link type, if_name, if_description, if_tsresol), Enhanced and Simple Packet Blocks and the
 * obsolete Packet Block; other blocks are skipped. Interfaces are numbered across sections.
 */
final class PcapngReader implements CaptureReader {

    /** Block type of a Section Header Block; also the file's first four bytes. */
    static final int SECTION_HEADER = 0x0A0D0D0A;
    private static final int BYTE_ORDER_MAGIC = 0x1A2B3C4D;
    private static final int INTERFACE = 1;
    private static final int OBSOLETE_PACKET = 2;
    private static final int SIMPLE_PACKET = 3;
    private static final int ENHANCED_PACKET = 6;
    /** Block type, total length (twice). */
    private static final int BLOCK_OVERHEAD = 12;
    private static final int OPT_END = 0;
    private static final int IF_NAME = 2;
    private static final int IF_DESCRIPTION = 3;
    private static final int IF_TSRESOL = 9;

    private record Interface(int id, int linkType, int snapLength, String name, long unitsPerSecond) {}

    private final ByteInput input;
    private final ReadableByteChannel channel;
    private ByteOrder order;
    /** Interfaces of the current section, by their index in it. */
    private final List<Interface> interfaces = new ArrayList<>();
    private int interfacesBefore;
    private long lastTime;

    PcapngReader(ByteInput input, ReadableByteChannel channel) throws IOException {
        this.input = input;
        this.channel = channel;
        section(input.offset() - 4);
    }

    /** Reads the rest of a Section Header Block whose type was just read. */
    private void section(long start) throws IOException {
        ByteBuffer lengthAndMagic = input.take(8, ByteOrder.BIG_ENDIAN, "a section header");
        int magic = lengthAndMagic.getInt(4);
        if (magic == BYTE_ORDER_MAGIC) {
            order = ByteOrder.BIG_ENDIAN;
        } else if (Integer.reverseBytes(magic) == BYTE_ORDER_MAGIC) {
            order = ByteOrder.LITTLE_ENDIAN;
        } else {
            throw new CaptureFormatException(input.file(), start, "a pcapng section header without its byte-order magic");
        }
        int length = lengthAndMagic.order(order).getInt(0);
        checkLength(length, 28, start, "section header");
        input.skip(length - BLOCK_OVERHEAD, "a section header");
        interfacesBefore += interfaces.size();
        interfaces.clear();
    }

    @Override
    public Optional<CaptureRecord> next() throws IOException {
        while (!input.atEnd()) {
            long start = input.offset();
            int type = input.take(4, order, "a block header").getInt(0);
            if (type == SECTION_HEADER) {
                section(start);
                continue;
            }
            int length = input.take(4, order, "a block header").getInt(0);
            checkLength(length, BLOCK_OVERHEAD, start, "block");
            ByteBuffer body = input.take(length - BLOCK_OVERHEAD, order, "a block of " + length + " bytes");
            input.skip(4, "a block trailer");
            switch (type) {
                case INTERFACE -> interfaces.add(describe(body, start));
                case ENHANCED_PACKET -> {
                    return Optional.of(packet(body, body.getInt(0), body.getInt(4), body.getInt(8), body.getInt(12),
                            body.getInt(16), 20, start));
                }
                case OBSOLETE_PACKET -> {
                    return Optional.of(packet(body, body.getShort(0) & 0xFFFF, body.getInt(4), body.getInt(8),
                            body.getInt(12), body.getInt(16), 20, start));
                }
                case SIMPLE_PACKET -> {
                    return Optional.of(simple(body, start));
                }
                default -> { } // statistics, name resolution, custom blocks: nothing to decode
            }
        }
        return Optional.empty();
    }

    private CaptureRecord packet(ByteBuffer body, int ifIndex, int high, int low, int captured, int original,
                                 int dataOffset, long start) throws CaptureFormatException {
        Interface iface = iface(ifIndex, start);
        if (captured < 0 || captured > body.limit() - dataOffset) {
            throw new CaptureFormatException(input.file(), start, "a packet block claims " + Integer.toUnsignedString(captured)
                    + " captured bytes but holds " + (body.limit() - dataOffset) + ": the file is damaged");
        }
        lastTime = toNanos(((long) high << 32) | Integer.toUnsignedLong(low), iface.unitsPerSecond);
        return new CaptureRecord(iface.id, iface.linkType, iface.name, lastTime, body.slice(dataOffset, captured).order(order),
                Math.max(original, captured), order);
    }

    /** A Simple Packet Block: interface 0, no timestamp (the previous record's is used), data up to the snap length. */
    private CaptureRecord simple(ByteBuffer body, long start) throws CaptureFormatException {
        Interface iface = iface(0, start);
        int original = body.getInt(0);
        int captured = body.limit() - 4;
        if (original >= 0 && original < captured) {
            captured = original;
        }
        if (iface.snapLength > 0 && captured > iface.snapLength) {
            captured = iface.snapLength;
        }
        return new CaptureRecord(iface.id, iface.linkType, iface.name, lastTime, body.slice(4, captured).order(order),
                Math.max(original, captured), order);
    }

    private Interface iface(int index, long start) throws CaptureFormatException {
        if (index < 0 || index >= interfaces.size()) {
            throw new CaptureFormatException(input.file(), start, "a packet of interface " + Integer.toUnsignedString(index)
                    + ", but the section describes " + interfaces.size() + ": the file is damaged");
        }
        return interfaces.get(index);
    }

    private Interface describe(ByteBuffer body, long start) throws CaptureFormatException {
        if (body.limit() < 8) {
            throw new CaptureFormatException(input.file(), start, "an interface description shorter than 20 bytes");
        }
        int linkType = body.getShort(0) & 0xFFFF;
        int snap = body.getInt(4);
        String name = "";
        String description = "";
        long units = 1_000_000;
        int at = 8;
        while (at + 4 <= body.limit()) {
            int code = body.getShort(at) & 0xFFFF;
            int len = body.getShort(at + 2) & 0xFFFF;
            if (code == OPT_END || at + 4 + len > body.limit()) {
                break;
            }
            ByteBuffer value = body.slice(at + 4, len);
            switch (code) {
                case IF_NAME -> name = StandardCharsets.UTF_8.decode(value).toString();
                case IF_DESCRIPTION -> description = StandardCharsets.UTF_8.decode(value).toString();
                case IF_TSRESOL -> units = len == 1 ? unitsPerSecond(value.get(0), start) : units;
                default -> { }
            }
            at += 4 + ((len + 3) & ~3);
        }
        return new Interface(interfacesBefore + interfaces.size(), linkType, snap,
                description.isEmpty() ? name : description, units);
    }

    /** if_tsresol: high bit clear, 10^-v seconds; set, 2^-v. */
    private long unitsPerSecond(byte resolution, long start) throws CaptureFormatException {
        int v = resolution & 0x7F;
        boolean binary = (resolution & 0x80) != 0;
        if (binary ? v > 62 : v > 18) {
            throw new CaptureFormatException(input.file(), start, "an interface with time resolution "
                    + (binary ? "2^-" : "10^-") + v + " s, finer than any clock");
        }
        return binary ? 1L << v : (long) Math.pow(10, v);
    }

    private static long toNanos(long ticks, long unitsPerSecond) {
        if (unitsPerSecond == 1_000_000_000L) {
            return ticks;
        }
        long seconds = Long.divideUnsigned(ticks, unitsPerSecond);
        long rest = Long.remainderUnsigned(ticks, unitsPerSecond);
        // rest * 10^9 fits a long for every resolution up to 9 * 10^9 per second; finer ones are rare enough for a double
        long fraction = unitsPerSecond <= 9_000_000_000L ? rest * 1_000_000_000L / unitsPerSecond
                : (long) ((double) rest * 1e9 / unitsPerSecond);
        return seconds * 1_000_000_000L + fraction;
    }

    private void checkLength(int length, int min, long start, String what) throws CaptureFormatException {
        if (length < min || (length & 3) != 0) {
            throw new CaptureFormatException(input.file(), start, "a pcapng " + what + " of length "
                    + Integer.toUnsignedString(length) + " (at least " + min + " and a multiple of 4 expected): the file is damaged");
        }
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
