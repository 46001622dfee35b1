package org.dot4j.engine;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;

/**
 * Bytes with message boundaries, bounded: a channel's received data (filled by packets, drained by reads) and its
 * data to send (filled by writes, drained into packets). Never holds more than {@code capacity} bytes. Not
 * thread-safe; owned by the engine.
 */
final class SegmentQueue {

    /** One write's or one packet's bytes, and whether they end a message. */
    private record Segment(byte[] data, boolean endOfMessage) {}

    private final ArrayDeque<Segment> segments = new ArrayDeque<>();
    private final int capacity;
    private int size;
    private int headOffset;
    /** Messages whose last byte is queued. */
    private int completeMessages;

    SegmentQueue(int capacity) {
        this.capacity = capacity;
    }

    int size() {
        return size;
    }

    int free() {
        return capacity - size;
    }

    boolean isEmpty() {
        return segments.isEmpty();
    }

    boolean hasCompleteMessage() {
        return completeMessages > 0;
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
     * Moves up to {@code max} bytes into {@code dst}; with {@code stopAtMessageEnd}, never past the end of a
     * message. Returns true when the bytes moved end a message.
     */
    boolean take(ByteBuffer dst, int max, boolean stopAtMessageEnd) {
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
                if (stopAtMessageEnd) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Drops everything (channel aborted). */
    void clear() {
        segments.clear();
        size = 0;
        headOffset = 0;
        completeMessages = 0;
    }
}
