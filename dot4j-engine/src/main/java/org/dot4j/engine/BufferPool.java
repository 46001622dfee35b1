package org.dot4j.engine;

import java.util.ArrayDeque;

/**
 * Spare ring arrays of one link's {@link SegmentQueue}s, by power-of-two length. A queue that drains empty gives
 * its large array back and the next queue that fills takes the smallest spare that holds what it needs, up to its
 * own largest: a channel read as fast as packets arrive reuses one array instead of allocating one per packet, a
 * refill starts in the array the last fill grew to, and an idle channel holds no large array. Keeps at most
 * {@link #MAX_SPARE_BYTES}, dropping smaller spares to keep a larger one; the rest is left to the garbage collector.
 * Not thread-safe; owned by the engine.
 */
final class BufferPool {

    /** Room for a default send queue (256 KiB) and receive buffer (64 KiB) of one busy channel, and more. */
    static final int MAX_SPARE_BYTES = 512 * 1024;

    /** Index: log2 of the length. Each deque allocates only when it grows, so steady reuse allocates nothing. */
    @SuppressWarnings("unchecked")
    private final ArrayDeque<byte[]>[] spares = new ArrayDeque[Integer.SIZE];
    private int spareBytes;

    /**
     * An array of {@code min} to {@code max} bytes (powers of two): the smallest spare in that range, else a new one
     * of {@code min}. Taking a larger spare than asked saves the queue growing through each size again, and a
     * fresh 512 KiB array zeroed and copied into at every refill.
     */
    byte[] take(int min, int max) {
        for (int i = log2(min); i <= log2(max); i++) {
            byte[] spare = spares[i] == null ? null : spares[i].pollLast();
            if (spare != null) {
                spareBytes -= spare.length;
                return spare;
            }
        }
        return new byte[min];
    }

    /**
     * Keeps {@code array} (a power of two long) for a later {@link #take}, dropping smaller spares if that makes room
     * for it: a large array saves more work than the small ones it replaces.
     */
    void give(byte[] array) {
        if (array.length == 0 || array.length > MAX_SPARE_BYTES) {
            return;
        }
        int index = log2(array.length);
        for (int i = 0; i < index && spareBytes + array.length > MAX_SPARE_BYTES; i++) {
            while (spares[i] != null && !spares[i].isEmpty() && spareBytes + array.length > MAX_SPARE_BYTES) {
                spareBytes -= spares[i].pollLast().length;
            }
        }
        if (spareBytes + array.length > MAX_SPARE_BYTES) {
            return;
        }
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

    private static int log2(int powerOfTwo) {
        return Integer.numberOfTrailingZeros(powerOfTwo);
    }
}
