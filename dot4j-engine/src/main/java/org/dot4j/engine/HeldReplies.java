package org.dot4j.engine;

import java.util.ArrayDeque;
import java.util.OptionalLong;
import org.dot4j.wire.ResultCode;
import org.dot4j.wire.Transaction;
import org.dot4j.wire.Transaction.CreditRequest;
import org.dot4j.wire.Transaction.CreditRequestReply;

/**
 * Peripheral: a CreditRequest that finds no buffer room, while received data waits for the application to read it,
 * is answered when the read frees room, or with 0 after
 * {@link #HOLD_NANOS}. HPLIP sleeps a whole second after every CreditRequest answered with 0 (io/hpmud/dot4.c,
 * reference §4.2), so an immediate 0 costs it far more than a short wait; the standard sets no time for the reply
 * (our hosts wait 10 s). Replies to the host's later commands wait behind a held one: it sees them in the order of
 * its commands. Part of {@link LinkEngine}; not thread-safe.
 */
final class HeldReplies {

    /** Longest a zero grant is held back. */
    static final long HOLD_NANOS = 500_000_000L;

    /** A reply ready to go, or a CreditRequest still to answer ({@code reply} null). */
    private record Entry(Transaction reply, Channel channel, CreditRequest request, long deadline) {}

    private final LinkEngine engine;
    private final ArrayDeque<Entry> queue = new ArrayDeque<>();

    HeldReplies(LinkEngine engine) {
        this.engine = engine;
    }

    /** Replies waiting behind a held one, or held themselves. */
    int size() {
        return queue.size();
    }

    /** True when a CreditRequest on {@code ch} awaits its answer here: that answer will carry the channel's grant. */
    boolean holds(Channel ch) {
        for (Entry e : queue) {
            if (e.channel == ch) {
                return true;
            }
        }
        return false;
    }

    /** Queues {@code reply} behind a held CreditRequest, if there is one; false when it may go at once. */
    boolean queueBehind(Transaction reply) {
        if (queue.isEmpty()) {
            return false;
        }
        queue.add(new Entry(reply, null, null, 0));
        return true;
    }

    /** Holds the answer to {@code request} on {@code ch}: it had no room, or a reply is held before it. */
    void hold(Channel ch, CreditRequest request, long now) {
        queue.add(new Entry(null, ch, request, now + HOLD_NANOS));
    }

    /** When the held answer at the head falls due, if one is held. */
    OptionalLong deadline() {
        Entry head = queue.peek();
        return head == null || head.reply != null ? OptionalLong.empty() : OptionalLong.of(head.deadline);
    }

    /** Passes on, in order, what may go now: grants for which there is room, zero grants that are due. */
    void release(long now) {
        release(now, false);
    }

    /** Passes everything on (the channels ended: Init, Exit, link down); a held CreditRequest gets what room there is. */
    void flush() {
        release(0, true);
    }

    private void release(long now, boolean all) {
        while (!queue.isEmpty()) {
            Entry head = queue.peek();
            Transaction out = head.reply;
            if (out == null) {
                Channel ch = head.channel;
                boolean open = engine.table.isOnWire(ch);
                int granted = open ? ch.grantable(head.request.creditRequested()) : 0;
                if (granted == 0 && open && !all && now - head.deadline < 0) {
                    return;
                }
                ch.credit.grant(granted);
                out = new CreditRequestReply(ResultCode.SUCCESS, head.request.primarySocket(),
                        head.request.secondarySocket(), granted);
            }
            queue.poll();
            engine.scheduler.urgent.add(out);
        }
    }
}
