package org.dot4j.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The byte ring with message ends behind every channel's received data and data to send. */
class SegmentQueueTest {

    private static final int CAPACITY = 1024;

    private final BufferPool pool = new BufferPool();
    private final SegmentQueue queue = new SegmentQueue(CAPACITY, pool);

    // ---- sizes

    @ParameterizedTest
    @ValueSource(ints = {0, 1, CAPACITY - 1, CAPACITY, CAPACITY + 1})
    void anOfferTakesWhatFitsAndEndsTheMessageOnlyWhenAllFit(int length) {
        ByteBuffer src = ByteBuffer.wrap(pattern(length, 7));
        int taken = queue.offer(src, true);
        int fits = Math.min(length, CAPACITY);
        assertThat(taken).isEqualTo(fits);
        assertThat(src.remaining()).isEqualTo(length - fits);
        assertThat(queue.size()).isEqualTo(fits);
        assertThat(queue.free()).as("an empty message takes its end's room")
                .isEqualTo(CAPACITY - fits - (length == 0 ? SegmentQueue.EMPTY_MESSAGE_COST : 0));
        assertThat(queue.hasCompleteMessage()).as("message end kept").isEqualTo(length <= CAPACITY);
        assertThat(queue.isEmpty()).isEqualTo(false);
        ByteBuffer dst = ByteBuffer.allocate(CAPACITY + 8);
        assertThat(queue.take(dst, dst.remaining(), true)).isEqualTo(length <= CAPACITY);
        assertThat(bytes(dst.flip())).isEqualTo(pattern(fits, 7));
        assertThat(queue.isEmpty()).isTrue();
    }

    @Test
    void aFullQueueTakesNothingAndMarksNoEnd() {
        queue.offer(ByteBuffer.wrap(pattern(CAPACITY, 1)), false);
        assertThat(queue.offer(ByteBuffer.wrap(pattern(1, 2)), true)).isZero();
        assertThat(queue.hasCompleteMessage()).isFalse();
        assertThat(queue.offer(ByteBuffer.allocate(0), true)).isZero();
        assertThat(queue.hasCompleteMessage()).as("a zero-length message needs room too").isFalse();
    }

    // ---- message ends

    @Test
    void aZeroLengthMessageKeepsTheQueueNonEmptyUntilTaken() {
        queue.offer(ByteBuffer.allocate(0), true);
        assertThat(queue.isEmpty()).as("the engine sends an empty end-of-message packet for it").isFalse();
        assertThat(queue.size()).isZero();
        ByteBuffer dst = ByteBuffer.allocate(16);
        assertThat(queue.take(dst, 0, true)).as("max 0 takes nothing, not even an end").isFalse();
        assertThat(queue.isEmpty()).isFalse();
        assertThat(queue.take(dst, 16, true)).isTrue();
        assertThat(dst.position()).isZero();
        assertThat(queue.isEmpty()).isTrue();
    }

    @Test
    void manyZeroLengthMessagesAreTakenOneAtATime() {
        SegmentQueue queue = new SegmentQueue(10_000 * SegmentQueue.EMPTY_MESSAGE_COST, pool);
        for (int i = 0; i < 10_000; i++) {
            assertThat(queue.offer(ByteBuffer.allocate(0), true)).isZero();
        }
        ByteBuffer dst = ByteBuffer.allocate(16);
        for (int i = 0; i < 10_000; i++) {
            assertThat(queue.hasCompleteMessage()).isTrue();
            assertThat(queue.take(dst, 16, true)).isTrue();
        }
        assertThat(queue.isEmpty()).isTrue();
        assertThat(queue.retainedBytes()).as("the grown ring of ends was let go").isLessThanOrEqualTo(64 * Long.BYTES);
    }

    @Test
    void zeroLengthMessagesTakeRoomSoAFloodOfThemIsBounded() {
        int fit = CAPACITY / SegmentQueue.EMPTY_MESSAGE_COST;
        for (int i = 0; i < fit; i++) {
            assertThat(queue.fitsEmptyMessage()).as("message %d", i).isTrue();
            queue.offer(ByteBuffer.allocate(0), true);
        }
        assertThat(queue.fitsEmptyMessage()).isFalse();
        assertThat(queue.free()).isZero();
        assertThat(queue.offer(ByteBuffer.allocate(1), true)).as("no byte fits either").isZero();
        assertThat(queue.retainedBytes()).as("the ends ring holds what the capacity allows").isLessThanOrEqualTo(CAPACITY);
        assertThat(queue.offer(ByteBuffer.allocate(0), true)).isZero();
        assertThat(queue.take(ByteBuffer.allocate(0), 0, true)).isFalse();
        int taken = 0;
        while (queue.take(ByteBuffer.allocate(8), 8, true)) {
            taken++;
        }
        assertThat(taken).as("the one past the room was not marked").isEqualTo(fit);
        assertThat(queue.free()).as("taking them gives their room back").isEqualTo(CAPACITY);
        queue.offer(ByteBuffer.allocate(0), true);
        queue.clear();
        assertThat(queue.free()).isEqualTo(CAPACITY);
    }

    @Test
    void anEndOfferedAloneAfterBytesComesAsItsOwnPacket() {
        queue.offer(ByteBuffer.wrap(pattern(10, 1)), false);
        queue.offer(ByteBuffer.allocate(0), true);
        ByteBuffer dst = ByteBuffer.allocate(64);
        assertThat(queue.take(dst, 10, true)).as("max used up by the bytes").isFalse();
        assertThat(queue.isEmpty()).isFalse();
        assertThat(queue.take(dst, 10, true)).isTrue();
        assertThat(dst.position()).isEqualTo(10);

        queue.offer(ByteBuffer.wrap(pattern(10, 1)), true);
        assertThat(queue.take(dst.clear(), 10, true)).as("an end offered with its bytes goes with them").isTrue();
        assertThat(queue.isEmpty()).isTrue();
    }

    @Test
    void withoutStoppingATakeCrossesMessageEndsAndReportsNone() {
        queue.offer(ByteBuffer.wrap(pattern(5, 1)), true);
        queue.offer(ByteBuffer.wrap(pattern(5, 2)), true);
        ByteBuffer dst = ByteBuffer.allocate(64);
        assertThat(queue.take(dst, 64, false)).isFalse();
        assertThat(dst.position()).isEqualTo(10);
        assertThat(queue.isEmpty()).isTrue();
        assertThat(queue.hasCompleteMessage()).isFalse();
    }

    // ---- wrap-around

    @Test
    void bytesAndEndsSurviveTheRingsWrapWithHeapAndDirectBuffers() {
        fill(700);
        drain(600, ByteBuffer.allocate(600));
        // 100 queued at index 600; the next 900 wrap past the end of the 1024-byte ring.
        ByteBuffer src = ByteBuffer.allocateDirect(900).put(pattern(900, 3)).flip();
        assertThat(queue.offer(src, true)).isEqualTo(900);
        ByteBuffer dst = ByteBuffer.allocateDirect(2000);
        assertThat(queue.take(dst, 2000, true)).isTrue();
        byte[] expected = new byte[1000];
        System.arraycopy(pattern(700, 9), 600, expected, 0, 100);
        System.arraycopy(pattern(900, 3), 0, expected, 100, 900);
        assertThat(bytes(dst.flip())).isEqualTo(expected);
    }

    @Test
    void aTakeStopsAtAMessageEndThatLiesAcrossTheWrap() {
        // 100 bytes left at index 800 of the 1024-byte ring: the 300-byte message wraps past its end.
        fill(900);
        drain(800, ByteBuffer.allocate(800));
        queue.offer(ByteBuffer.wrap(pattern(300, 4)), true);
        queue.offer(ByteBuffer.wrap(pattern(200, 5)), true);
        ByteBuffer dst = ByteBuffer.allocate(1024);
        assertThat(queue.take(dst, 1024, true)).as("unended bytes belong to the message that ends next").isTrue();
        byte[] first = new byte[400];
        System.arraycopy(pattern(900, 9), 800, first, 0, 100);
        System.arraycopy(pattern(300, 4), 0, first, 100, 300);
        assertThat(bytes(dst.flip())).isEqualTo(first);
        assertThat(queue.take(dst.clear(), 1024, true)).isTrue();
        assertThat(bytes(dst.flip())).isEqualTo(pattern(200, 5));
        assertThat(queue.isEmpty()).isTrue();
    }

    // ---- clear and memory

    @Test
    void clearDropsBytesAndEndsAndTheQueueIsUsableAgain() {
        queue.offer(ByteBuffer.wrap(pattern(600, 1)), true);
        queue.offer(ByteBuffer.allocate(0), true);
        queue.clear();
        assertThat(queue.isEmpty()).isTrue();
        assertThat(queue.hasCompleteMessage()).isFalse();
        assertThat(queue.free()).isEqualTo(CAPACITY);
        queue.offer(ByteBuffer.wrap(pattern(CAPACITY, 2)), true);
        ByteBuffer dst = ByteBuffer.allocate(CAPACITY);
        assertThat(queue.take(dst, CAPACITY, true)).isTrue();
        assertThat(bytes(dst.flip())).isEqualTo(pattern(CAPACITY, 2));
    }

    @Test
    void anIdleQueueHoldsNoLargeArrayAndADrainedOneGivesItToTheNextFill() {
        SegmentQueue big = new SegmentQueue(256 * 1024, pool);
        assertThat(big.retainedBytes()).as("nothing before the first byte").isZero();
        big.offer(ByteBuffer.wrap(pattern(100, 1)), false);
        assertThat(big.retainedBytes()).isEqualTo(SegmentQueue.MIN_ARRAY);
        big.offer(ByteBuffer.wrap(pattern(100_000, 1)), true);
        assertThat(big.retainedBytes()).as("grown to the next power of two, ends aside").isBetween(131072, 131072 + 64);
        big.take(ByteBuffer.allocate(200_000), 200_000, true);
        assertThat(big.retainedBytes()).as("drained: the large ring went back").isLessThanOrEqualTo(64);
        assertThat(pool.spareBytes()).isGreaterThanOrEqualTo(131072);
        big.offer(ByteBuffer.wrap(pattern(70_000, 1)), true);
        assertThat(pool.spareBytes()).as("the refill took the spare ring instead of a new one").isLessThan(131072);
    }

    @Test
    void aRefillStartsInTheArrayTheLastFillGrewTo() {
        SegmentQueue big = new SegmentQueue(512 * 1024, pool);
        for (int i = 0; i < 8; i++) { // packet by packet: the ring grows 64 KiB, 128, 256, 512
            big.offer(ByteBuffer.wrap(pattern(65_535, i)), false);
        }
        assertThat(big.retainedBytes()).isBetween(512 * 1024, 512 * 1024 + 64);
        big.take(ByteBuffer.allocate(8 * 65_535), 8 * 65_535, false);
        assertThat(pool.spareBytes()).as("the 512 KiB ring kept, the steps it grew through dropped for it")
                .isEqualTo(512 * 1024);
        big.offer(ByteBuffer.wrap(pattern(65_535, 9)), false);
        assertThat(pool.spareBytes()).as("one packet took the large ring, not a new 64 KiB one").isZero();
        assertThat(big.retainedBytes()).isBetween(512 * 1024, 512 * 1024 + 64);
        ByteBuffer dst = ByteBuffer.allocate(65_535);
        big.take(dst, 65_535, false);
        assertThat(bytes(dst.flip())).isEqualTo(pattern(65_535, 9));
    }

    // ---- against a model

    /** The queue as it was first written: one copied array per offer. Slow, obviously right. */
    private static final class ModelQueue {
        private record Segment(byte[] data, boolean endOfMessage) {}

        private final ArrayDeque<Segment> segments = new ArrayDeque<>();
        private final int capacity;
        private int size;
        private int headOffset;
        private int complete;
        /** Zero-length messages queued. */
        private int empty;

        ModelQueue(int capacity) {
            this.capacity = capacity;
        }

        int offer(ByteBuffer src, boolean endOfMessage) {
            int free = Math.max(0, capacity - size - empty * SegmentQueue.EMPTY_MESSAGE_COST);
            int n = Math.min(src.remaining(), free);
            boolean ends = endOfMessage && n == src.remaining();
            if (n == 0 && (!ends || free < SegmentQueue.EMPTY_MESSAGE_COST)) {
                return 0;
            }
            empty += n == 0 ? 1 : 0;
            byte[] copy = new byte[n];
            src.get(copy);
            segments.add(new Segment(copy, ends));
            size += n;
            complete += ends ? 1 : 0;
            return n;
        }

        boolean take(ByteBuffer dst, int max, boolean stop) {
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
                    complete--;
                    empty -= head.data.length == 0 ? 1 : 0;
                    if (stop) {
                        return true;
                    }
                }
            }
            return false;
        }

        void clear() {
            segments.clear();
            size = 0;
            headOffset = 0;
            complete = 0;
            empty = 0;
        }

        int free() {
            return Math.max(0, capacity - size - empty * SegmentQueue.EMPTY_MESSAGE_COST);
        }
    }

    @Test
    void aHundredThousandRandomOperationsMatchTheModel() {
        long seed = Long.getLong("dot4j.seed", System.nanoTime());
        System.out.println("SegmentQueueTest seed " + seed + " (replay: -Ddot4j.seed=" + seed + ")");
        Random random = new Random(seed);
        int capacity = 1 + random.nextInt(random.nextBoolean() ? 64 : 20_000);
        SegmentQueue ring = new SegmentQueue(capacity, pool);
        ModelQueue model = new ModelQueue(capacity);
        for (int op = 0; op < 100_000; op++) {
            String at = "seed " + seed + " capacity " + capacity + " op " + op;
            int roll = random.nextInt(100);
            if (roll < 45) {
                int length = random.nextInt(10) == 0 ? 0 : random.nextInt(capacity + 10);
                byte[] data = pattern(length, op);
                boolean end = random.nextBoolean();
                ByteBuffer a = buffer(random, data);
                ByteBuffer b = ByteBuffer.wrap(data);
                assertThat(ring.offer(a, end)).as(at).isEqualTo(model.offer(b, end));
                assertThat(a.remaining()).as(at).isEqualTo(b.remaining());
            } else if (roll < 99) {
                int max = random.nextInt(capacity + 10);
                boolean stop = random.nextBoolean();
                ByteBuffer a = random.nextBoolean() ? ByteBuffer.allocate(max) : ByteBuffer.allocateDirect(max);
                ByteBuffer b = ByteBuffer.allocate(max);
                assertThat(ring.take(a, max, stop)).as(at).isEqualTo(model.take(b, max, stop));
                assertThat(bytes(a.flip())).as(at).isEqualTo(bytes(b.flip()));
            } else {
                ring.clear();
                model.clear();
            }
            assertThat(ring.size()).as(at).isEqualTo(model.size);
            assertThat(ring.free()).as(at).isEqualTo(model.free());
            assertThat(ring.isEmpty()).as(at).isEqualTo(model.segments.isEmpty());
            assertThat(ring.hasCompleteMessage()).as(at).isEqualTo(model.complete > 0);
            if (ring.isEmpty()) {
                assertThat(ring.retainedBytes()).as(at).isLessThanOrEqualTo(SegmentQueue.KEPT_WHEN_EMPTY + 64 * Long.BYTES);
            }
        }
    }

    // ---- helpers

    /** {@code data} in a heap or direct buffer, at a random position so offsets are exercised. */
    private static ByteBuffer buffer(Random random, byte[] data) {
        int offset = random.nextInt(3);
        ByteBuffer b = random.nextBoolean() ? ByteBuffer.allocate(offset + data.length)
                : ByteBuffer.allocateDirect(offset + data.length);
        return b.position(offset).put(data).position(offset);
    }

    private void fill(int n) {
        assertThat(queue.offer(ByteBuffer.wrap(pattern(n, 9)), false)).isEqualTo(n);
    }

    private void drain(int n, ByteBuffer dst) {
        queue.take(dst, n, false);
        assertThat(dst.position()).isEqualTo(n);
    }

    private static byte[] pattern(int length, int salt) {
        byte[] b = new byte[length];
        for (int i = 0; i < length; i++) {
            b[i] = (byte) (i * 31 + salt);
        }
        return b;
    }

    private static byte[] bytes(ByteBuffer b) {
        byte[] out = new byte[b.remaining()];
        b.get(out);
        return out;
    }
}
