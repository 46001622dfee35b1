package org.dot4j.engine;

/**
 * The credit commands that keep data going, as each channel's {@link CreditLedger} decides: a Credit when a grant is
 * due (unless the next data packet carries it), a CreditRequest when data waits and a grant is overdue. They go on
 * the command queue's credit lane. Part of {@link LinkEngine}; not thread-safe.
 */
final class CreditFlow {

    private final LinkEngine engine;
    /** The peer has answered a CreditRequest with credit on this link (see {@link CreditLedger#nothingGranted}). */
    boolean peerAnswersRequests;

    CreditFlow(LinkEngine engine) {
        this.engine = engine;
    }

    /**
     * Grants the peer credit for free buffer room when it holds less than half of what the buffer allows:
     * piggy-backed on queued data, else by a Credit command, when this link lets us speak first.
     */
    void maybeGrant(Channel ch) {
        if (engine.state != LinkState.READY || ch.state != Channel.State.OPEN || !engine.mayGrant()) {
            return;
        }
        if (!ch.grantDue()) {
            return;
        }
        if (engine.dialect.piggybacks() && !ch.toSend.isEmpty() && ch.credit.canSend()) {
            return; // the next data packet carries it
        }
        if (engine.held.holds(ch)) {
            return; // the held answer to the peer's CreditRequest carries it
        }
        if (!ch.grantQueued && engine.commands.offer(new CommandQueue.Pending.Grant(ch))) {
            ch.grantQueued = true;
        }
    }

    /** Credit the peer granted, by any means: the debt is settled, the back-off stays (issue 10 defect 4). */
    void creditArrived(Channel ch, int credit) {
        ch.credit.settle();
        if (ch.creditRequestPending) {
            ch.credit.pushedWhileAsking();
        }
        engine.emit(new EngineEvent.CreditReceived(ch.id, ch.key, credit));
    }

    /**
     * Queues a CreditRequest for each channel whose grant is overdue or, from a peer that grants only when asked,
     * soon due (see {@link CreditLedger}): with
     * {@code timers}, also those whose wait (back-off, push wait) has run out, which only
     * {@link LinkEngine#handleTimeout} asks for; without, only those asked for as soon as they are owed.
     */
    void askForCredit(long now, boolean timers) {
        if (engine.state != LinkState.READY || !engine.mayCommand()) {
            return;
        }
        long pushWait = engine.mlc.pushWait();
        // A host whose peripheral never grants unasked (Epson's 0x10) asks ahead; others wait for the push.
        boolean askEarly = engine.role == Role.HOST && !engine.dialect.peripheralGrants() && pushWait == 0;
        for (Channel ch : engine.table.live.values()) {
            if (ch.needsCredit(now, pushWait, timers, askEarly) && engine.commands.offer(new CommandQueue.Pending.Ask(ch))) {
                ch.creditRequestPending = true;
                ch.credit.asking();
                engine.mlc.asking();
            }
        }
    }
}
