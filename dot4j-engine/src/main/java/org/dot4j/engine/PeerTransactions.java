package org.dot4j.engine;

import java.nio.ByteBuffer;
import org.dot4j.wire.ErrorCode;
import org.dot4j.wire.MalformedTransactionException;
import org.dot4j.wire.PacketFramer;
import org.dot4j.wire.PacketHeader;
import org.dot4j.wire.ResultCode;
import org.dot4j.wire.Revision;
import org.dot4j.wire.Transaction;
import org.dot4j.wire.Transaction.*;
import org.dot4j.wire.WireFormat;

/**
 * What the peer sends: packets cut from the byte stream, and on the transaction channel its commands (answered at
 * once, whatever we are waiting for) and its replies to ours, decoded by the {@link Dialect} in use. Part of
 * {@link LinkEngine}; not thread-safe.
 */
final class PeerTransactions {

    private final LinkEngine engine;
    private final Replies replies;
    /** Bytes dropped because they cannot start a packet: {@link LinkEngine#junkBytes()}. */
    long junkBytes;

    PeerTransactions(LinkEngine engine) {
        this.engine = engine;
        this.replies = new Replies(engine);
    }

    /**
     * See {@link LinkEngine#handleReceived}: every packet and junk run in {@code src}, in order; junk is counted and
     * reported. Whole packets are taken where they lie in {@code src} ({@link PacketFramer#next(ByteBuffer)}).
     */
    void receive(PacketFramer framer, ByteBuffer src, long now) {
        while (engine.state != LinkState.DOWN) {
            switch (framer.next(src)) {
                case PacketFramer.Frame.NeedMoreBytes n -> {
                    return;
                }
                case PacketFramer.Frame.Junk junk -> {
                    junkBytes += junk.bytes();
                    if (junk.allZero()) {
                        // d4lib's recovery floods NULs (§12.1): drop them without complaint.
                        engine.emit(new EngineEvent.ViolationDetected(Violation.NUL_FLOOD, "dropped " + junk.bytes() + " NUL bytes"));
                    } else {
                        engine.sendError(Violation.JUNK_BYTES, 0, 0,
                                "dropped " + junk.bytes() + " bytes that cannot start a packet (LENGTH below 6)");
                    }
                }
                case PacketFramer.Frame.Packet packet -> onPacket(packet, now);
            }
        }
    }

    /** One whole packet from the peer: a transaction or data. */
    private void onPacket(PacketFramer.Frame.Packet packet, long now) {
        if (packet.header().isTransaction()) {
            onTransaction(packet.header(), packet.body(), now);
        } else {
            engine.inbound.onData(packet.header(), packet.body());
        }
    }

    void onTransaction(PacketHeader header, ByteBuffer body, long now) {
        Transaction t;
        try {
            t = engine.dialect.decode(header, body);
        } catch (MalformedTransactionException e) {
            engine.sendError(Violation.ofUndecodable(e.errorCode()), 0, 0, e.getMessage());
            return;
        }
        engine.trace(false, t);
        switch (t) {
            case Command c -> onCommand(c, now);
            case Reply r -> replies.onReply(r, now);
        }
    }

    // ---- the peer's commands

    private void onCommand(Command command, long now) {
        if (command instanceof ErrorPacket error) {
            onError(error, now);
            return;
        }
        if (engine.role == Role.HOST && (command instanceof Init || command instanceof EpsonPacking)) {
            // Only the primary starts a conversation; HP1 answers unexpected commands with result 1 (§3.7).
            engine.reply(refusal(command, ResultCode.UNABLE_TO_BEGIN));
            return;
        }
        switch (command) {
            case EpsonPacking e -> engine.reply(new EpsonPackingReply(ResultCode.SUCCESS)); // in any state (§12.1)
            case Init init -> onInit(init);
            case Exit e -> onExit();
            default -> {
                if (engine.state != LinkState.READY) {
                    engine.reply(refusal(command, ResultCode.UNABLE_TO_BEGIN));
                    return;
                }
                switch (command) {
                    case OpenChannel open -> onOpenChannel(open, open.primarySocket(), open.secondarySocket(),
                            open.maxPrimaryToSecondary(), open.maxSecondaryToPrimary(), open.maxOutstandingCredit());
                    case MlcOpenChannel open -> {
                        // MLC sizes come from ConfigSocket; its credit field is ignored (§6.1: undocumented, HP1 sends 0).
                        int[] sizes = engine.mlc.peripheralSizes(open.peripheralSocket());
                        onOpenChannel(open, open.hostSocket(), open.peripheralSocket(), sizes[0], sizes[1], 0);
                    }
                    case ConfigSocket config -> engine.reply(engine.mlc.onConfigSocket(config));
                    case CloseChannel close -> onCloseChannel(close);
                    case Credit credit -> onCredit(credit);
                    case CreditRequest request -> onCreditRequest(request, now);
                    case GetSocketId get -> onGetSocketId(get);
                    case GetServiceName get -> onGetServiceName(get);
                    default -> throw new IllegalStateException("unhandled command " + command);
                }
            }
        }
    }

    private void onInit(Init init) {
        if (!Revision.isSupported(init.revision())) {
            engine.reply(new InitReply(ResultCode.REVISION_NOT_SUPPORTED, Revision.IEEE_1284_4));
            return;
        }
        boolean wasUp = engine.state == LinkState.READY;
        // Init is a full reset of channels and credits (§12.2, §4.6): a host that vanished comes back this way.
        engine.failAllCommands(Failure.CANCELLED, "the host restarted the conversation");
        engine.table.closeAll(CloseCause.REINIT, "the host restarted the conversation with Init");
        engine.speak(init.revision());
        engine.move(Lifecycles.LinkEvent.PEER_INIT);
        engine.reply(new InitReply(ResultCode.SUCCESS, init.revision()));
        if (wasUp) {
            engine.emit(new EngineEvent.PeerReset(init.revision()));
        }
        engine.emit(new EngineEvent.Initialized(init.revision()));
    }

    private void onExit() {
        engine.reply(new ExitReply(ResultCode.SUCCESS));
        if (engine.state == LinkState.READY) {
            engine.failAllCommands(Failure.CANCELLED, "the peer sent Exit");
            engine.table.closeAll(CloseCause.EXIT, "the peer sent Exit");
            engine.move(Lifecycles.LinkEvent.PEER_EXIT);
            engine.emit(new EngineEvent.PeerExited());
        }
    }

    /** OpenChannel in either form: {@code open} is answered in its own form, sizes are those of the 0x20 layout. */
    private void onOpenChannel(Command open, int primarySocket, int secondarySocket, int maxPrimaryToSecondary,
                               int maxSecondaryToPrimary, int maxOutstandingCredit) {
        if (primarySocket == 0 || secondarySocket == 0) {
            engine.reply(openRefusal(open, ResultCode.SERVICE_NOT_AVAILABLE));
            return;
        }
        ChannelKey key = new ChannelKey(primarySocket, secondarySocket);
        LocalSocket socket = engine.sockets.get(key.localSocket(engine.role));
        if (socket == null || !socket.acceptsChannels()) {
            engine.reply(openRefusal(open, ResultCode.SERVICE_NOT_AVAILABLE));
            return;
        }
        boolean host = engine.role == Role.HOST;
        int peerSends = host ? maxSecondaryToPrimary : maxPrimaryToSecondary;
        int peerReceives = host ? maxPrimaryToSecondary : maxSecondaryToPrimary;
        if (isInvalidSize(peerSends) || isInvalidSize(peerReceives)) {
            engine.reply(openRefusal(open, ResultCode.INVALID_PACKET_SIZE));
            return;
        }
        Channel existing = engine.table.live.get(key);
        if (existing != null) {
            // §12.8: GP closes and retries on 6; EC and ES take 6 as success.
            engine.reply(openReply(open, ResultCode.CHANNEL_ALREADY_OPEN, existing, 0));
            return;
        }
        int receive = agreed(peerSends, socket.maxReceivePacket());
        int send = agreed(peerReceives, socket.maxSendPacket());
        if (receive == 0 && send == 0) {
            engine.reply(openRefusal(open, ResultCode.ZERO_PACKET_SIZES));
            return;
        }
        if (engine.table.byId.size() >= engine.config.maxChannels()) {
            engine.reply(openRefusal(open, ResultCode.INSUFFICIENT_RESOURCES));
            return;
        }
        Channel ch = engine.table.add(key, socket, Channel.State.OPEN);
        ch.receivePacketSize = receive;
        ch.sendPacketSize = send;
        ch.credit.setPeerLimit(maxOutstandingCredit);
        // An Epson host ignores or misuses credit in the reply (Q-E2) and asks with CreditRequest instead.
        int credit = engine.mayGrant() ? ch.grantable(0) : 0;
        ch.credit.grant(credit);
        engine.reply(openReply(open, ResultCode.SUCCESS, ch, credit));
        engine.emit(new EngineEvent.ChannelAccepted(ch.id, key, socket.id(), send, receive));
    }

    private void onCloseChannel(CloseChannel close) {
        if (close.primarySocket() == 0 || close.secondarySocket() == 0) {
            ResultCode result = close.primarySocket() == 0 && close.secondarySocket() == 0
                    ? ResultCode.CANNOT_CLOSE_TRANSACTION_CHANNEL : ResultCode.CHANNEL_NOT_OPEN;
            engine.reply(new CloseChannelReply(result, close.primarySocket(), close.secondarySocket()));
            return;
        }
        Channel ch = engine.table.live.get(new ChannelKey(close.primarySocket(), close.secondarySocket()));
        if (ch == null) {
            engine.reply(new CloseChannelReply(ResultCode.CHANNEL_NOT_OPEN, close.primarySocket(), close.secondarySocket()));
            return;
        }
        engine.reply(new CloseChannelReply(ResultCode.SUCCESS, close.primarySocket(), close.secondarySocket()));
        if (ch.state == Channel.State.CLOSING) {
            return; // our own close crossed theirs; its reply completes it
        }
        if (ch.state == Channel.State.OPENING) {
            // The peer accepted our open and closed the channel before we saw its reply (the reply may wait behind a
            // held CreditRequest answer): the close is applied when the reply comes, so the open's outcome stands.
            ch.closedWhileOpening = true;
            return;
        }
        engine.table.closeOnWire(ch, CloseCause.CLOSED_BY_PEER, "closed by the peer");
    }

    private void onCredit(Credit credit) {
        Channel ch = openChannel(credit.primarySocket(), credit.secondarySocket());
        if (ch == null) {
            engine.reply(new CreditReply(ResultCode.CHANNEL_NOT_OPEN, credit.primarySocket(), credit.secondarySocket()));
        } else if (!ch.credit.addSendCredit(credit.credit())) {
            engine.reply(new CreditReply(ResultCode.CREDIT_OVERFLOW, credit.primarySocket(), credit.secondarySocket()));
        } else {
            engine.reply(new CreditReply(ResultCode.SUCCESS, credit.primarySocket(), credit.secondarySocket()));
            if (credit.credit() > 0) {
                engine.credit.creditArrived(ch, credit.credit());
            }
        }
    }

    private void onCreditRequest(CreditRequest request, long now) {
        Channel ch = openChannel(request.primarySocket(), request.secondarySocket());
        if (ch == null) {
            engine.reply(new CreditRequestReply(ResultCode.CHANNEL_NOT_OPEN, request.primarySocket(), request.secondarySocket(), 0));
            return;
        }
        if (request.maxOutstandingCredit() > 0) {
            ch.credit.setPeerLimit(request.maxOutstandingCredit()); // IEEE-D4 §5.4.5 lets CreditRequest change it
        }
        int granted = ch.grantable(request.creditRequested());
        // Held only if a read can make room (data waits in the buffer), or in line behind a held answer (HeldReplies).
        if (engine.role == Role.PERIPHERAL && (granted == 0 && !ch.received.isEmpty() || engine.held.size() > 0)) {
            engine.held.hold(ch, request, now);
            return;
        }
        ch.credit.grant(granted);
        engine.reply(new CreditRequestReply(ResultCode.SUCCESS, request.primarySocket(), request.secondarySocket(), granted));
    }

    private void onGetSocketId(GetSocketId get) {
        LocalSocket found = engine.sockets.values().stream()
                .filter(s -> s.serviceName().equalsIgnoreCase(get.serviceName()))
                .findFirst().orElse(null);
        // Epson hosts require the name echoed (reply length 9 + name, §12.4).
        engine.reply(found == null
                ? new GetSocketIdReply(ResultCode.SERVICE_NAME_NOT_FOUND, 0, get.serviceName())
                : new GetSocketIdReply(ResultCode.SUCCESS, found.id(), get.serviceName()));
    }

    private void onGetServiceName(GetServiceName get) {
        LocalSocket found = engine.sockets.get(get.socketId());
        engine.reply(found == null || found.serviceName().isEmpty()
                ? new GetServiceNameReply(ResultCode.SERVICE_NOT_AVAILABLE, get.socketId(), "")
                : new GetServiceNameReply(ResultCode.SUCCESS, found.id(), found.serviceName()));
    }

    private void onError(ErrorPacket error, long now) {
        engine.emit(new EngineEvent.PeerError(error.errorCode(), error.primarySocket(), error.secondarySocket()));
        // An Error about the transaction channel answers our awaited command (§3.6), except 0x81 (about data) and
        // 0x82, which is about a reply we sent, never an answer to our command.
        boolean aboutOurCommand = error.primarySocket() == 0 && error.secondarySocket() == 0
                && error.errorCode() != ErrorCode.NO_CREDIT && error.errorCode() != ErrorCode.UNMATCHED_REPLY;
        if (aboutOurCommand && engine.commands.awaits()) {
            engine.commands.failFirstAwaited(now, command -> new EngineEvent.Failed(Failure.PEER_ERROR,
                    "the peer answered " + command.opcode() + " with Error " + error.errorCode(), null, error.errorCode()));
        }
    }

    // ---- helpers

    private Channel openChannel(int primarySocket, int secondarySocket) {
        if (primarySocket == 0 || secondarySocket == 0) {
            return null;
        }
        Channel ch = engine.table.live.get(new ChannelKey(primarySocket, secondarySocket));
        return ch != null && ch.state != Channel.State.OPENING ? ch : null;
    }

    /**
     * Sizes 1..5 cannot hold a header (result 0x0C, §3.5). dot4j also refuses 6: a packet that can carry no
     * data would let a sender spend credit forever without progress.
     */
    static boolean isInvalidSize(int size) {
        return size > 0 && size <= WireFormat.HEADER_SIZE;
    }

    private static int agreed(int peer, int ours) {
        return peer == 0 || ours == 0 ? 0 : Math.min(peer, ours);
    }

    private Reply openReply(Command open, ResultCode result, Channel ch, int credit) {
        if (open instanceof MlcOpenChannel) {
            return new MlcOpenChannelReply(result, credit);
        }
        boolean host = engine.role == Role.HOST;
        int primaryToSecondary = host ? ch.sendPacketSize : ch.receivePacketSize;
        int secondaryToPrimary = host ? ch.receivePacketSize : ch.sendPacketSize;
        return new OpenChannelReply(result, ch.key.primarySocket(), ch.key.secondarySocket(), primaryToSecondary,
                secondaryToPrimary, WireFormat.MAX_CREDIT, credit);
    }

    private static Reply openRefusal(Command open, ResultCode result) {
        return switch (open) {
            case OpenChannel o -> new OpenChannelReply(result, o.primarySocket(), o.secondarySocket(),
                    o.maxPrimaryToSecondary(), o.maxSecondaryToPrimary(), 0, 0);
            default -> new MlcOpenChannelReply(result, 0);
        };
    }

    /** The reply a command gets when it is refused with {@code result}, sockets echoed. */
    private static Reply refusal(Command command, ResultCode result) {
        return switch (command) {
            case Init i -> new InitReply(result, Revision.IEEE_1284_4);
            case OpenChannel o -> openRefusal(o, result);
            case CloseChannel c -> new CloseChannelReply(result, c.primarySocket(), c.secondarySocket());
            case Credit c -> new CreditReply(result, c.primarySocket(), c.secondarySocket());
            case CreditRequest c -> new CreditRequestReply(result, c.primarySocket(), c.secondarySocket(), 0);
            case Exit e -> new ExitReply(result);
            case GetSocketId g -> new GetSocketIdReply(result, 0, g.serviceName());
            case GetServiceName g -> new GetServiceNameReply(result, g.socketId(), "");
            case EpsonPacking e -> new EpsonPackingReply(result);
            case MlcOpenChannel o -> new MlcOpenChannelReply(result, 0);
            case ConfigSocket c -> new ConfigSocketReply(result, 0, 0, MlcTransactions.STATUS_LEVEL);
            case ErrorPacket e -> throw new IllegalArgumentException("the Error packet has no reply");
        };
    }
}
