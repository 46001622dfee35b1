package org.dot4j.driver;

import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.dot4j.api.Dot4Exception;
import org.dot4j.api.NtStatus;
import org.dot4j.engine.CloseCause;
import org.dot4j.engine.EngineException;

/**
 * How a link driver closes channels without dropping data: a close waits until what was written went out, and a
 * channel given up on with data unsent lingers until it drained, then closes on the wire. Callers blocked on a
 * channel being closed are woken (see {@link Wakeups#wakeChannel}); on a lingering channel reads and writes fail
 * with STATUS_CANCELLED, as it was closed.
 *
 * <p>Methods that do not say so take the driver's lock themselves.
 */
final class ChannelCloses {

    private final LinkDriver driver;
    /** Channels given up on with data unsent: nothing is dropped, so each closes on the wire once it drained. */
    private final Set<Long> lingering = new HashSet<>();

    ChannelCloses(LinkDriver driver) {
        this.driver = driver;
    }

    /** See {@link LinkDriver#closeDelivering}. */
    void closeDelivering(long channelId, long timeoutNanos, String peer) throws Dot4Exception {
        int unsent;
        try {
            unsent = driver.awaitSent(channelId, timeoutNanos);
        } catch (Dot4Exception e) {
            throw undelivered(channelId, e);
        }
        Optional<CloseCause> cause = driver.closeCause(channelId);
        if (unsent == 0 && cause.filter(c -> c == CloseCause.CLOSED_BY_PEER || c == CloseCause.EXIT).isPresent()) {
            closeChannel(channelId, timeoutNanos, true);   // the peer ended it after taking everything: done at once
            return;
        }
        Dot4Exception failure = null;
        if (unsent > 0 && cause.isEmpty()) {
            closeWhenDrained(channelId);
            throw new Dot4Exception(NtStatus.STATUS_IO_TIMEOUT, unsent + " bytes not delivered: " + peer
                    + " took no data for " + TimeUnit.NANOSECONDS.toMillis(timeoutNanos) + " ms (out of paper? paused?);"
                    + " they stay queued and the channel closes once " + peer + " takes them");
        }
        if (unsent > 0) {
            failure = switch (cause.get()) {
                case LINK_DOWN -> new Dot4Exception(NtStatus.STATUS_DEVICE_NOT_CONNECTED, driver.name() + " went down with "
                        + unsent + " bytes not delivered (" + driver.downReason() + ")");
                case REINIT -> new Dot4Exception(NtStatus.STATUS_CANCELLED, "the conversation was reset with "
                        + unsent + " bytes not delivered");
                case CLOSED_BY_PEER, EXIT -> new Dot4Exception(NtStatus.STATUS_CANCELLED, peer + " closed the channel with "
                        + unsent + " bytes not taken; the job was not delivered whole");
            };
        }
        try {
            closeChannel(channelId, timeoutNanos, false);
        } catch (Dot4Exception e) {
            throw failure != null ? failure : e;
        }
        if (failure != null) {
            throw failure;
        }
    }

    /**
     * CloseChannel, waiting for its reply; {@code anyState} also after the link went down (a channel the peer
     * ended completes at once). Callers blocked on the channel are woken when it is issued and when it completes.
     */
    void closeChannel(long channelId, long timeoutNanos, boolean anyState) throws Dot4Exception {
        driver.lock.lock();
        try {
            driver.requests.request(e -> {
                long request = e.closeChannel(channelId);
                driver.wakeups.wakeChannel(channelId);
                return request;
            }, timeoutNanos, anyState);
        } finally {
            driver.wakeups.wakeChannel(channelId);
            driver.unlock();
        }
    }

    /** See {@link LinkDriver#closeWhenDrained}. */
    void closeWhenDrained(long channelId) {
        driver.lock.lock();
        try {
            lingering.add(channelId);
            driver.wakeups.wakeChannel(channelId);
            closeDrained();
        } finally {
            driver.unlock();
        }
    }

    /** Fails with STATUS_CANCELLED when the channel was given up on (caller holds the lock). */
    void requireKept(long channelId) throws Dot4Exception {
        if (lingering.contains(channelId)) {
            throw Dot4Exception.cancelled("I/O on channel " + channelId);
        }
    }

    /** Closes lingering channels that have drained or ended (caller holds the lock); runs before each batch of events. */
    void closeDrained() {
        if (lingering.isEmpty()) {
            return;
        }
        for (var it = lingering.iterator(); it.hasNext(); ) {
            long id = it.next();
            if (driver.downReason() == null && driver.engine.unsent(id) > 0 && driver.engine.closeCause(id).isEmpty()) {
                continue;
            }
            it.remove();
            closeUnclaimed(id);
        }
    }

    /**
     * Closes a channel nobody holds (accepted and never taken, or given up on), in any link state, without waiting
     * for the reply; its callers are woken.
     */
    void closeUnclaimed(long channelId) {
        driver.lock.lock();
        try {
            driver.requests.issueUnclaimed(driver.engine.closeChannel(channelId));
        } catch (EngineException e) {
            // Already closing or gone (link down, reset): nothing is left to close.
        } finally {
            driver.wakeups.wakeChannel(channelId);
            driver.unlock();
        }
    }

    /** The link failed during a close: the error says whether written data was lost with it. */
    private Dot4Exception undelivered(long channelId, Dot4Exception e) {
        int unsent = driver.inspect(engine -> engine.unsent(channelId));
        return unsent == 0 ? e : new Dot4Exception(e.status(), e.getMessage() + "; " + unsent + " bytes were not delivered");
    }
}
