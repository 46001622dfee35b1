package org.dot4j.capture;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

/** The ctl trace buffer keeps whole blocks in order, wraps around, and drops a block that does not fit whole. */
class TraceBufferTest {

    private static ByteBuffer block(int n, int value) {
        byte[] b = new byte[n];
        java.util.Arrays.fill(b, (byte) value);
        return ByteBuffer.wrap(b);
    }

    @Test
    void blocksComeOutInOrderAcrossTheWrap() throws Exception {
        TraceBuffer buffer = new TraceBuffer(10);
        buffer.write(block(6, 1));
        assertThat(buffer.take(4, 0).bytes()).containsExactly(1, 1, 1, 1);
        ByteBuffer second = block(7, 2);
        assertThat(buffer.write(second)).isEqualTo(7);
        assertThat(second.hasRemaining()).isFalse();
        TraceBuffer.Taken taken = buffer.take(100, 0);
        assertThat(taken.bytes()).containsExactly(1, 1, 2, 2, 2, 2, 2, 2, 2);
        assertThat(taken.droppedBlocks()).isZero();
    }

    @Test
    void aBlockThatDoesNotFitIsDroppedWholeAndCounted() throws Exception {
        TraceBuffer buffer = new TraceBuffer(10);
        buffer.write(block(8, 1));
        buffer.write(block(3, 2)); // 11 > 10: dropped
        buffer.write(block(2, 3)); // fits exactly
        TraceBuffer.Taken taken = buffer.take(100, 0);
        assertThat(taken.bytes()).containsExactly(1, 1, 1, 1, 1, 1, 1, 1, 3, 3);
        assertThat(taken.droppedBlocks()).isEqualTo(1);
        assertThat(buffer.take(100, 0).droppedBlocks()).as("counted once").isZero();
    }

    @Test
    void closingWakesAWaitingTake() throws Exception {
        TraceBuffer buffer = new TraceBuffer(10);
        Thread closer = Thread.ofVirtual().start(buffer::close);
        assertThat(buffer.take(10, 60_000).bytes()).isEmpty();
        closer.join();
        assertThat(buffer.isOpen()).isFalse();
    }
}
