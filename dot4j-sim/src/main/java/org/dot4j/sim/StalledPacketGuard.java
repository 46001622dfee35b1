package org.dot4j.sim;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import org.dot4j.driver.ByteLink;
import org.dot4j.wire.WireFormat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A host's link, watched for a packet that stops halfway. The engine's framer waits for the rest of a packet for
 * ever, so a host that sends half a header and goes silent would hold its link (and its slot among
 * {@link SimConfig.Limits#maxHosts()}) until it disconnects. This link follows the packet boundaries of what it
 * reads, with the framer's resynchronisation rule (reference §1.4: a LENGTH below 6 skips one byte), and
 * {@link #watch()} closes it once part of a packet has been waiting longer than the timeout. A link that rests
 * between packets is never timed out: hosts such as the daemon keep idle links open.
 *
 * <p>Threading: as {@link ByteLink}; {@link #watch()} runs on its own thread until the link is closed.
 */
final class StalledPacketGuard implements ByteLink {

    private static final Logger log = LoggerFactory.getLogger(StalledPacketGuard.class);

    private final ByteLink link;
    private final long timeoutNanos;
    private final Object wake = new Object();
    /** The start of the packet being read: up to a header's worth of bytes (read thread only). */
    private final byte[] header = new byte[WireFormat.HEADER_SIZE];
    private int headerBytes;
    /** Body bytes of the current packet not read yet (read thread only). */
    private int bodyLeft;
    private volatile boolean midPacket;
    private volatile long lastByteNanos = System.nanoTime();
    private volatile boolean closed;

    StalledPacketGuard(ByteLink link, Duration timeout) {
        this.link = link;
        this.timeoutNanos = timeout.toNanos();
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        int start = dst.position();
        int n = link.read(dst);
        if (n > 0) {
            follow(dst, start, n);
            lastByteNanos = System.nanoTime();
        }
        return n;
    }

    @Override
    public void write(ByteBuffer src) throws IOException {
        link.write(src);
    }

    @Override
    public boolean transferPerPacketPart() {
        return link.transferPerPacketPart();
    }

    @Override
    public String describe() {
        return link.describe();
    }

    @Override
    public void close() throws IOException {
        closed = true;
        synchronized (wake) {
            wake.notifyAll();
        }
        link.close();
    }

    /** Whether part of a packet has arrived and the rest not yet. */
    boolean midPacket() {
        return midPacket;
    }

    /** Blocks until the link is closed; closes it when part of a packet waited longer than the timeout. */
    void watch() {
        long stalledFor;
        synchronized (wake) {
            while (true) {
                if (closed) {
                    return;
                }
                long quiet = System.nanoTime() - lastByteNanos;
                if (midPacket && quiet >= timeoutNanos) {
                    stalledFor = quiet;
                    break;
                }
                long waitNanos = midPacket ? timeoutNanos - quiet : timeoutNanos;
                try {
                    wake.wait(Math.max(1, waitNanos / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
        log.warn("{}: the host sent part of a packet and nothing more for {} ms; disconnecting it", describe(),
                stalledFor / 1_000_000);
        try {
            close();
        } catch (IOException e) {
            log.debug("{}: closing: {}", describe(), e.getMessage());
        }
    }

    /** Advances the packet position over the {@code n} bytes read into {@code dst} at {@code start}. */
    private void follow(ByteBuffer dst, int start, int n) {
        int at = start;
        int end = start + n;
        while (at < end) {
            if (bodyLeft > 0) {
                int skip = Math.min(bodyLeft, end - at);
                bodyLeft -= skip;
                at += skip;
                continue;
            }
            header[headerBytes++] = dst.get(at++);
            if (headerBytes == 4 && length() < WireFormat.HEADER_SIZE) {
                System.arraycopy(header, 1, header, 0, 3); // not a packet start: skip one byte, as the framer does
                headerBytes = 3;
            } else if (headerBytes == WireFormat.HEADER_SIZE) {
                bodyLeft = length() - WireFormat.HEADER_SIZE;
                headerBytes = 0;
            }
        }
        midPacket = headerBytes > 0 || bodyLeft > 0;
    }

    private int length() {
        return (header[2] & 0xFF) << 8 | (header[3] & 0xFF);
    }
}
