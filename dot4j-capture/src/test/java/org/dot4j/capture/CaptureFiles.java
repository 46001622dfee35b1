package org.dot4j.capture;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;

/** Capture files built byte by byte for tests: classic pcap and pcapng, and usbmon records to put in them. */
final class CaptureFiles {

    private CaptureFiles() {}

    /** A record: time in nanoseconds and its bytes. */
    record Rec(long timeNanos, byte[] data) {}

    /** A usbmon record (48- or 64-byte header) of a bulk transfer with data. */
    static byte[] usbmon(ByteOrder order, boolean mmapped, char type, int endpoint, int device, int bus, byte[] data) {
        int header = mmapped ? 64 : 48;
        ByteBuffer b = ByteBuffer.allocate(header + data.length).order(order);
        b.putLong(0, 1234).put(8, (byte) type).put(9, (byte) 3).put(10, (byte) endpoint).put(11, (byte) device)
                .putShort(12, (short) bus).put(14, (byte) '-').put(15, (byte) 0)
                .putInt(32, data.length).putInt(36, data.length);
        b.position(header);
        b.put(data);
        return b.array();
    }

    /** Classic pcap. */
    static byte[] pcap(ByteOrder order, boolean nanos, int linkType, List<Rec> records) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteBuffer h = ByteBuffer.allocate(24).order(order);
        h.putInt(nanos ? 0xA1B23C4D : 0xA1B2C3D4).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0)
                .putInt(262144).putInt(linkType);
        out.writeBytes(h.array());
        for (Rec r : records) {
            ByteBuffer rh = ByteBuffer.allocate(16).order(order);
            long sub = r.timeNanos() % 1_000_000_000L;
            rh.putInt((int) (r.timeNanos() / 1_000_000_000L)).putInt((int) (nanos ? sub : sub / 1000))
                    .putInt(r.data().length).putInt(r.data().length);
            out.writeBytes(rh.array());
            out.writeBytes(r.data());
        }
        return out.toByteArray();
    }

    /** pcapng: one section, one interface with if_tsresol {@code resolution} (or none when 0), EPBs. */
    static byte[] pcapng(ByteOrder order, int linkType, int resolution, List<Rec> records) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(section(order));
        out.writeBytes(iface(order, linkType, resolution));
        for (Rec r : records) {
            out.writeBytes(epb(order, 0, resolution, r));
        }
        return out.toByteArray();
    }

    static byte[] section(ByteOrder order) {
        ByteBuffer b = ByteBuffer.allocate(28).order(order);
        b.putInt(0x0A0D0D0A).putInt(28).putInt(0x1A2B3C4D).putShort((short) 1).putShort((short) 0).putLong(-1).putInt(28);
        return b.array();
    }

    static byte[] iface(ByteOrder order, int linkType, int resolution) {
        int len = 20 + (resolution > 0 ? 8 + 4 : 0);
        ByteBuffer b = ByteBuffer.allocate(len).order(order);
        b.putInt(1).putInt(len).putShort((short) linkType).putShort((short) 0).putInt(0);
        if (resolution > 0) {
            b.putShort((short) 9).putShort((short) 1).put((byte) resolution).put(new byte[3]).putInt(0);
        }
        b.putInt(len);
        return b.array();
    }

    static byte[] epb(ByteOrder order, int iface, int resolution, Rec r) {
        int padded = (r.data().length + 3) & ~3;
        int len = 32 + padded;
        long ticks = resolution == 9 ? r.timeNanos() : r.timeNanos() / 1000;
        ByteBuffer b = ByteBuffer.allocate(len).order(order);
        b.putInt(6).putInt(len).putInt(iface).putInt((int) (ticks >>> 32)).putInt((int) ticks)
                .putInt(r.data().length).putInt(r.data().length).put(r.data());
        b.position(28 + padded);
        b.putInt(len);
        return b.array();
    }

    static byte[] spb(ByteOrder order, byte[] data) {
        int padded = (data.length + 3) & ~3;
        int len = 16 + padded;
        ByteBuffer b = ByteBuffer.allocate(len).order(order);
        b.putInt(3).putInt(len).putInt(data.length).put(data);
        b.position(12 + padded);
        b.putInt(len);
        return b.array();
    }
}
