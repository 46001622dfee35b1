package org.dot4j.engine;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.Iterator;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.Function;
import org.dot4j.wire.Transaction;
import org.dot4j.wire.Transaction.Command;
import org.dot4j.wire.Transaction.Reply;

/**
 * Our side of the transaction channel: the commands we queue, the one on the wire with its reply timer, and those
 * whose reply is owed but no longer awaited ("late": they timed out, or an Init ended their conversation).
 *
 * <p>One command is awaited at a time, as every real peer does (reference §5, §12). A peer answers in order, so a
 * reply answers the oldest late command it matches, else the awaited one; late commands before the one it
 * answers will never be answered. A late reply is not an error (a stopped printer answers when it resumes, issue
 * 9 defect 5): it is counted, and only what it did at the peer is applied (credit granted, a channel opened), never
 * reported as the outcome of the request, which already failed. At most {@link #MAX_LATE} late commands are kept;
 * while that many are owed, nothing but Init and the Epson entry is sent (a stopped peer is not flooded).
 *
 * <p>Part of {@link LinkEngine}; not thread-safe.
 */
final class CommandQueue {

    /** Queued commands beyond which a flood is refused. */
    static final int MAX_QUEUED = LinkEngine.MAX_QUEUED_TRANSACTIONS;
    /** Late commands remembered; bounds what a peer that never answers can make us keep. */
    static final int MAX_LATE = 64;

    /** A transaction we will send, in order. */
    sealed interface Pending {
        /** A command the application asked for ({@code requestId} != 0) or the engine needs (0). */
        record Send(long requestId, Command command, Channel channel) implements Pending {}

        /** A Credit command whose amount is decided when it is sent. */
        record Grant(Channel channel) implements Pending {}

        /** A CreditRequest for a channel that has data and no credit. */
        record Ask(Channel channel) implements Pending {}
    }

    /** A command on the wire: why we sent it, exactly what was sent, and the credit a Credit command carried. */
    record Sent(Pending pending, Command command, int granted) {}

    /** A sent command whose reply is owed but not awaited; {@code ofEndedConversation}: an Init or Exit came since. */
    record Late(Sent sent, boolean ofEndedConversation) {}

    private final LinkEngine engine;
    final ArrayDeque<Pending> queue = new ArrayDeque<>();
    /** The command awaiting its reply, or null. */
    Sent awaited;
    private long deadline;
    /** Oldest first. */
    final ArrayDeque<Late> late = new ArrayDeque<>();
    /** Requests cancelled while in progress: they run on (or are undone) without their Completed event. */
    private final Set<Long> cancelled = new HashSet<>();

    CommandQueue(LinkEngine engine) {
        this.engine = engine;
    }

    /** When the awaited command times out, if one is awaited. */
    OptionalLong deadline() {
        return awaited == null ? OptionalLong.empty() : OptionalLong.of(deadline);
    }

    long enqueue(Command command, Channel ch) {
        if (queue.size() >= MAX_QUEUED) {
            throw new EngineException(Failure.NO_RESOURCES, "too many commands queued (" + queue.size() + ")");
        }
        long request = engine.newId();
        queue.add(new Pending.Send(request, command, ch));
        return request;
    }

    /** Queues an engine-made Grant or Ask; false when the queue is full (it is asked again later). */
    boolean offer(Pending pending) {
        return queue.size() < MAX_QUEUED && queue.add(pending);
    }

    /** See {@link LinkEngine#cancel}. */
    boolean cancel(long requestId) {
        Pending.Send send = inProgress(requestId);
        if (send == null || cancelled.contains(requestId)) {
            return false;
        }
        Command command = send.command();
        boolean undoable = opens(command) || command instanceof Transaction.GetSocketId
                || command instanceof Transaction.GetServiceName || command instanceof Transaction.EpsonPacking;
        if (awaited == null || awaited.pending() != send) {
            if (undoable) {
                queue.remove(send);
                if (send.channel() != null) {
                    engine.table.forget(send.channel());
                }
                return true;
            }
        }
        cancelled.add(requestId);
        if (opens(command)) {
            engine.table.abandon(send.channel());
        }
        return true;
    }

    /** Sends queued commands while none is awaited and the peer owes fewer than {@link #MAX_LATE} replies. */
    void transmit(ByteBuffer dst, long now) {
        while (awaited == null && !queue.isEmpty() && mayIssue(queue.peek())) {
            Pending next = queue.peek();
            int granted = next instanceof Pending.Grant g && g.channel().state == Channel.State.OPEN ? g.channel().grantable(0) : 0;
            Command command = switch (next) {
                case Pending.Send send -> send.command();
                case Pending.Grant grant -> granted == 0 ? null
                        : new Transaction.Credit(grant.channel().key.primarySocket(), grant.channel().key.secondarySocket(), granted);
                case Pending.Ask ask -> ask.channel().state != Channel.State.OPEN ? null
                        : engine.dialect.creditRequest(ask.channel().key);
            };
            if (command != null && !engine.scheduler.fits(command, dst)) {
                return;
            }
            queue.poll();
            switch (next) {
                case Pending.Grant grant -> {
                    grant.channel().grantQueued = false;
                    grant.channel().credit.grant(granted);
                }
                case Pending.Ask ask -> ask.channel().creditRequestPending = command != null;
                case Pending.Send send -> { }
            }
            if (command != null) {
                engine.scheduler.encode(command, dst);
                awaited = new Sent(next, command, granted);
                deadline = now + engine.config.replyTimeoutNanos();
            }
        }
    }

    /** The awaited command's reply timer: it fails, and its reply, if it ever comes, is late. */
    void handleTimeout(long now) {
        if (awaited != null && now - deadline >= 0) {
            failAwaited(now, command -> EngineEvent.Failed.of(Failure.TIMEOUT, command.opcode() + " got no reply within "
                    + engine.config.replyTimeoutNanos() / 1_000_000 + " ms"));
        }
    }

    /**
     * The awaited command fails without its reply (its timer fired, or an Error packet answered it); the reply, if
     * it comes after all, is late. An open keeps its pair until then; a CreditRequest is asked again after the
     * back-off, never at once (two peers erring at each other would otherwise loop without end).
     */
    void failAwaited(long now, Function<Command, EngineEvent.Failed> why) {
        Sent failed = awaited;
        awaited = null;
        remember(new Late(failed, false));
        switch (failed.pending()) {
            case Pending.Send send -> {
                if (opens(send.command())) {
                    engine.table.abandon(send.channel()); // the peer may open it yet: keep the pair until it answers
                    complete(send.requestId(), why.apply(send.command()));
                } else {
                    fail(send, why.apply(send.command()));
                }
            }
            case Pending.Ask ask -> {
                ask.channel().creditRequestPending = false;
                ask.channel().credit.refused(now, engine.config.creditRetryNanos());
            }
            case Pending.Grant grant -> { } // counted as granted: the peer holds it unless its late reply refuses it
        }
    }

    /** The late command {@code reply} answers, removed, or null; late commands skipped before it are given up. */
    Late takeLate(Reply reply) {
        int index = 0;
        for (Late l : late) {
            if (engine.dialect.answers(l.sent().command(), reply)) {
                for (int i = 0; i < index; i++) {
                    giveUp(late.poll());
                }
                return late.poll();
            }
            index++;
        }
        return null;
    }

    /** The awaited command when {@code reply} answers it, no longer awaited; null when it does not. */
    Sent takeAwaited(Reply reply) {
        if (awaited == null || !engine.dialect.answers(awaited.command(), reply)) {
            return null;
        }
        Sent sent = awaited;
        awaited = null;
        while (!late.isEmpty()) {
            giveUp(late.poll()); // the peer answered a later command: these will never be answered
        }
        return sent;
    }

    /** The conversation ended (Init, Exit) or the link went down: every request fails, late ones become moot. */
    void failAll(Failure failure, String detail, boolean linkDown) {
        ArrayDeque<Late> ended = new ArrayDeque<>();
        for (Late l : late) {
            giveUp(l);
            ended.add(new Late(l.sent(), true));
        }
        late.clear();
        if (!linkDown) {
            late.addAll(ended);
        }
        if (awaited != null) {
            if (!linkDown) {
                remember(new Late(awaited, true));
            }
            if (awaited.pending() instanceof Pending.Send send) {
                fail(send, EngineEvent.Failed.of(failure, detail));
            }
        }
        awaited = null;
        Pending[] queued = queue.toArray(Pending[]::new);
        queue.clear(); // before failing them: a failed ConfigSocket would look for the opens behind it
        for (Pending p : queued) {
            if (p instanceof Pending.Send send) {
                fail(send, EngineEvent.Failed.of(failure, detail));
            }
        }
    }

    /** Ends a request with a failure; a channel it opened or closed is forgotten, opens behind a ConfigSocket fail. */
    void fail(Pending.Send send, EngineEvent.Failed failed) {
        Channel ch = send.channel();
        if (ch != null && (opens(send.command()) || send.command() instanceof Transaction.CloseChannel)) {
            engine.table.forget(ch); // the application is done with it either way
        }
        if (send.command() instanceof Transaction.ConfigSocket config) {
            engine.mlc.configFailed(config, failed);
        }
        complete(send.requestId(), failed);
    }

    /** Reports how a request ended, unless it is internal (id 0) or was cancelled. */
    void complete(long requestId, EngineEvent.Outcome outcome) {
        if (requestId != 0 && !cancelled.remove(requestId)) {
            engine.emit(new EngineEvent.Completed(requestId, outcome));
        }
    }

    // ---- private

    private boolean mayIssue(Pending next) {
        return late.size() < MAX_LATE || (next instanceof Pending.Send send
                && (send.command() instanceof Transaction.Init || send.command() instanceof Transaction.EpsonPacking));
    }

    private void remember(Late l) {
        if (late.size() >= MAX_LATE) {
            giveUp(late.poll());
        }
        late.add(l);
    }

    /** A late command that will never be answered: a channel kept for its reply is freed. */
    private void giveUp(Late l) {
        if (!l.ofEndedConversation() && l.sent().pending() instanceof Pending.Send send
                && opens(send.command()) && send.channel().abandoned) {
            engine.table.forget(send.channel());
        }
    }

    private Pending.Send inProgress(long requestId) {
        if (requestId == 0) {
            return null;
        }
        if (awaited != null && awaited.pending() instanceof Pending.Send send && send.requestId() == requestId) {
            return send;
        }
        for (Iterator<Pending> it = queue.iterator(); it.hasNext(); ) {
            if (it.next() instanceof Pending.Send send && send.requestId() == requestId) {
                return send;
            }
        }
        return null;
    }

    /** OpenChannel in either form. */
    static boolean opens(Command command) {
        return command instanceof Transaction.OpenChannel || command instanceof Transaction.MlcOpenChannel;
    }

    /**
     * Whether {@code reply} answers {@code sent} in 1284.4: the same opcode, and a channel reply names the command's channel
     * (§3.6, 0x82). A refusal that stopped after its result byte decodes with sockets 0/0 and is accepted.
     */
    static boolean answers(Command sent, Reply reply) {
        if (sent.opcode() != reply.opcode()) {
            return false;
        }
        int[] asked = sockets(sent);
        int[] answered = sockets(reply);
        if (asked == null || answered == null || (!reply.succeeded() && answered[0] == 0 && answered[1] == 0)) {
            return true;
        }
        return asked[0] == answered[0] && asked[1] == answered[1];
    }

    private static int[] sockets(Transaction t) {
        return switch (t) {
            case Transaction.OpenChannel o -> new int[] {o.primarySocket(), o.secondarySocket()};
            case Transaction.CloseChannel c -> new int[] {c.primarySocket(), c.secondarySocket()};
            case Transaction.Credit c -> new int[] {c.primarySocket(), c.secondarySocket()};
            case Transaction.CreditRequest c -> new int[] {c.primarySocket(), c.secondarySocket()};
            case Transaction.OpenChannelReply r -> new int[] {r.primarySocket(), r.secondarySocket()};
            case Transaction.CloseChannelReply r -> new int[] {r.primarySocket(), r.secondarySocket()};
            case Transaction.CreditReply r -> new int[] {r.primarySocket(), r.secondarySocket()};
            case Transaction.CreditRequestReply r -> new int[] {r.primarySocket(), r.secondarySocket()};
            default -> null;
        };
    }
}
