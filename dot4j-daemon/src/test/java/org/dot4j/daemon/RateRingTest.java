package org.dot4j.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** A ring keeps the last samples, oldest first, and overwrites the oldest when full. */
class RateRingTest {

    @Test
    void anEmptyRingHasNoSamples() {
        assertThat(new RateRing(3).samples()).isEqualTo(samples(new long[0], new long[0]));
    }

    @Test
    void samplesComeBackOldestFirstUntilTheRingIsFull() {
        RateRing ring = new RateRing(3);
        ring.add(1, 10);
        ring.add(2, 20);
        assertThat(ring.samples()).isEqualTo(samples(new long[] {1, 2}, new long[] {10, 20}));
    }

    @Test
    void aFullRingForgetsTheOldestSampleForEachNewOne() {
        RateRing ring = new RateRing(3);
        for (long i = 1; i <= 7; i++) {
            ring.add(i, -i);
        }
        assertThat(ring.samples()).isEqualTo(samples(new long[] {5, 6, 7}, new long[] {-5, -6, -7}));
        assertThat(ring.samples().size()).isEqualTo(3);
    }

    @Test
    void theSamplesAreACopyThatLaterSamplesLeaveAlone() {
        RateRing ring = new RateRing(2);
        ring.add(1, 1);
        RateRing.Samples before = ring.samples();
        ring.add(2, 2);
        ring.add(3, 3);
        assertThat(before).isEqualTo(samples(new long[] {1}, new long[] {1}));
    }

    @Test
    void aRingHoldsAtLeastOneSample() {
        assertThatThrownBy(() -> new RateRing(0)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("0");
    }

    private static RateRing.Samples samples(long[] sent, long[] received) {
        return new RateRing.Samples(sent, received);
    }
}
