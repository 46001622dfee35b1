package org.dot4j.driver;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.dot4j.api.Dot4Exception;
import org.dot4j.api.NtStatus;
import org.dot4j.engine.EngineEvent;
import org.dot4j.engine.LinkEngine;

/**
 * A link driver's requests and what comes back for them: each caller waits for its own request's outcome (or a
 * channel opened to its socket) and is woken by that alone. Outcomes nobody waits for (the driver's own
 * closes) are dropped as they come.
 *
 * <p>Methods that do not say so take the driver's lock themselves; waiting lets go of it.
 */
final class Requests {

    private final LinkDriver driver;
    private final Map<Long, EngineEvent.Outcome> outcomes = new HashMap<>();
    private final Map<Integer, ArrayDeque<Long>> accepted = new HashMap<>();
    /** Requests the driver issued itself, whose outcome nobody waits for. */
    private final Set<Long> unclaimed = new HashSet<>();

    Requests(LinkDriver driver) {
        this.driver = driver;
    }

    /**
     * See {@link LinkDriver#request(Function, long)}; {@code anyState} issues the command after the link went
     * down too.
     */
    EngineEvent.Outcome request(Function<LinkEngine, Long> command, long timeoutNanos, boolean anyState)
            throws Dot4Exception {
        driver.lock.lock();
        try {
            long id = anyState ? driver.apply(command) : driver.call(command);
            Deadline deadline = Deadline.ofNanos(timeoutNanos);
            try (Wakeups.Waiter answer = driver.wakeups.register(Wakeups.Topic.OUTCOME, id)) {
                while (!outcomes.containsKey(id)) {
                    driver.requireUp();
                    if (!answer.await(deadline, driver.name())) {
                        throw new Dot4Exception(NtStatus.STATUS_IO_TIMEOUT, "no answer from " + driver.name() + " within "
                                + TimeUnit.NANOSECONDS.toMillis(timeoutNanos) + " ms");
                    }
                }
            } catch (Dot4Exception e) {
                // Timeout, interrupt or link loss: the engine undoes what it can; what completed meanwhile stands.
                if (driver.engine.cancel(id) || !outcomes.containsKey(id)) {
                    throw e;
                }
            }
            EngineEvent.Outcome outcome = outcomes.remove(id);
            if (outcome instanceof EngineEvent.Failed failed) {
                throw Statuses.of(failed);
            }
            return outcome;
        } finally {
            driver.unlock();
        }
    }

    /** See {@link LinkDriver#awaitAccepted}. */
    long awaitAccepted(int localSocket, long timeoutMillis) throws Dot4Exception {
        driver.lock.lock();
        try (Wakeups.Waiter opened = driver.wakeups.register(Wakeups.Topic.ACCEPT, localSocket)) {
            Deadline deadline = Deadline.ofMillis(timeoutMillis);
            while (true) {
                ArrayDeque<Long> queue = accepted.get(localSocket);
                if (queue != null && !queue.isEmpty()) {
                    return queue.poll();
                }
                driver.requireUp();
                if (!opened.await(deadline, driver.name())) {
                    throw new Dot4Exception(NtStatus.STATUS_IO_TIMEOUT, "no channel was opened to socket " + localSocket
                            + " within " + timeoutMillis + " ms");
                }
            }
        } finally {
            driver.unlock();
        }
    }

    /** See {@link LinkDriver#drainAccepted}. */
    List<Long> drainAccepted(int localSocket) {
        driver.lock.lock();
        try {
            ArrayDeque<Long> queue = accepted.remove(localSocket);
            return queue == null ? List.of() : List.copyOf(queue);
        } finally {
            driver.unlock();
        }
    }

    /** Request {@code id} was issued by the driver itself: nobody waits for its outcome (caller holds the lock). */
    void issueUnclaimed(long id) {
        if (!driver.engine.cancel(id)) {
            unclaimed.add(id);       // completed at once: its event is dispatched next
        }
    }

    /** A request completed (caller holds the lock): its outcome is kept for its caller, who is woken. */
    void completed(EngineEvent.Completed c) {
        if (!unclaimed.remove(c.requestId())) {
            outcomes.put(c.requestId(), c.outcome());
            driver.wakeups.wake(Wakeups.Topic.OUTCOME, c.requestId());
        }
    }

    /** The peer opened a channel (caller holds the lock): it waits for a caller of its socket, who is woken. */
    void accepted(EngineEvent.ChannelAccepted a) {
        accepted.computeIfAbsent(a.localSocket(), k -> new ArrayDeque<>()).add(a.channelId());
        driver.wakeups.wake(Wakeups.Topic.ACCEPT, a.localSocket());
    }
}
