package org.dot4j.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/** The accept loop's back-off and its sparse logging of recurring trouble. */
class AcceptBackoffTest {

    @Test
    void pausesDoubleUpToTheLongestAndStartOverAfterASuccess() {
        AcceptBackoff backoff = new AcceptBackoff();
        List<Long> pauses = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            pauses.add(backoff.failed().toMillis());
        }
        assertThat(pauses).containsExactly(10L, 20L, 40L, 80L, 160L, 320L, 640L, 1000L, 1000L, 1000L);
        assertThat(backoff.failures()).isEqualTo(10);
        assertThat(backoff.succeeded()).isEqualTo(10);
        assertThat(backoff.succeeded()).isZero();
        assertThat(backoff.failed()).isEqualTo(Duration.ofMillis(10));
    }

    @Test
    void onlyThePowersOfTenOfARecurringTroubleAreLogged() {
        assertThat(LongStream.rangeClosed(1, 100_000).filter(RareLog::deservesLog).boxed().toList())
                .containsExactly(1L, 10L, 100L, 1000L, 10_000L, 100_000L);
        RareLog log = new RareLog();
        int logged = 0;
        for (int i = 0; i < 5000; i++) {
            logged += log.occurred() ? 1 : 0;
        }
        assertThat(logged).isEqualTo(4);
        assertThat(log.count()).isEqualTo(5000);
        assertThat(RareLog.deservesLog(Long.MAX_VALUE)).isFalse();
    }
}
