package org.dot4j.driver;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.dot4j.api.Dot4Exception;

/**
 * Who is blocked in the driver and on what: each caller that waits registers a {@link Waiter} with its own
 * condition for the one thing it waits for (data on a channel, room on a channel, a request's outcome, a channel
 * opened to a socket, the link going down), and an engine event wakes only the waiters it concerns. Link down
 * wakes everyone.
 *
 * <p>Nothing is missed: a caller registers under the driver's lock before it first checks its condition, and
 * events are routed under the same lock, so an event cannot fall between the check and the wait.
 *
 * <p>Not thread-safe on its own: every method is called with the driver's lock held.
 */
final class Wakeups {

    /** What a waiter waits for; the key is a channel id, a request id or a local socket id. */
    enum Topic {
        /** Data or the end of a channel (key: channel id). */
        RECEIVE,
        /** Room in a channel's send queue, or its end (key: channel id). */
        SEND,
        /** A request's outcome (key: request id). */
        OUTCOME,
        /** A channel the peer opened to a socket (key: local socket id). */
        ACCEPT,
        /** Only the link going down. */
        DOWN
    }

    private record Key(Topic topic, long id) {}

    /** One blocked caller; closing it deregisters it. */
    final class Waiter implements AutoCloseable {
        private final Key key;
        private final Condition condition;

        private Waiter(Key key) {
            this.key = key;
            this.condition = lock.newCondition();
        }

        /** Waits until woken or {@code deadline}; false when it had already passed (see {@link Deadline#await}). */
        boolean await(Deadline deadline, String what) throws Dot4Exception {
            return deadline.await(condition, what);
        }

        /** Waits until woken, without a deadline. */
        void await() throws InterruptedException {
            condition.await();
        }

        @Override
        public void close() {
            List<Waiter> list = waiting.get(key);
            if (list != null && list.remove(this) && list.isEmpty()) {
                waiting.remove(key);
            }
        }
    }

    private final ReentrantLock lock;
    private final Map<Key, List<Waiter>> waiting = new HashMap<>();
    /** Conditions signalled since the driver started: the test hook that shows who was woken. */
    private long signalled;

    Wakeups(ReentrantLock lock) {
        this.lock = lock;
    }

    /** Registers the calling thread as waiting for {@code topic} of {@code id}; close the waiter when done. */
    Waiter register(Topic topic, long id) {
        Waiter w = new Waiter(new Key(topic, id));
        waiting.computeIfAbsent(w.key, k -> new ArrayList<>(1)).add(w);
        return w;
    }

    /** Wakes the waiters for {@code topic} of {@code id}. */
    void wake(Topic topic, long id) {
        List<Waiter> list = waiting.get(new Key(topic, id));
        if (list != null) {
            for (Waiter w : list) {
                signal(w);
            }
        }
    }

    /** Wakes the readers and writers of a channel: it ended, closed or was given up. */
    void wakeChannel(long channelId) {
        wake(Topic.RECEIVE, channelId);
        wake(Topic.SEND, channelId);
    }

    /** Wakes every waiter: the link went down. */
    void wakeAll() {
        for (List<Waiter> list : waiting.values()) {
            for (Waiter w : list) {
                signal(w);
            }
        }
    }

    /** Waiters registered for {@code topic}, for tests. */
    int waiting(Topic topic) {
        return waiting.entrySet().stream().filter(e -> e.getKey().topic() == topic).mapToInt(e -> e.getValue().size()).sum();
    }

    /** Conditions signalled so far, for tests. */
    long signalled() {
        return signalled;
    }

    private void signal(Waiter w) {
        signalled++;
        w.condition.signal();
    }
}
