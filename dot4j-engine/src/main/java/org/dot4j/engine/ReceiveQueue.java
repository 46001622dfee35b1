package org.dot4j.engine;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;

/**
 * Data received on one channel and not yet read, with message boundaries. Bounded by the socket's buffer
 * size through credit: the engine only grants credit for room it has, so {@link #append} never grows it
 * past {@code capacity} for an honest peer and refuses a dishonest one. Not thread-safe.
 */
final class ReceiveQueue {

    /** One packet's payload and whether it ends a message. */
    private record Segment(byte[] data, boolean endOfMessage) {}

    private final ArrayDeque<Segment> segments = new ArrayDeque<>();
    private final int capacity;
    private int size;
    private int headOffset;
    /** Messages fully received (packet channels). */
    private int completeMessages;

    ReceiveQueue(int capacity) {
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

    /** Appends a payload; false (nothing stored) when it does not fit. */
    boolean append(ByteBuffer payload, boolean endOfMessage) {
        int n = payload.remaining();
        if (n > free()) {
            return false;
        }
        byte[] copy = new byte[n];
        payload.get(copy);
        segments.add(new Segment(copy, endOfMessage));
        size += n;
        if (endOfMessage) {
            completeMessages++;
        }
        return true;
    }

    /**
     * Copies into {@code dst}: in stream mode as much as there is, in packet mode up to the end of the current
     * message — but only once the message is whole or fills {@code dst}, unless {@code deliverPartial} (the
     * channel closed, or the buffer is too full for the rest to arrive). Returns bytes copied and whether a
     * message ended with them.
     */
    ReadResult read(ByteBuffer dst, ChannelMode mode, boolean deliverPartial) {
        if (mode == ChannelMode.PACKET && completeMessages == 0 && size < dst.remaining() && !deliverPartial) {
            return new ReadResult(0, false);
        }
        int copied = 0;
        boolean ended = false;
        while (dst.hasRemaining() && !segments.isEmpty()) {
            Segment head = segments.peek();
            int n = Math.min(dst.remaining(), head.data.length - headOffset);
            dst.put(head.data, headOffset, n);
            headOffset += n;
            copied += n;
            if (headOffset < head.data.length) {
                break;
            }
            segments.poll();
            headOffset = 0;
            if (head.endOfMessage) {
                completeMessages--;
                if (mode == ChannelMode.PACKET) {
                    ended = true;
                    break;
                }
            }
        }
        size -= copied;
        return new ReadResult(copied, ended);
    }

    /** Result of a read: bytes copied and whether they completed a message (packet channels). */
    record ReadResult(int bytes, boolean endOfMessage) {}
}
