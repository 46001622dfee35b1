package org.dot4j.engine;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;

/**
 * Data written to one channel and not yet sent, with message boundaries. Bounded: {@link #offer} takes only
 * what fits, so a writer faster than the peer's credit waits instead of growing memory. Not thread-safe.
 */
final class SendQueue {

    private record Segment(byte[] data, boolean endOfMessage) {}

    private final ArrayDeque<Segment> segments = new ArrayDeque<>();
    private final int capacity;
    private int size;
    private int headOffset;
    /** Messages whose last byte is queued (packet channels). */
    private int completeMessages;

    SendQueue(int capacity) {
        this.capacity = capacity;
    }

    int size() {
        return size;
    }

    boolean isEmpty() {
        return segments.isEmpty();
    }

    int free() {
        return capacity - size;
    }

    /**
     * Takes as much of {@code src} as fits. {@code endOfMessage} marks the end of a message only when all of
     * {@code src} was taken. Returns bytes taken.
     */
    int offer(ByteBuffer src, boolean endOfMessage) {
        int n = Math.min(src.remaining(), free());
        boolean ends = endOfMessage && n == src.remaining();
        if (n == 0 && !ends) {
            return 0;
        }
        byte[] copy = new byte[n];
        src.get(copy);
        segments.add(new Segment(copy, ends));
        size += n;
        if (ends) {
            completeMessages++;
        }
        return n;
    }

    /**
     * Moves up to {@code max} bytes into {@code dst} for one packet: in packet mode never past the end of a
     * message. Returns true when the bytes taken end a message (packet mode) or empty the queue (stream mode).
     */
    boolean take(ByteBuffer dst, int max, ChannelMode mode) {
        int taken = 0;
        while (taken < max && !segments.isEmpty()) {
            Segment head = segments.peek();
            int n = Math.min(max - taken, head.data.length - headOffset);
            dst.put(head.data, headOffset, n);
            headOffset += n;
            taken += n;
            size -= n;
            if (headOffset < head.data.length) {
                return false;
            }
            segments.poll();
            headOffset = 0;
            if (head.endOfMessage) {
                completeMessages--;
                if (mode == ChannelMode.PACKET) {
                    return true;
                }
            }
        }
        return mode == ChannelMode.STREAM && segments.isEmpty();
    }

    /** Drops everything queued (channel aborted). */
    void clear() {
        segments.clear();
        size = 0;
        headOffset = 0;
        completeMessages = 0;
    }
}
