package org.dot4j.driver;

import java.nio.ByteBuffer;
import org.dot4j.api.Dot4Exception;
import org.dot4j.api.IoResult;
import org.dot4j.api.NtStatus;
import org.dot4j.engine.ChannelMode;
import org.dot4j.engine.CloseCause;
import org.dot4j.engine.ReadResult;

/**
 * A link driver's blocking reads and writes on one channel. Each call waits on a {@link Wakeups.Waiter} of its
 * own channel only: a reader is woken by data for it or the channel's end, a writer by room in its send queue or
 * the channel's end, and every waiter by the link going down.
 *
 * <p>Every method takes the driver's lock for the whole call; waiting lets go of it.
 */
final class ChannelIo {

    private final LinkDriver driver;

    ChannelIo(LinkDriver driver) {
        this.driver = driver;
    }

    /** See {@link LinkDriver#write}. */
    IoResult write(long channelId, ByteBuffer src, boolean endOfMessage, long timeoutMillis) throws Dot4Exception {
        int size = src.remaining();
        driver.lock.lock();
        try (Wakeups.Waiter room = driver.wakeups.register(Wakeups.Topic.SEND, channelId)) {
            Deadline deadline = Deadline.ofMillis(timeoutMillis);
            boolean first = true;
            while (src.hasRemaining() || first) {
                first = false;
                driver.closes.requireKept(channelId);
                int before = src.remaining();
                driver.call(e -> e.write(channelId, src, endOfMessage));
                if (src.hasRemaining() && before == src.remaining() && !room.await(deadline, driver.name())) {
                    driver.requireUp();
                    return new IoResult(NtStatus.STATUS_TIMEOUT, size - src.remaining());
                }
            }
            return IoResult.success(size);
        } finally {
            driver.unlock();
        }
    }

    /** See {@link LinkDriver#read}. */
    IoResult read(long channelId, ChannelMode mode, byte[] buffer, int offset, int size, long timeoutMillis)
            throws Dot4Exception {
        driver.lock.lock();
        try (Wakeups.Waiter data = driver.wakeups.register(Wakeups.Topic.RECEIVE, channelId)) {
            Deadline deadline = Deadline.ofMillis(timeoutMillis);
            ByteBuffer dst = ByteBuffer.wrap(buffer, offset, size);
            while (true) {
                driver.closes.requireKept(channelId);
                // Data received before the link went down is still delivered: nothing is lost.
                ReadResult r = driver.apply(e -> e.read(channelId, dst));
                if (r.bytes() > 0) {
                    boolean partial = mode == ChannelMode.PACKET && !r.endOfMessage();
                    return new IoResult(partial ? NtStatus.STATUS_BUFFER_OVERFLOW : NtStatus.STATUS_SUCCESS, r.bytes());
                }
                CloseCause cause = driver.engine.closeCause(channelId).orElse(null);
                if (r.endOfChannel() && (cause == CloseCause.CLOSED_BY_PEER || cause == CloseCause.EXIT)) {
                    return IoResult.success(0);
                }
                if (r.endOfChannel() && driver.downReason() == null) {
                    throw new Dot4Exception(NtStatus.STATUS_CANCELLED, "channel " + channelId + " ended: the conversation was reset");
                }
                if (size == 0) {
                    return IoResult.success(0);
                }
                driver.requireUp();
                if (!data.await(deadline, driver.name())) {
                    return new IoResult(NtStatus.STATUS_TIMEOUT, 0);
                }
            }
        } finally {
            driver.unlock();
        }
    }

    /**
     * See {@link LinkDriver#awaitSent}. The engine says when the send queue drained or the channel ended; progress
     * short of that is looked at each time the stall period runs out, so a channel that still moves is waited for
     * another period.
     */
    int awaitSent(long channelId, long stallNanos) throws Dot4Exception {
        driver.lock.lock();
        try (Wakeups.Waiter sent = driver.wakeups.register(Wakeups.Topic.SEND, channelId)) {
            Deadline deadline = Deadline.ofNanos(stallNanos);
            int unsent = driver.engine.unsent(channelId);
            while (unsent > 0 && driver.engine.closeCause(channelId).isEmpty()) {
                driver.requireUp();
                if (!sent.await(deadline, driver.name())) {
                    return unsent;
                }
                int now = driver.engine.unsent(channelId);
                if (now < unsent) {
                    deadline = Deadline.ofNanos(stallNanos);
                }
                unsent = now;
            }
            return unsent;
        } finally {
            driver.unlock();
        }
    }
}
