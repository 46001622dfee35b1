package org.dot4j.capture;

import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Turns Linux usbmon records (LINKTYPE_USB_LINUX 189, 48-byte header; LINKTYPE_USB_LINUX_MMAPPED 220, 64-byte header)
 * into the bytes of each device's 1284.4 bulk pipes: an OUT transfer's data at its submission, an IN transfer's at
 * its completion. Header fields are in the capturing host's byte order, which is the file's.
 *
 * <p>Unless {@link UsbEndpoints} names them, the pipes are found from the data: a device's bulk OUT endpoint is the
 * first whose transfer starts with a transaction packet (an Init, Epson's entry packet, ...; {@link PacketStart}), its
 * bulk IN endpoint the first that then answers with one. Transfers before that are not 1284.4 (or the capture began
 * mid-conversation) and are skipped, as the Wireshark dissector does. Not thread-safe.
 */
final class UsbmonDemux {

    /** LINKTYPE_USB_LINUX: the 48-byte header. */
    static final int LINUX = 189;
    /** LINKTYPE_USB_LINUX_MMAPPED: the 64-byte header (interval, start frame, flags, ISO descriptor count added). */
    static final int LINUX_MMAPPED = 220;

    static final int HEADER = 48;
    static final int HEADER_MMAPPED = 64;
    static final byte SUBMIT = 'S';
    static final byte COMPLETE = 'C';
    static final int BULK = 3;
    static final int ENDPOINT_IN = 0x80;

    // Offsets in the header (linux/Documentation/usb/usbmon.rst, "struct usbmon_packet").
    static final int TYPE = 8;
    static final int TRANSFER_TYPE = 9;
    static final int ENDPOINT = 10;
    static final int DEVICE = 11;
    static final int BUS = 12;
    static final int LENGTH = 32;
    static final int DATA_LENGTH = 36;

    /** One device's 1284.4 pipes, once found. */
    private static final class Pipes {
        final String link;
        int out;
        int in;

        Pipes(String link, UsbEndpoints given) {
            this.link = link;
            this.out = given.out();
            this.in = given.in();
        }
    }

    private final UsbEndpoints given;
    private final Map<String, Pipes> devices = new HashMap<>();

    UsbmonDemux(UsbEndpoints given) {
        this.given = given;
    }

    /** True for the link types this reads. */
    static boolean reads(int linkType) {
        return linkType == LINUX || linkType == LINUX_MMAPPED;
    }

    /** Passes on the 1284.4 bytes of {@code record}, if it holds any. */
    void accept(CaptureRecord record, Consumer<Chunk> out) {
        ByteBuffer r = record.data();
        int header = record.linkType() == LINUX_MMAPPED ? HEADER_MMAPPED : HEADER;
        if (r.limit() < header || r.get(TRANSFER_TYPE) != BULK) {
            return;
        }
        int endpoint = r.get(ENDPOINT) & 0xFF;
        boolean in = (endpoint & ENDPOINT_IN) != 0;
        if (r.get(TYPE) != (in ? COMPLETE : SUBMIT)) {
            return;
        }
        // LENGTH is the OUT transfer's size or the IN transfer's actual length; usbmon may capture less of it
        long wanted = Integer.toUnsignedLong(r.getInt(LENGTH));
        int available = (int) Math.min(Integer.toUnsignedLong(r.getInt(DATA_LENGTH)), r.limit() - header);
        if (available <= 0) {
            return;
        }
        String device = (r.getShort(BUS) & 0xFFFF) + "." + (r.get(DEVICE) & 0xFF);
        if (given.device().isPresent() && !given.device().get().equals(device)) {
            return;
        }
        String key = record.interfaceId() + ":" + device;
        Pipes pipes = devices.computeIfAbsent(key, k -> new Pipes(label(record, device), given));
        ByteBuffer data = r.slice(header, available);
        if (!recognised(pipes, endpoint, in, data)) {
            return;
        }
        out.accept(new Chunk(pipes.link, record.timeNanos(), in ? Direction.PERIPHERAL_TO_HOST : Direction.HOST_TO_PERIPHERAL,
                data, Math.max(0, wanted - available)));
    }

    /** True when {@code endpoint} is (or now becomes) this device's 1284.4 pipe for its direction. */
    private static boolean recognised(Pipes pipes, int endpoint, boolean in, ByteBuffer data) {
        if (in) {
            if (pipes.in < 0 && pipes.out >= 0 && PacketStart.isTransaction(data)) {
                pipes.in = endpoint;
            }
            return pipes.in == endpoint;
        }
        if (pipes.out < 0 && PacketStart.isTransaction(data)) {
            pipes.out = endpoint;
        }
        return pipes.out == endpoint;
    }

    private static String label(CaptureRecord record, String device) {
        String name = record.interfaceName();
        return "usb " + device + (name.isEmpty() || name.startsWith("usbmon") ? "" : " (" + name + ")");
    }
}
