package org.dot4j.daemon;

import java.util.Arrays;

/**
 * The last {@code capacity} samples of bytes moved in each direction, one sample per tick of the sampler; older
 * samples are overwritten, so a channel or device costs the same memory however long it runs.
 *
 * <p>Not thread-safe: {@link Throughput} guards every ring with its lock.
 */
final class RateRing {

    /**
     * Samples, oldest first.
     *
     * @param sent bytes sent to the device in each tick
     * @param received bytes received from it in each tick
     */
    record Samples(long[] sent, long[] received) {
        /** Samples held. */
        int size() {
            return sent.length;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Samples s && Arrays.equals(sent, s.sent) && Arrays.equals(received, s.received);
        }

        @Override
        public int hashCode() {
            return 31 * Arrays.hashCode(sent) + Arrays.hashCode(received);
        }

        @Override
        public String toString() {
            return "sent " + Arrays.toString(sent) + " received " + Arrays.toString(received);
        }
    }

    private final long[] sent;
    private final long[] received;
    /** Where the next sample goes. */
    private int next;
    private int size;

    /** An empty ring of {@code capacity} samples (at least 1). */
    RateRing(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("a ring holds at least one sample, not " + capacity);
        }
        sent = new long[capacity];
        received = new long[capacity];
    }

    /** Adds one tick's bytes, overwriting the oldest sample when full. */
    void add(long sentBytes, long receivedBytes) {
        sent[next] = sentBytes;
        received[next] = receivedBytes;
        next = (next + 1) % sent.length;
        size = Math.min(size + 1, sent.length);
    }

    /** A copy of the samples held, oldest first. */
    Samples samples() {
        int start = (next - size + sent.length) % sent.length;
        long[] s = new long[size];
        long[] r = new long[size];
        for (int i = 0; i < size; i++) {
            s[i] = sent[(start + i) % sent.length];
            r[i] = received[(start + i) % sent.length];
        }
        return new Samples(s, r);
    }
}
