package org.dot4j.driver;

import java.util.ArrayDeque;
import java.util.concurrent.locks.Condition;
import org.dot4j.api.Activity;
import org.dot4j.api.ActivityMessage;
import org.dot4j.api.ChannelType;
import org.dot4j.api.Dot4Exception;

/**
 * One client's activity broadcasts (d4drvif WAIT_ACTIVITY_BROADCAST): engine events on its subscribed channels
 * become {@link Activity} values, queued until the client waits for them. Bounded: beyond
 * {@link #MAX_QUEUED_ACTIVITY} the oldest is dropped (a client that never waits).
 *
 * <p>Guarded by the {@link HandleTable}'s lock: events arrive under it, and a waiter waits on its condition.
 */
final class ActivityQueue {

    /** Activity events kept per client. */
    static final int MAX_QUEUED_ACTIVITY = 4096;

    private final ArrayDeque<Activity> queue = new ArrayDeque<>();
    private final Condition queued;

    ActivityQueue(HandleTable table) {
        this.queued = table.lock.newCondition();
    }

    /** Data arrived on {@code ch}: a packet channel reports whole messages, a stream channel every arrival. */
    void onData(HandleTable.Channel ch, int bytes, boolean endOfMessage) {
        if (ch.socket.type() == ChannelType.PACKET) {
            if (endOfMessage) {
                channel(ch, ActivityMessage.MESSAGE_RECEIVED, bytes);
            }
        } else {
            channel(ch, ActivityMessage.STREAM_RECEIVED, bytes);
        }
    }

    /** The peer granted credit on {@code ch}. */
    void onCredit(HandleTable.Channel ch, int credit) {
        channel(ch, ActivityMessage.STREAM_CREDITS, credit);
    }

    /** The peer closed {@code ch}. */
    void onClosedByPeer(HandleTable.Channel ch) {
        channel(ch, ActivityMessage.CHANNEL_CLOSED, 0);
    }

    /** The link went down: every client hears it. */
    void onDisconnect() {
        push(new Activity(ActivityMessage.DISCONNECT, 0, 0));
    }

    /** Wakes the waiter (the client closed or the link went down); it re-checks why. */
    void wake() {
        queued.signalAll();
    }

    /** The oldest activity queued, or null when none is. */
    Activity poll() {
        return queue.poll();
    }

    /** Waits until an activity is queued or woken; false when the deadline had passed. */
    boolean await(Deadline deadline) throws Dot4Exception {
        return deadline.await(queued, "WAIT_ACTIVITY_BROADCAST");
    }

    private void channel(HandleTable.Channel ch, ActivityMessage message, int count) {
        if (ch.subscribed) {
            push(new Activity(message, count, ch.handle));
        }
    }

    private void push(Activity a) {
        if (queue.size() >= MAX_QUEUED_ACTIVITY) {
            queue.poll();
        }
        queue.add(a);
        queued.signalAll();
    }
}
