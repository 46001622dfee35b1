package org.dot4j.wire;

import java.nio.ByteBuffer;

/**
 * Cuts a byte stream into 1284.4 packets. Bytes go in with {@link #feed}; {@link #next()} returns the next
 * whole packet, a run of junk it skipped, or {@link Frame.NeedMoreBytes}. Memory is fixed: one buffer of
 * the largest packet LENGTH allows, so a hostile LENGTH can never make it grow.
 *
 * <p>Resynchronisation (reference §1.4, §12.1): a header whose LENGTH is below 6 cannot frame a packet, so
 * the framer skips one byte and looks again, reporting the skipped run once as {@link Frame.Junk}. This also
 * swallows the NUL floods d4lib sends to recover a device. A run is reported when it ends (the next packet
 * starts) or, if more bytes are needed first, once it holds {@link #JUNK_REPORT_BYTES}: however the bytes were cut
 * into feeds, a peer whose junk arrives one byte per read costs one report (one Error packet) per run or per 4 KiB,
 * not one per byte.
 *
 * <p>Not thread-safe. A {@link Frame.Packet}'s body is a view valid until the next call.
 */
public final class PacketFramer {

    /** Junk held back while its run may go on is reported anyway once it reaches this many bytes. */
    static final int JUNK_REPORT_BYTES = 4096;

    private final byte[] buffer = new byte[WireFormat.MAX_PACKET_SIZE];
    private int start;
    private int end;
    /** Junk skipped and not yet reported: the run may go on in the next feed. */
    private int skipped;
    private boolean skippedAllZero = true;

    /** What {@link #next()} found. */
    public sealed interface Frame {
        /** A whole packet: its header and exactly LENGTH − 6 body bytes. */
        record Packet(PacketHeader header, ByteBuffer body) implements Frame {}

        /** Bytes dropped because they could not start a packet; {@code allZero} for NUL floods. */
        record Junk(int bytes, boolean allZero) implements Frame {}

        /** Nothing more until more bytes are fed. */
        record NeedMoreBytes() implements Frame {}
    }

    private static final Frame.NeedMoreBytes NEED_MORE = new Frame.NeedMoreBytes();

    /** Copies as many bytes of {@code src} as there is room for; returns how many. */
    public int feed(ByteBuffer src) {
        if (start > 0 && buffer.length - end < src.remaining()) {
            System.arraycopy(buffer, start, buffer, 0, end - start);
            end -= start;
            start = 0;
        }
        int n = Math.min(src.remaining(), buffer.length - end);
        src.get(buffer, end, n);
        end += n;
        return n;
    }

    /**
     * The next frame of what is buffered followed by {@code src}: {@link Frame.NeedMoreBytes} only once {@code src}
     * is used up. A whole packet at the front of {@code src}, with nothing buffered before it, is not copied: its
     * body is a view of {@code src}, valid while the caller leaves {@code src}'s bytes alone. Of the rest the framer
     * copies a packet cut by the end of {@code src}, and junk; to a cut packet it adds only what completes it, so
     * the packets behind come straight from {@code src} again. The frames are those {@link #feed} and {@link #next()}
     * would give.
     */
    public Frame next(ByteBuffer src) {
        while (true) {
            Frame buffered = next();
            if (!(buffered instanceof Frame.NeedMoreBytes)) {
                return buffered;
            }
            Frame.Packet whole = wholeAtFront(src);
            if (whole != null || !src.hasRemaining()) {
                return whole != null ? whole : NEED_MORE;
            }
            int missing = missing();
            int limit = src.limit();
            if (missing > 0 && missing < src.remaining()) {
                src.limit(src.position() + missing);
            }
            feed(src);
            src.limit(limit);
        }
    }

    /** The packet at the front of {@code src} as a view, when nothing is buffered or pending and all of it is there. */
    private Frame.Packet wholeAtFront(ByteBuffer src) {
        int at = src.position();
        if (end != start || skipped > 0 || src.remaining() < WireFormat.HEADER_SIZE) {
            return null;
        }
        int length = ((src.get(at + 2) & 0xFF) << 8) | (src.get(at + 3) & 0xFF);
        if (length < WireFormat.HEADER_SIZE || length > src.remaining()) {
            return null;
        }
        src.position(at + length);
        return packetAt(src, at, length);
    }

    /** The packet of {@code length} bytes at {@code at} in {@code bytes}: its header, and its body as a read-only view. */
    private static Frame.Packet packetAt(ByteBuffer bytes, int at, int length) {
        PacketHeader header = PacketHeader.decode(bytes.slice(at, WireFormat.HEADER_SIZE));
        ByteBuffer body = bytes.slice(at + WireFormat.HEADER_SIZE, length - WireFormat.HEADER_SIZE).asReadOnlyBuffer();
        return new Frame.Packet(header, body);
    }

    /**
     * Bytes that would complete the packet being assembled: the rest of its header, or of its LENGTH once the
     * header is whole; 0 when none is (nothing held, a junk run pending, or a LENGTH that cannot frame a packet).
     */
    private int missing() {
        int held = end - start;
        if (held == 0 || skipped > 0) {
            return 0;
        }
        if (held < WireFormat.HEADER_SIZE) {
            return WireFormat.HEADER_SIZE - held;
        }
        int length = lengthAt(buffer, start);
        return length >= WireFormat.HEADER_SIZE ? Math.max(0, length - held) : 0;
    }

    private static int lengthAt(byte[] b, int at) {
        return ((b[at + 2] & 0xFF) << 8) | (b[at + 3] & 0xFF);
    }

    /** Bytes buffered but not yet returned as packets. */
    public int buffered() {
        return end - start;
    }

    /** Junk bytes skipped but not yet reported, because the run they belong to has not ended. */
    public int pendingJunk() {
        return skipped;
    }

    /** The next packet, junk run, or {@link Frame.NeedMoreBytes}. */
    public Frame next() {
        while (end - start >= WireFormat.HEADER_SIZE) {
            int length = lengthAt(buffer, start);
            if (length >= WireFormat.HEADER_SIZE) {
                if (skipped > 0) {
                    return junk();
                }
                if (end - start < length) {
                    break;
                }
                Frame.Packet packet = packetAt(ByteBuffer.wrap(buffer), start, length);
                start += length;
                return packet;
            }
            skippedAllZero &= buffer[start] == 0;
            start++;
            skipped++;
        }
        if (start == end) {
            start = end = 0;
        }
        return skipped >= JUNK_REPORT_BYTES ? junk() : NEED_MORE;
    }

    private Frame junk() {
        Frame run = new Frame.Junk(skipped, skippedAllZero);
        skipped = 0;
        skippedAllZero = true;
        return run;
    }

    /** Drops everything buffered, e.g. after the link was reset. */
    public void clear() {
        start = end = 0;
        skipped = 0;
        skippedAllZero = true;
    }
}
