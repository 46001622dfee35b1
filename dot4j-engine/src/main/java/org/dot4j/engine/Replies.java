package org.dot4j.engine;

import org.dot4j.engine.CommandQueue.Pending;
import org.dot4j.wire.ResultCode;
import org.dot4j.wire.Revision;
import org.dot4j.wire.Transaction.*;

/**
 * The peer's replies to our commands ({@link CommandQueue} decides which command a reply answers): outcomes of
 * requests, and the lasting effects of late replies. Part of {@link LinkEngine}; not thread-safe.
 */
final class Replies {

    private final LinkEngine engine;

    Replies(LinkEngine engine) {
        this.engine = engine;
    }

    /** A reply from the peer: to a late command, to the awaited one, or to none (Error 0x82). */
    void onReply(Reply reply, long now) {
        CommandQueue.Late late = engine.commands.takeLate(reply);
        if (late != null) {
            if (!late.ofEndedConversation()) {
                onLateReply(late.sent(), reply);
            }
            return;
        }
        CommandQueue.Sent sent = engine.commands.takeAwaited(reply);
        if (sent == null) {
            engine.sendError(Violation.UNMATCHED_REPLY, 0, 0, reply.opcode() + " reply matches no outstanding command");
            return;
        }
        switch (sent.pending()) {
            case Pending.Grant grant -> onCreditReply(grant.channel(), sent.granted(), reply);
            case Pending.Ask ask -> onCreditRequestReply(ask.channel(), (CreditRequestReply) reply, now);
            case Pending.Send send -> onReplyToSend(send, reply);
        }
    }

    /**
     * The reply to a command that timed out: its request already failed, but what it did at the peer stands and is
     * applied here (credit it granted, a channel it opened, which is then closed again), or both sides' books differ.
     */
    private void onLateReply(CommandQueue.Sent sent, Reply reply) {
        switch (sent.pending()) {
            case Pending.Grant grant -> onCreditReply(grant.channel(), sent.granted(), reply);
            case Pending.Ask ask -> {
                Channel ch = ask.channel();
                CreditRequestReply r = (CreditRequestReply) reply;
                if (engine.table.isOnWire(ch) && r.succeeded() && r.credit() > 0 && ch.credit.addSendCredit(r.credit())) {
                    engine.credit.creditArrived(ch, r.credit());
                }
            }
            case Pending.Send send -> onReplyToSend(new Pending.Send(0, send.command(), send.channel()), reply);
        }
    }

    private void onCreditReply(Channel ch, int granted, Reply reply) {
        if (!reply.succeeded()) {
            ch.credit.revoke(granted); // 0x07: the previous credit stays valid
        }
    }

    private void onReplyToSend(Pending.Send send, Reply reply) {
        long request = send.requestId();
        boolean ok = reply.succeeded();
        switch (reply) {
            case EpsonPackingReply r -> {
                // ES also takes result 2 as success (Q-S1).
                if (ok || r.result() == ResultCode.REVISION_NOT_SUPPORTED) {
                    engine.commands.complete(request, new EngineEvent.EntryAccepted());
                } else {
                    engine.commands.fail(send, refused("Epson entry", r.result()));
                }
            }
            case InitReply r -> {
                if (!ok && r.result() == ResultCode.REVISION_NOT_SUPPORTED && engine.revision == Revision.IEEE_1284_4) {
                    // A peer that knows only MLC refuses 0x20: try MLC, as HPLIP would have been told to (§6.3).
                    engine.speak(Revision.HP_MLC);
                    engine.commands.main.queue.addFirst(new Pending.Send(request, new Init(Revision.HP_MLC), null));
                    return;
                }
                if (ok) {
                    engine.move(Lifecycles.LinkEvent.INIT_ACCEPTED);
                    engine.commands.complete(request, new EngineEvent.InitDone(engine.revision));
                    engine.emit(new EngineEvent.Initialized(engine.revision));
                } else {
                    int asked = engine.revision;
                    String tried = asked == engine.config.revision() ? Revision.describe(asked)
                            : Revision.describe(engine.config.revision()) + ", then " + Revision.describe(asked);
                    engine.refusedInit();
                    engine.commands.fail(send, refused("Init with revision " + tried
                            + " (peer speaks " + Revision.describe(r.revision()) + ")", r.result()));
                }
            }
            case ExitReply r -> {
                // What was queued behind Exit belongs to the ended conversation: it fails, never goes on the wire.
                engine.failAllCommands(Failure.CANCELLED, "the conversation ended with Exit");
                engine.table.closeAll(CloseCause.EXIT, "conversation ended with Exit");
                engine.move(Lifecycles.LinkEvent.EXIT_ANSWERED);
                engine.commands.complete(request, new EngineEvent.ExitDone());
            }
            case GetSocketIdReply r -> {
                if (ok && r.socketId() != 0) {
                    engine.commands.complete(request, new EngineEvent.SocketIdFound(r.socketId()));
                } else {
                    engine.commands.fail(send, refused("GetSocketID", ok ? ResultCode.SERVICE_NAME_NOT_FOUND : r.result()));
                }
            }
            case GetServiceNameReply r -> {
                if (ok) {
                    engine.commands.complete(request, new EngineEvent.ServiceNameFound(r.serviceName()));
                } else {
                    engine.commands.fail(send, refused("GetServiceName", r.result()));
                }
            }
            case OpenChannelReply r -> {
                OpenChannel asked = (OpenChannel) send.command();
                boolean host = engine.role == Role.HOST;
                onOpenChannelReply(send, r.result(),
                        Math.min(host ? r.maxPrimaryToSecondary() : r.maxSecondaryToPrimary(),
                                host ? asked.maxPrimaryToSecondary() : asked.maxSecondaryToPrimary()),
                        Math.min(host ? r.maxSecondaryToPrimary() : r.maxPrimaryToSecondary(),
                                host ? asked.maxSecondaryToPrimary() : asked.maxPrimaryToSecondary()),
                        r.maxOutstandingCredit(), r.credit());
            }
            case MlcOpenChannelReply r -> {
                int[] sizes = engine.mlc.hostSizes(((MlcOpenChannel) send.command()).peripheralSocket(), send.channel().socket);
                onOpenChannelReply(send, r.result(), sizes[0], sizes[1], 0, r.credit());
            }
            case ConfigSocketReply r -> engine.mlc.onConfigSocketReply((ConfigSocket) send.command(), r);
            case CloseChannelReply r -> {
                engine.table.forget(send.channel());
                engine.commands.complete(request, new EngineEvent.ChannelClosedDone(send.channel().key));
            }
            default -> engine.commands.fail(send, EngineEvent.Failed.of(Failure.PEER_ERROR, "unexpected " + reply.opcode() + " reply"));
        }
    }

    /** Either form of OpenChannelReply, with the sizes agreed for our sending and receiving. */
    private void onOpenChannelReply(Pending.Send send, ResultCode result, int send2, int receive, int maxOutstanding,
                                    int credit) {
        Channel ch = send.channel();
        if (ch.state != Channel.State.OPENING) {
            // The conversation ended the channel meanwhile (its request failed then): nothing is left to open.
            engine.commands.fail(send, EngineEvent.Failed.of(Failure.CANCELLED, "channel " + ch.key
                    + " ended before its OpenChannel was answered"));
            return;
        }
        // EC and ES take "already open" as success (§3.5).
        if (result != ResultCode.SUCCESS && result != ResultCode.CHANNEL_ALREADY_OPEN) {
            engine.commands.fail(send, refused("OpenChannel " + ch.key, result));
            return;
        }
        // Larger than our socket takes happens only in MLC, whose sizes the first channel on a socket fixed (§6.1).
        boolean invalid = PeerTransactions.isInvalidSize(send2) || PeerTransactions.isInvalidSize(receive)
                || receive > ch.socket.maxReceivePacket();
        if (invalid || ch.abandoned) {
            // Open at the peer but of no use to anyone here: close it there so the pair and its credit are freed.
            if (ch.closedWhileOpening) {
                engine.table.forget(ch); // the peer closed it already
            } else {
                engine.table.closeUnwanted(ch);
            }
            engine.commands.complete(send.requestId(), invalid ? refused("OpenChannel " + ch.key + " (granted sizes " + send2
                    + "/" + receive + ")", ResultCode.INVALID_PACKET_SIZE) : EngineEvent.Failed.of(Failure.CANCELLED, "cancelled"));
            return;
        }
        ch.sendPacketSize = send2;
        ch.receivePacketSize = receive;
        ch.move(Lifecycles.ChannelEvent.OPEN_ACCEPTED);
        ch.credit.setPeerLimit(maxOutstanding);
        if (credit > 0 && ch.credit.addSendCredit(credit)) {
            engine.credit.creditArrived(ch, credit);
        }
        engine.commands.complete(send.requestId(), new EngineEvent.ChannelOpened(ch.id, ch.key, send2, receive));
        if (ch.closedWhileOpening) {
            engine.table.closeOnWire(ch, CloseCause.CLOSED_BY_PEER, "closed by the peer");
        } else {
            engine.credit.maybeGrant(ch);
        }
    }

    private void onCreditRequestReply(Channel ch, CreditRequestReply r, long now) {
        ch.creditRequestPending = false;
        if (r.succeeded() && r.credit() > 0 && ch.credit.addSendCredit(r.credit())) {
            engine.credit.creditArrived(ch, r.credit());
            engine.credit.peerAnswersRequests = true;
            ch.credit.answered();
            return;
        }
        // Nothing granted: ask again only when a grant is overdue by a back-off that doubles up to a second (unless
        // the peer's push crossed the request).
        ch.credit.nothingGranted(now, engine.config.creditRetryNanos(), engine.credit.peerAnswersRequests);
    }

    private static EngineEvent.Failed refused(String what, ResultCode result) {
        return new EngineEvent.Failed(Failure.REFUSED, what + " refused: " + result, result, null);
    }

}
