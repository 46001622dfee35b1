package org.dot4j.engine;

import java.nio.ByteBuffer;
import org.dot4j.engine.Lifecycles.ChannelEvent;
import org.dot4j.engine.Lifecycles.LinkEvent;
import org.dot4j.wire.Revision;
import org.dot4j.wire.Transaction;

/**
 * The application's commands behind {@link LinkEngine}'s methods of the same names (documented there): each checks
 * role, state and arguments, refusing with an {@link EngineException} that names the values involved, then queues
 * its transaction on the {@link CommandQueue} or, when no transaction is needed, completes at once. Part of
 * {@link LinkEngine}; not thread-safe.
 */
final class ApplicationCommands {

    private final LinkEngine engine;

    ApplicationCommands(LinkEngine engine) {
        this.engine = engine;
    }

    long requestEpsonEntry() {
        requireRole(Role.HOST, "send the Epson entry packet");
        requireUp();
        return engine.commands.enqueue(Transaction.EpsonPacking.entry(), null);
    }

    long init() {
        requireRole(Role.HOST, "send Init");
        requireUp();
        engine.failAllCommands(Failure.CANCELLED, "conversation restarted with Init");
        engine.table.closeAll(CloseCause.REINIT, "conversation restarted with Init");
        engine.move(LinkEvent.INIT_SENT);
        if (engine.revision == 0) {
            engine.speak(engine.config.revision());
        }
        return engine.commands.enqueue(new Transaction.Init(engine.revision), null);
    }

    long exit() {
        requireRole(Role.HOST, "send Exit");
        requireReady();
        return engine.commands.enqueue(new Transaction.Exit(), null);
    }

    long getSocketId(String serviceName) {
        requireTalking();
        if (!engine.dialect.namesServices()) {
            return completeHere(MlcTransactions.lookUp(serviceName));
        }
        try {
            return engine.commands.enqueue(new Transaction.GetSocketId(serviceName), null);
        } catch (IllegalArgumentException e) {
            throw new EngineException(Failure.UNKNOWN_SOCKET, e.getMessage());
        }
    }

    long getServiceName(int socketId) {
        requireTalking();
        if (!engine.dialect.namesServices()) {
            return completeHere(MlcTransactions.lookUp(socketId));
        }
        return engine.commands.enqueue(new Transaction.GetServiceName(socketId), null);
    }

    long openChannel(int localSocket, int peerSocket) {
        requireTalking();
        LocalSocket socket = engine.sockets.get(localSocket);
        if (socket == null) {
            throw new EngineException(Failure.UNKNOWN_SOCKET, "no local socket " + localSocket + " is registered");
        }
        ChannelKey key;
        try {
            key = ChannelKey.of(engine.role, localSocket, peerSocket);
        } catch (IllegalArgumentException e) {
            throw new EngineException(Failure.UNKNOWN_SOCKET, e.getMessage());   // socket 0 carries transactions
        }
        if (engine.table.live.containsKey(key)) {
            throw new EngineException(Failure.CHANNEL_BUSY, "channel " + key + " is already open or opening");
        }
        if (engine.table.byId.size() >= engine.config.maxChannels()) {
            throw new EngineException(Failure.NO_RESOURCES, "already " + engine.config.maxChannels() + " channels; close one first");
        }
        Channel ch = engine.table.add(key, socket, Channel.State.OPENING);
        if (engine.dialect.configuresSockets()) {
            engine.mlc.configureBeforeOpen(ch);
        }
        return engine.commands.enqueue(engine.dialect.openChannel(engine.role, key, socket), ch);
    }

    long closeChannel(long channelId) {
        Channel ch = channel(channelId);
        if (ch.state == Channel.State.OPENING || ch.state == Channel.State.CLOSING) {
            throw new EngineException(Failure.CHANNEL_BUSY, "channel " + ch.key + " is " + ch.state + "; wait for that first");
        }
        ch.toSend.clear();
        if (ch.state == Channel.State.CLOSED || engine.state != LinkState.READY || !engine.mayCommand()) {
            engine.table.forget(ch);
            return completeHere(new EngineEvent.ChannelClosedDone(ch.key));
        }
        ch.move(ChannelEvent.CLOSE_SENT);
        return engine.commands.enqueue(new Transaction.CloseChannel(ch.key.primarySocket(), ch.key.secondarySocket(), 0), ch);
    }

    int write(long channelId, ByteBuffer src, boolean endOfMessage) {
        Channel ch = channel(channelId);
        if (!ch.state.canSend) {
            throw new EngineException(ch.state == Channel.State.CLOSED ? Failure.CANCELLED : Failure.UNKNOWN_CHANNEL,
                    "channel " + ch.key + " is " + ch.state + (ch.closeReason.isEmpty() ? "" : " (" + ch.closeReason + ")"));
        }
        if (ch.sendPacketSize == 0) {
            throw new EngineException(Failure.NOT_ALLOWED, "channel " + ch.key + " has sending disabled (packet size 0)");
        }
        int wanted = src.remaining();
        if (wanted == 0 && endOfMessage && !ch.toSend.fitsEmptyMessage()) {
            throw new EngineException(Failure.NO_RESOURCES, "channel " + ch.key + " has " + ch.toSend.size()
                    + " bytes and many zero-length messages waiting to be sent, no room for another; wait until they go");
        }
        int taken = ch.toSend.offer(src, endOfMessage);
        ch.writerWaiting = taken < wanted;
        return taken;
    }

    ReadResult read(long channelId, ByteBuffer dst) {
        Channel ch = channel(channelId);
        boolean packet = ch.socket.mode() == ChannelMode.PACKET;
        // A packet channel hands out a message once it is whole or fills dst; earlier only if no more can come
        // (the channel closed) or the buffer is too full for the rest to arrive.
        boolean ready = !packet || ch.received.hasCompleteMessage() || ch.received.size() >= dst.remaining()
                || ch.state == Channel.State.CLOSED || ch.received.free() < ch.receivePayload();
        int start = dst.position();
        boolean endOfMessage = ready && ch.received.take(dst, dst.remaining(), packet);
        int n = dst.position() - start;
        if (n > 0) {
            engine.credit.maybeGrant(ch);
        }
        boolean ended = ch.state == Channel.State.CLOSED && ch.received.isEmpty();
        return new ReadResult(n, endOfMessage, ended);
    }

    // ---- checks

    /** A request that completes without a transaction: its Completed event is queued at once. */
    private long completeHere(EngineEvent.Outcome outcome) {
        long request = engine.newId();
        engine.emit(new EngineEvent.Completed(request, outcome));
        return request;
    }

    private Channel channel(long channelId) {
        Channel ch = engine.table.byId.get(channelId);
        if (ch == null) {
            throw new EngineException(Failure.UNKNOWN_CHANNEL, "no channel with id " + channelId);
        }
        return ch;
    }

    private void requireRole(Role wanted, String what) {
        if (engine.role != wanted) {
            throw new EngineException(Failure.NOT_ALLOWED, "only a " + wanted + " may " + what);
        }
    }

    private void requireUp() {
        if (engine.state == LinkState.DOWN) {
            throw new EngineException(Failure.LINK_DOWN, "the link is down");
        }
    }

    private void requireReady() {
        requireUp();
        if (engine.state != LinkState.READY) {
            throw new EngineException(Failure.NOT_READY, "the conversation is not initialised (state " + engine.state + ")");
        }
    }

    private void requireTalking() {
        requireReady();
        if (!engine.mayCommand()) {
            throw new EngineException(Failure.NOT_ALLOWED, "a revision " + Revision.describe(engine.revision)
                    + " host takes no commands from its peripheral");
        }
    }
}
