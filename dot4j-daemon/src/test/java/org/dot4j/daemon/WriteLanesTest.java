package org.dot4j.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.dot4j.api.Ioctl;
import org.dot4j.daemon.ControlProtocol.Request;
import org.junit.jupiter.api.Test;

/** A client's WRITEs run in arrival order per channel handle, one at a time, and one handle never holds up another. */
class WriteLanesTest {

    private final Map<Integer, List<Integer>> ran = new ConcurrentHashMap<>();
    private final Map<Integer, AtomicInteger> running = new ConcurrentHashMap<>();
    private final AtomicInteger overlaps = new AtomicInteger();
    private final CountDownLatch release = new CountDownLatch(1);
    private final CountDownLatch blocked = new CountDownLatch(1);
    private final CountDownLatch allRan = new CountDownLatch(200);

    private final WriteLanes<Request> lanes = new WriteLanes<>(this::run, loop -> Thread.ofVirtual().start(loop));

    @Test
    void aHandlesWritesRunInArrivalOrderOneAtATime() throws Exception {
        release.countDown();
        for (int id = 0; id < 200; id++) {
            submit(id % 2, id);
        }
        assertThat(allRan.await(30, TimeUnit.SECONDS)).as("every write ran").isTrue();
        assertThat(ran.get(0)).as("handle 0").isSorted().hasSize(100);
        assertThat(ran.get(1)).as("handle 1").isSorted().hasSize(100);
        assertThat(overlaps).as("two writes of one handle at once").hasValue(0);
        assertThat(lanes.waiting()).isZero();
    }

    @Test
    void aBlockedWriteHoldsUpItsOwnHandleOnly() throws Exception {
        submit(7, -1); // blocks until released
        submit(7, 1);
        submit(8, 2);
        awaitRan(8, 1);
        assertThat(blocked.await(30, TimeUnit.SECONDS)).as("the first write runs").isTrue();
        assertThat(ran.getOrDefault(7, List.of())).as("behind the blocked write").isEmpty();
        assertThat(lanes.waiting()).as("the write queued behind it").isEqualTo(1);
        release.countDown();
        awaitRan(7, 2);
        assertThat(ran.get(7)).containsExactly(-1, 1);
    }

    @Test
    void clearDropsWhatWaitsAndTheLaneStartsAfresh() throws Exception {
        submit(3, -1);
        submit(3, 1);
        submit(3, 2);
        assertThat(blocked.await(30, TimeUnit.SECONDS)).as("the first write runs").isTrue();
        lanes.clear();
        assertThat(lanes.waiting()).isZero();
        submit(3, 5); // a new lane while the old worker is still in its write
        awaitRan(3, 1);
        release.countDown(); // the old worker ends and must leave the new lane alone
        awaitRan(3, 2);
        submit(3, 6);
        awaitRan(3, 3);
        assertThat(ran.get(3)).as("the queued writes were dropped").containsExactlyInAnyOrder(5, -1, 6);
        assertThat(ran.get(3).getLast()).isEqualTo(6);
        assertThat(lanes.waiting()).isZero();
    }

    private void run(Request r) {
        int handle = r.outLength();
        if (running.computeIfAbsent(handle, h -> new AtomicInteger()).incrementAndGet() > 1) {
            overlaps.incrementAndGet();
        }
        try {
            if (r.requestId() < 0) {
                blocked.countDown();
                release.await();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        ran.computeIfAbsent(handle, h -> new CopyOnWriteArrayList<>()).add(r.requestId());
        running.get(handle).decrementAndGet();
        allRan.countDown();
    }

    private void awaitRan(int handle, int count) throws InterruptedException {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (ran.getOrDefault(handle, List.of()).size() < count && System.nanoTime() < until) {
            Thread.sleep(1); // polls a condition, with a deadline; no state is reached by sleeping
        }
        assertThat(ran.getOrDefault(handle, List.of())).as("writes run on handle %d", handle).hasSizeGreaterThanOrEqualTo(count);
    }

    /** Submits WRITE {@code id} on {@code handle}, which it carries in outLength for the test's runner. */
    private void submit(int handle, int id) {
        lanes.submit(handle, new Request(id, Ioctl.WRITE.code(), "", new byte[0], handle));
    }
}
