package org.dot4j.engine;

import java.nio.ByteBuffer;

/**
 * Bytes with message boundaries, bounded: a channel's received data (filled by packets, drained by reads) and its
 * data to send (filled by writes, drained into packets). Never holds more than {@code capacity} bytes. Not
 * thread-safe; owned by the engine.
 *
 * <p>The bytes sit in one ring array, the message ends in a ring of positions; neither offer nor take allocates
 * once the arrays are grown. Memory follows use: the byte ring starts empty, grows by powers of two up to the
 * capacity, and goes back to the link's {@link BufferPool} when it drains empty and is larger than
 * {@link #KEPT_WHEN_EMPTY}. So an idle channel holds at most that much per direction instead of its 64 KiB receive
 * buffer and 256 KiB send queue, while a channel that drains after every packet or write takes the same array
 * back from the pool instead of allocating (a channel that stays busy keeps its array throughout).
 */
final class SegmentQueue {

    /** Smallest byte ring allocated. */
    static final int MIN_ARRAY = 512;
    /** A drained ring up to this long stays: small messages on many channels do not churn the pool. */
    static final int KEPT_WHEN_EMPTY = 4096;
    /** A drained ring of ends up to this many entries stays. */
    private static final int KEPT_ENDS = 64;
    private static final byte[] NO_BYTES = new byte[0];
    private static final long[] NO_ENDS = new long[0];
    /**
     * Capacity a queued zero-length message takes: the entry in the ring of ends. Without a cost, a peer granted
     * credit for free room could send empty messages without end while nobody reads, each growing that ring.
     */
    static final int EMPTY_MESSAGE_COST = Long.BYTES;
    /** Largest byte ring: the largest power of two an int length can be. */
    private static final int MAX_ARRAY = 1 << 30;

    private final int capacity;
    private final int maxArray;
    private final BufferPool pool;
    private byte[] ring = NO_BYTES;
    /** Index in {@link #ring} of the oldest byte. */
    private int head;
    private int size;
    /** Bytes taken since the queue was made: the count message ends are positioned on (a long never wraps). */
    private long taken;
    /**
     * Message ends, oldest first, each {@code position << 1 | zeroLength}: the byte count (taken + queued) at which
     * the message ends, and whether the offer that ended it brought no bytes. Several ends may share a position.
     */
    private long[] ends = NO_ENDS;
    private int endHead;
    private int endCount;
    /** Zero-length messages among the ends: each takes {@link #EMPTY_MESSAGE_COST} of the capacity. */
    private int emptyMessages;

    /** A queue of at most {@code capacity} bytes (at most 1 GiB) taking and giving its ring arrays via {@code pool}. */
    SegmentQueue(int capacity, BufferPool pool) {
        this.capacity = Math.min(capacity, MAX_ARRAY);
        this.maxArray = ceilingPowerOfTwo(Math.max(1, this.capacity));
        this.pool = pool;
    }

    int size() {
        return size;
    }

    /** True when at most half the capacity is taken: a writer waiting for room has enough to be worth waking. */
    boolean belowLowWater() {
        return free() >= capacity - capacity / 2;
    }

    /** Capacity left: bytes, less what queued zero-length messages take. */
    int free() {
        return Math.max(0, capacity - size - emptyMessages * EMPTY_MESSAGE_COST);
    }

    /** True when a zero-length message fits. */
    boolean fitsEmptyMessage() {
        return free() >= EMPTY_MESSAGE_COST;
    }

    /** True when neither bytes nor message ends wait: a queued zero-length message makes it non-empty. */
    boolean isEmpty() {
        return size == 0 && endCount == 0;
    }

    boolean hasCompleteMessage() {
        return endCount > 0;
    }

    /** Bytes of the arrays this queue holds now (for memory accounting). */
    int retainedBytes() {
        return ring.length + ends.length * Long.BYTES;
    }

    /**
     * Takes as much of {@code src} as fits. {@code endOfMessage} marks the end of a message only when all of
     * {@code src} was taken (also when that is nothing: a zero-length message, marked only if it
     * {@link #fitsEmptyMessage}, which callers check first). Returns bytes taken.
     */
    int offer(ByteBuffer src, boolean endOfMessage) {
        int n = Math.min(src.remaining(), free());
        boolean endsMessage = endOfMessage && n == src.remaining();
        if (endsMessage && n == 0 && !fitsEmptyMessage()) {
            return 0; // no room for its end either: nothing taken, nothing marked
        }
        if (n > 0) {
            ensureRoom(size + n);
            int tail = wrap(head + size);
            int first = Math.min(n, ring.length - tail);
            src.get(ring, tail, first);
            src.get(ring, 0, n - first);
            size += n;
        }
        if (endsMessage) {
            addEnd((taken + size) << 1 | (n == 0 ? 1 : 0));
            emptyMessages += n == 0 ? 1 : 0;
        }
        return n;
    }

    /**
     * Moves up to {@code max} bytes into {@code dst}; with {@code stopAtMessageEnd}, never past the end of a
     * message, and then returns true when the bytes moved end a message (without it, always false). A message end
     * right after the bytes moved counts as moved with them, unless it was offered alone (a zero-length offer):
     * that one is taken only while {@code max} leaves room, as a packet or read of its own.
     */
    boolean take(ByteBuffer dst, int max, boolean stopAtMessageEnd) {
        int moved = 0;
        boolean endMoved = false;
        while (moved < max && !isEmpty()) {
            long end = endCount > 0 ? ends[endHead] : -1;
            int before = end < 0 ? size : (int) ((end >>> 1) - taken);
            int n = Math.min(max - moved, before);
            copyOut(dst, n);
            moved += n;
            if (n < before || end < 0) {
                break;
            }
            if ((end & 1) != 0 && n > 0) {
                continue;
            }
            endHead = (endHead + 1) & (ends.length - 1);
            endCount--;
            emptyMessages -= (int) (end & 1);
            if (stopAtMessageEnd) {
                endMoved = true;
                break;
            }
        }
        releaseIfDrained();
        return endMoved;
    }

    /** Drops everything (channel aborted). */
    void clear() {
        size = 0;
        endCount = 0;
        emptyMessages = 0;
        releaseIfDrained();
    }

    private void copyOut(ByteBuffer dst, int n) {
        if (n == 0) {
            return;
        }
        int first = Math.min(n, ring.length - head);
        dst.put(ring, head, first);
        dst.put(ring, 0, n - first);
        head = wrap(head + n);
        size -= n;
        taken += n;
    }

    /** Grows the byte ring to hold {@code needed} bytes (at most the capacity), the queued bytes first in it. */
    private void ensureRoom(int needed) {
        if (needed <= ring.length) {
            return;
        }
        byte[] grown = pool.take(Math.min(maxArray, Math.max(MIN_ARRAY, ceilingPowerOfTwo(needed))), maxArray);
        int first = Math.min(size, ring.length - head);
        System.arraycopy(ring, head, grown, 0, first);
        System.arraycopy(ring, 0, grown, first, size - first);
        pool.give(ring);
        ring = grown;
        head = 0;
    }

    private void addEnd(long end) {
        if (endCount == ends.length) {
            long[] grown = new long[Math.max(8, ends.length * 2)];
            for (int i = 0; i < endCount; i++) {
                grown[i] = ends[(endHead + i) & (ends.length - 1)];
            }
            ends = grown;
            endHead = 0;
        }
        ends[(endHead + endCount) & (ends.length - 1)] = end;
        endCount++;
    }

    /** An empty queue starts again at index 0 and hands a large ring back to the pool (see the class comment). */
    private void releaseIfDrained() {
        if (size == 0) {
            head = 0;
            if (ring.length > KEPT_WHEN_EMPTY) {
                pool.give(ring);
                ring = NO_BYTES;
            }
        }
        if (endCount == 0) {
            endHead = 0;
            if (ends.length > KEPT_ENDS) {
                ends = NO_ENDS;
            }
        }
    }

    private int wrap(int index) {
        return index >= ring.length ? index - ring.length : index;
    }

    private static int ceilingPowerOfTwo(int n) {
        return n <= 1 ? 1 : Integer.highestOneBit(n - 1) << 1;
    }
}
