package org.dot4j.sim;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.dot4j.driver.ByteLink;

/**
 * A host made of bytes: writes exact byte arrays to its end of a link and reads the peripheral's packets, framed
 * by their LENGTH field, with a timeout. Keeps a timeline of everything sent and received, in order, so tests can
 * audit what the peripheral sent and when.
 */
public final class RawHost implements AutoCloseable {

    static final Duration REPLY_TIMEOUT = Duration.ofSeconds(5);
    private static final HexFormat HEX = HexFormat.ofDelimiter(" ");

    /** One packet on the timeline. */
    record Entry(boolean fromHost, byte[] bytes) {
        @Override
        public String toString() {
            return (fromHost ? "host -> " : "sim  <- ") + hex(bytes);
        }
    }

    private final ByteLink link;
    private final BlockingQueue<byte[]> received = new LinkedBlockingQueue<>();
    private final List<Entry> timeline = new ArrayList<>();
    private final Thread reader;
    private volatile String readerFailure;

    public RawHost(ByteLink link) {
        this.link = link;
        this.reader = Thread.ofVirtual().name("raw-host-reader").start(this::readLoop);
    }

    /** Writes {@code bytes} as they are (they need not be one packet, or a packet at all). */
    public void send(byte[] bytes) throws IOException {
        synchronized (timeline) {
            timeline.add(new Entry(true, bytes.clone()));
        }
        link.write(ByteBuffer.wrap(bytes));
    }

    /** Writes the bytes spelled in hex ("00 00 00 08 ..."). */
    public void send(String hexBytes) throws IOException {
        send(bytes(hexBytes));
    }

    /** The next packet the peripheral sent, waiting up to {@link #REPLY_TIMEOUT}. */
    public byte[] next() throws InterruptedException {
        return next(REPLY_TIMEOUT);
    }

    /** The next packet the peripheral sent, waiting up to {@code timeout}; fails the test when none came. */
    public byte[] next(Duration timeout) throws InterruptedException {
        byte[] packet = received.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
        if (packet == null) {
            throw new AssertionError("no packet from the peripheral within " + timeout.toMillis() + " ms"
                    + (readerFailure == null ? "" : " (" + readerFailure + ")") + "; timeline:\n" + timelineText());
        }
        return packet;
    }

    /** Sends {@code hexBytes} and returns the next packet. */
    public byte[] exchange(String hexBytes) throws IOException, InterruptedException {
        send(hexBytes);
        return next();
    }

    /** Sends {@code bytes} and returns the next packet. */
    public byte[] exchange(byte[] bytes) throws IOException, InterruptedException {
        send(bytes);
        return next();
    }

    /** Packets received and not yet taken with {@link #next}. */
    int queued() {
        return received.size();
    }

    /** Everything sent and received so far, in order. */
    List<Entry> timeline() {
        synchronized (timeline) {
            return List.copyOf(timeline);
        }
    }

    String timelineText() {
        StringBuilder b = new StringBuilder();
        for (Entry e : timeline()) {
            b.append("  ").append(e).append('\n');
        }
        return b.toString();
    }

    /** Whether the peripheral closed the link (the reader saw its end) within {@code timeout}. */
    boolean awaitClosedByPeer(Duration timeout) throws InterruptedException {
        return reader.join(timeout);
    }

    /** Closes the link, as a host process that exits would. */
    @Override
    public void close() throws IOException {
        link.close();
        try {
            reader.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public static byte[] bytes(String hexBytes) {
        return HEX.parseHex(hexBytes.trim().replaceAll("\\s+", " "));
    }

    static String hex(byte[] bytes) {
        return HEX.formatHex(bytes);
    }

    private void readLoop() {
        ByteBuffer in = ByteBuffer.allocate(256 * 1024);
        try {
            while (link.read(in) >= 0) {
                in.flip();
                while (in.remaining() >= 6) {
                    int length = (in.get(in.position() + 2) & 0xFF) << 8 | (in.get(in.position() + 3) & 0xFF);
                    if (length < 6) {
                        readerFailure = "peripheral sent a header with LENGTH " + length;
                        return;
                    }
                    if (in.remaining() < length) {
                        break;
                    }
                    byte[] packet = new byte[length];
                    in.get(packet);
                    synchronized (timeline) {
                        timeline.add(new Entry(false, packet));
                    }
                    received.add(packet);
                }
                in.compact();
            }
        } catch (IOException e) {
            readerFailure = "link read failed: " + e.getMessage();
        }
    }

    @Override
    public String toString() {
        return "RawHost on " + link.describe();
    }
}
