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
 * <p>Commands go in two {@link CommandLane}s, each with at most one command awaited: the main lane (Init, Exit,
 * opens, closes, lookups, ConfigSocket, the Epson entry: one at a time, as every real host sends them, reference
 * §5.2) and the credit lane (Credit, CreditRequest), so a grant is never stuck behind a slow OpenChannel waiting
 * for its reply. IEEE 1284.4 allows more than one transaction outstanding; the lanes' opcodes differ, so a reply
 * names its lane even in MLC, whose replies name no sockets. A peer answers each lane in order, so a reply
 * answers the oldest late command of its lane it matches, else the lane's awaited one; late commands before the
 * one it answers will never be answered. A late reply is not an error (a stopped printer answers when it resumes, issue
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

    /**
     * A command on the wire: why we sent it, exactly what was sent, the credit a Credit command carried, and its
     * place in the order we sent commands on either lane.
     */
    record Sent(Pending pending, Command command, int granted, long order) {}

    /** A sent command whose reply is owed but not awaited; {@code ofEndedConversation}: an Init or Exit came since. */
    record Late(Sent sent, boolean ofEndedConversation) {}

    private final LinkEngine engine;
    /** Init, Exit, opens, closes, lookups, ConfigSocket, the Epson entry. */
    final CommandLane main = new CommandLane("main");
    /** Credit and CreditRequest. */
    final CommandLane credit = new CommandLane("credit");
    private long sentCount;
    /** Requests cancelled while in progress: they run on (or are undone) without their Completed event. */
    private final Set<Long> cancelled = new HashSet<>();

    CommandQueue(LinkEngine engine) {
        this.engine = engine;
    }

    /** When the first awaited command times out, if one is awaited. */
    OptionalLong deadline() {
        return LinkEngine.earliest(main.deadline(), credit.deadline());
    }

    /** True while a command awaits its reply on either lane. */
    boolean awaits() {
        return main.awaited != null || credit.awaited != null;
    }


    long enqueue(Command command, Channel ch) {
        if (main.queue.size() >= MAX_QUEUED) {
            throw new EngineException(Failure.NO_RESOURCES, "too many commands queued (" + main.queue.size() + ")");
        }
        long request = engine.newId();
        main.queue.add(new Pending.Send(request, command, ch));
        return request;
    }

    /** Queues an engine-made command on its lane; false when the lane is full (it is asked again later). */
    boolean offer(Pending pending) {
        CommandLane lane = pending instanceof Pending.Send ? main : credit;
        return lane.queue.size() < MAX_QUEUED && lane.queue.add(pending);
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
        if (main.awaited == null || main.awaited.pending() != send) {
            if (undoable) {
                main.queue.remove(send);
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

    /** Sends the credit lane's next command, then the main lane's, each when none of its own is awaited. */
    void transmit(ByteBuffer dst, long now) {
        transmit(credit, dst, now);
        transmit(main, dst, now);
    }

    /** Sends queued commands while none is awaited and the peer owes fewer than {@link #MAX_LATE} replies. */
    private void transmit(CommandLane lane, ByteBuffer dst, long now) {
        while (lane.awaited == null && !lane.queue.isEmpty() && lane.mayIssue(lane.queue.peek())) {
            Pending next = lane.queue.peek();
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
            lane.queue.poll();
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
                lane.awaited = new Sent(next, command, granted, sentCount++);
                lane.deadline = now + engine.config.replyTimeoutNanos();
            }
        }
    }

    /** The awaited commands' reply timers: each that ran out fails, and its reply, if it ever comes, is late. */
    void handleTimeout(long now) {
        for (CommandLane lane : new CommandLane[] {main, credit}) {
            if (lane.timedOut(now)) {
                failAwaited(lane, now, command -> EngineEvent.Failed.of(Failure.TIMEOUT, command.opcode()
                        + " got no reply within " + engine.config.replyTimeoutNanos() / 1_000_000 + " ms"));
            }
        }
    }

    /** An Error packet answered our command: the one we sent first of those awaited (a peer answers in order). */
    void failFirstAwaited(long now, Function<Command, EngineEvent.Failed> why) {
        boolean mainFirst = credit.awaited == null
                || (main.awaited != null && main.awaited.order() < credit.awaited.order());
        failAwaited(mainFirst ? main : credit, now, why);
    }

    /**
     * The awaited command fails without its reply (its timer fired, or an Error packet answered it); the reply, if
     * it comes after all, is late. An open keeps its pair until then; a CreditRequest is asked again after the
     * back-off, never at once (two peers erring at each other would otherwise loop without end).
     */
    private void failAwaited(CommandLane lane, long now, Function<Command, EngineEvent.Failed> why) {
        Sent failed = lane.awaited;
        lane.awaited = null;
        remember(lane, new Late(failed, false));
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

    /** The lane whose commands {@code reply} can answer. */
    CommandLane laneOf(Reply reply) {
        return reply instanceof Transaction.CreditReply || reply instanceof Transaction.CreditRequestReply ? credit : main;
    }

    /** The late command {@code reply} answers, removed, or null; late commands skipped before it are given up. */
    Late takeLate(Reply reply) {
        ArrayDeque<Late> late = laneOf(reply).late;
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
        CommandLane lane = laneOf(reply);
        if (lane.awaited == null || !engine.dialect.answers(lane.awaited.command(), reply)) {
            return null;
        }
        Sent sent = lane.awaited;
        lane.awaited = null;
        while (!lane.late.isEmpty()) {
            giveUp(lane.late.poll()); // the peer answered a later command: these will never be answered
        }
        return sent;
    }

    /** The conversation ended (Init, Exit) or the link went down: every request fails, late ones become moot. */
    void failAll(Failure failure, String detail, boolean linkDown) {
        failAll(main, failure, detail, linkDown);
        failAll(credit, failure, detail, linkDown);
    }

    private void failAll(CommandLane lane, Failure failure, String detail, boolean linkDown) {
        ArrayDeque<Late> ended = new ArrayDeque<>();
        for (Late l : lane.late) {
            giveUp(l);
            ended.add(new Late(l.sent(), true));
        }
        lane.late.clear();
        if (!linkDown) {
            lane.late.addAll(ended);
        }
        Sent awaited = lane.awaited;
        lane.awaited = null;
        if (awaited != null) {
            if (!linkDown) {
                remember(lane, new Late(awaited, true));
            }
            if (awaited.pending() instanceof Pending.Send send) {
                fail(send, EngineEvent.Failed.of(failure, detail));
            }
        }
        Pending[] queued = lane.queue.toArray(Pending[]::new);
        lane.queue.clear(); // before failing them: a failed ConfigSocket would look for the opens behind it
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

    private void remember(CommandLane lane, Late l) {
        if (lane.late.size() >= MAX_LATE) {
            giveUp(lane.late.poll());
        }
        lane.late.add(l);
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
        if (main.awaited != null && main.awaited.pending() instanceof Pending.Send send && send.requestId() == requestId) {
            return send;
        }
        for (Iterator<Pending> it = main.queue.iterator(); it.hasNext(); ) {
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
}
