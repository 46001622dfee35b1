package org.dot4j.engine;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BufferPoolTest {

    private final BufferPool pool = new BufferPool();

    @Test
    void takesTheSmallestSpareInRangeElseANewArrayOfTheLeast() {
        byte[] small = new byte[1024];
        byte[] large = new byte[65536];
        pool.give(large);
        pool.give(small);
        assertThat(pool.take(512, 4096)).as("in range: the 1 KiB spare").isSameAs(small);
        assertThat(pool.take(512, 4096)).as("none left in range: a new one of the least").hasSize(512).isNotSameAs(large);
        assertThat(pool.take(4096, 65536)).as("larger than asked, within the caller's largest").isSameAs(large);
        assertThat(pool.spareBytes()).isZero();
    }

    @Test
    void dropsSmallerSparesToKeepALargerOneAndNeverHoldsMoreThanItsBudget() {
        int half = BufferPool.MAX_SPARE_BYTES / 2;
        pool.give(new byte[half / 2]);
        pool.give(new byte[half / 2]);
        pool.give(new byte[half]);
        assertThat(pool.spareBytes()).isEqualTo(BufferPool.MAX_SPARE_BYTES);
        byte[] whole = new byte[BufferPool.MAX_SPARE_BYTES];
        pool.give(whole);
        assertThat(pool.spareBytes()).as("the smaller ones made room").isEqualTo(BufferPool.MAX_SPARE_BYTES);
        assertThat(pool.take(1024, BufferPool.MAX_SPARE_BYTES)).isSameAs(whole);
        pool.give(new byte[half]);
        pool.give(new byte[half]);
        pool.give(new byte[half / 2]);
        assertThat(pool.spareBytes()).as("a smaller one does not push out larger ones").isEqualTo(BufferPool.MAX_SPARE_BYTES);
        pool.give(new byte[2 * BufferPool.MAX_SPARE_BYTES]);
        assertThat(pool.spareBytes()).as("beyond the budget alone: left to the collector").isEqualTo(BufferPool.MAX_SPARE_BYTES);
    }
}
