package org.dot4j.engine;

import static org.dot4j.engine.SimulationTest.check;

/**
 * One direction of one channel in a {@link FaultSimulation}: the bytes the writer's engine took (a hash of their
 * offset, so any lost, doubled, swapped or altered byte shows), and a check of what the reader got.
 *
 * <p>What is read, in order, is matched as runs {@code W[a1,b1) W[a2,b2) ...} of the written stream {@code W} with
 * {@code a1 <= b1 <= a2 <= ...}: a run ends where a byte differs, and the next starts where the following bytes
 * (up to 8) match again, later in {@code W}; a jump is a gap, bytes that match nowhere later are wrong.
 * An exact prefix has neither.
 */
final class Lane {

    private static final int RESYNC_WINDOW = 8;

    final String name;
    final Role writer;
    final long writerId;
    final long readerId;
    private final long salt;
    /** Bytes the writer's engine took. */
    long written;
    /** Offset in the written stream just after the last byte read that matched. */
    private long cursor;
    long gaps;
    long wrongBytes;
    /** The channel ended by a reset or re-Init: not used any more. */
    boolean cut;

    Lane(String name, Role writer, long writerId, long readerId, long salt) {
        this.name = name;
        this.writer = writer;
        this.writerId = writerId;
        this.readerId = readerId;
        this.salt = salt;
    }

    byte[] next(int length) {
        byte[] data = new byte[length];
        for (int i = 0; i < length; i++) {
            data[i] = at(written + i);
        }
        return data;
    }

    void wrote(int taken) {
        written += taken;
    }

    void cut() {
        cut = true;
    }

    /** Matches {@code n} bytes read against the stream. */
    void received(byte[] got, int n) {
        int i = 0;
        while (i < n) {
            if (cursor < written && got[i] == at(cursor)) {
                cursor++;
                i++;
                continue;
            }
            long resumed = resync(got, i, n);
            if (resumed < 0) {
                wrongBytes += n - i; // the rest of this read matches nothing later: altered or foreign bytes
                return;
            }
            gaps++;
            cursor = resumed;
        }
    }

    /** Bytes taken by the writer that have not (yet) been read. */
    long undelivered() {
        return written - cursor;
    }

    /** True when what was read is an exact prefix of what was written: nothing lost, doubled, reordered or altered. */
    boolean exactPrefix() {
        return gaps == 0 && wrongBytes == 0;
    }

    @Override
    public String toString() {
        return name + " (wrote " + written + ", read to " + cursor + ", gaps " + gaps + ", wrong bytes " + wrongBytes
                + (cut ? ", cut" : "") + ")";
    }

    private long resync(byte[] got, int from, int n) {
        int window = Math.min(RESYNC_WINDOW, n - from);
        for (long c = cursor + 1; c + window <= written; c++) {
            boolean match = true;
            for (int k = 0; k < window && match; k++) {
                match = got[from + k] == at(c + k);
            }
            if (match) {
                return c;
            }
        }
        return -1;
    }

    private byte at(long offset) {
        long x = (salt + offset) * 0x9E3779B97F4A7C15L;
        return (byte) (x ^ (x >>> 29) ^ (x >>> 47));
    }
}
