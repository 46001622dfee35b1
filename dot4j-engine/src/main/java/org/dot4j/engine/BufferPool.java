package org.dot4j.engine;

import java.util.ArrayDeque;

/**
 * Spare ring arrays of one link's {@link SegmentQueue}s, by power-of-two length. A queue that drains empty gives
 * its large array back and the next queue that fills takes one of the length it needs: a channel read as fast as
 * packets arrive reuses one array instead of allocating one per packet, and an idle channel holds no large array.
 * Keeps at most {@link #MAX_SPARE_BYTES}; arrays beyond that are left to the garbage collector. Not thread-safe;
 * owned by the engine.
 */
final class BufferPool {

    /** Room for a default send queue (256 KiB) and receive buffer (64 KiB) of one busy channel, and more. */
    static final int MAX_SPARE_BYTES = 512 * 1024;

    /** Index: log2 of the length. Each deque allocates only when it grows, so steady reuse allocates nothing. */
    @SuppressWarnings("unchecked")
    private final ArrayDeque<byte[]>[] spares = new ArrayDeque[Integer.SIZE];
    private int spareBytes;

    /** An array of exactly {@code length} bytes (a power of two): a spare one if there is one, else a new one. */
    byte[] take(int length) {
        ArrayDeque<byte[]> stack = spares[Integer.numberOfTrailingZeros(length)];
        byte[] spare = stack == null ? null : stack.pollLast();
        if (spare == null) {
            return new byte[length];
        }
        spareBytes -= length;
        return spare;
    }

    /** Keeps {@code array} (a power of two long) for a later {@link #take} while the pool has room for it. */
    void give(byte[] array) {
        if (array.length == 0 || spareBytes + array.length > MAX_SPARE_BYTES) {
            return;
        }
        int index = Integer.numberOfTrailingZeros(array.length);
        if (spares[index] == null) {
            spares[index] = new ArrayDeque<>();
        }
        spares[index].addLast(array);
        spareBytes += array.length;
    }

    /** Bytes held in spare arrays (for memory accounting). */
    int spareBytes() {
        return spareBytes;
    }
}
