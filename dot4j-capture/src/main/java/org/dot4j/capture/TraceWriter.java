package org.dot4j.capture;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Writes a dot4j trace (docs/trace-format.md): a pcapng file in which every traced link is an interface of link type
 * 220 (LINKTYPE_USB_LINUX_MMAPPED) and every read or write a bulk transfer of a USB device of its own, bus
 * {@code 1 + n / 127}, device {@code 1 + n % 127} for the n-th link: host to peripheral on endpoint 0x01 (a submission
 * with data), peripheral to host on 0x81 (a completion with data). Wireshark and tshark open it, and dot4j's dissector
 * decodes it as it decodes a usbmon capture; so does {@code dot4 decode}. Timestamps in nanoseconds (if_tsresol 9),
 * epb_flags give the direction too (outbound = from the host).
 *
 * <p>Thread-safe: links record from their reader and writer threads; each record is written whole, in one call, so a
 * trace cut off by a crash ends with whole records.
 */
public final class TraceWriter implements Closeable {

    /** The link type of every interface. */
    public static final int LINK_TYPE = UsbmonDemux.LINUX_MMAPPED;
    /** Endpoint of host-to-peripheral bytes. */
    public static final int ENDPOINT_OUT = 0x01;
    /** Endpoint of peripheral-to-host bytes. */
    public static final int ENDPOINT_IN = 0x81;
    /** Bytes per record at most: a longer read or write becomes several transfers (Wireshark's usual snap length). */
    static final int MAX_RECORD_DATA = 65536;

    private static final int SHB = 0x0A0D0D0A;
    private static final int IDB = 1;
    private static final int EPB = 6;
    private static final int EPB_FLAGS = 2;
    private static final int FLAG_INBOUND = 1;
    private static final int FLAG_OUTBOUND = 2;
    private static final int URB_DIR_IN = 0x200;
    private static final int DEVICES_PER_BUS = 127;

    private final WritableByteChannel out;
    private final boolean closeWithLastLink;
    private int links;
    private int open;
    private long urbs;
    private boolean closed;

    private TraceWriter(WritableByteChannel out, boolean closeWithLastLink) throws IOException {
        this.out = out;
        this.closeWithLastLink = closeWithLastLink;
        ByteBuffer b = block(SHB, 16 + option(4, "dot4j".length()));
        b.putInt(0x1A2B3C4D).putShort((short) 1).putShort((short) 0).putLong(-1);
        putOption(b, 4, "dot4j".getBytes(StandardCharsets.US_ASCII)); // shb_userappl
        write(finish(b));
    }

    /**
     * Creates (or replaces) {@code file}. With {@code closeWithLastLink}, the file is closed when the last of its links
     * is; otherwise by {@link #close()}.
     */
    public static TraceWriter create(Path file, boolean closeWithLastLink) throws IOException {
        FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING);
        try {
            return new TraceWriter(ch, closeWithLastLink);
        } catch (IOException e) {
            ch.close();
            throw e;
        }
    }

    /** A trace written to {@code out} (a pipe, a socket), closed with the writer. */
    public static TraceWriter to(WritableByteChannel out, boolean closeWithLastLink) throws IOException {
        return new TraceWriter(out, closeWithLastLink);
    }

    /** One traced link: an interface and a device of the trace. */
    public final class Link implements Closeable {
        private final int id;
        private final int bus;
        private final int device;
        private boolean linkClosed;

        private Link(int id) {
            this.id = id;
            this.bus = 1 + id / DEVICES_PER_BUS;
            this.device = 1 + id % DEVICES_PER_BUS;
        }

        /** Records bytes that went {@code dir} at {@code timeNanos}: from {@code bytes}' position to its limit. */
        public void record(Direction dir, long timeNanos, ByteBuffer bytes) throws IOException {
            ByteBuffer b = bytes.duplicate();
            do {
                int n = Math.min(b.remaining(), MAX_RECORD_DATA);
                transfer(this, dir, timeNanos, b.slice(b.position(), n));
                b.position(b.position() + n);
            } while (b.hasRemaining());
        }

        /** Ends this link's part of the trace; the last one closes the file when the writer was made so. */
        @Override
        public void close() throws IOException {
            boolean last;
            synchronized (TraceWriter.this) {
                if (linkClosed) {
                    return;
                }
                linkClosed = true;
                open--;
                last = closeWithLastLink && open == 0;
            }
            if (last) {
                TraceWriter.this.close();
            }
        }
    }

    /** Adds a link described as {@code description} (e.g. "host tcp://127.0.0.1:9100"). */
    public synchronized Link link(String description) throws IOException {
        byte[] desc = description.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = block(IDB, 8 + option(3, desc.length) + option(9, 1));
        b.putShort((short) LINK_TYPE).putShort((short) 0).putInt(0);
        putOption(b, 3, desc); // if_description
        putOption(b, 9, new byte[] {9}); // if_tsresol: nanoseconds
        write(finish(b));
        open++;
        return new Link(links++);
    }

    private synchronized void transfer(Link link, Direction dir, long timeNanos, ByteBuffer data) throws IOException {
        boolean in = dir == Direction.PERIPHERAL_TO_HOST;
        int n = data.remaining();
        int padded = (n + UsbmonDemux.HEADER_MMAPPED + 3) & ~3;
        ByteBuffer b = block(EPB, 20 + padded + option(EPB_FLAGS, 4));
        b.putInt(link.id).putInt((int) (timeNanos >>> 32)).putInt((int) timeNanos)
                .putInt(UsbmonDemux.HEADER_MMAPPED + n).putInt(UsbmonDemux.HEADER_MMAPPED + n);
        int start = b.position();
        b.putLong(++urbs).put(in ? UsbmonDemux.COMPLETE : UsbmonDemux.SUBMIT).put((byte) UsbmonDemux.BULK)
                .put((byte) (in ? ENDPOINT_IN : ENDPOINT_OUT)).put((byte) link.device).putShort((short) link.bus)
                .put((byte) '-').put((byte) 0) // no setup packet; data present
                .putLong(Math.floorDiv(timeNanos, 1_000_000_000L)).putInt((int) (Math.floorMod(timeNanos, 1_000_000_000L) / 1000))
                .putInt(0).putInt(n).putInt(n).putLong(0) // status, length, captured length, setup
                .putInt(0).putInt(0).putInt(in ? URB_DIR_IN : 0).putInt(0); // interval, start frame, flags, ISO descriptors
        b.put(data);
        b.position(start + padded);
        ByteBuffer flags = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(in ? FLAG_INBOUND : FLAG_OUTBOUND);
        putOption(b, EPB_FLAGS, flags.array());
        write(finish(b));
    }

    /** A block buffer with type and length written and room for {@code body} bytes plus the end-of-options. */
    private static ByteBuffer block(int type, int body) {
        int length = 8 + body + 4 + 4; // header, body, opt_endofopt, trailing length
        return ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN).putInt(type).putInt(length);
    }

    private static ByteBuffer finish(ByteBuffer b) {
        b.putInt(0); // opt_endofopt
        b.putInt(b.capacity());
        return b.flip();
    }

    private static int option(int code, int length) {
        return 4 + ((length + 3) & ~3);
    }

    private static void putOption(ByteBuffer b, int code, byte[] value) {
        b.putShort((short) code).putShort((short) value.length).put(value);
        b.position(b.position() + (((value.length + 3) & ~3) - value.length));
    }

    private void write(ByteBuffer b) throws IOException {
        if (closed) {
            return; // a link still reading after the trace was stopped: its bytes are not traced
        }
        while (b.hasRemaining()) {
            out.write(b);
        }
    }

    /** Closes the file; links that record later are not traced. Idempotent. */
    @Override
    public synchronized void close() throws IOException {
        if (!closed) {
            closed = true;
            out.close();
        }
    }
}
