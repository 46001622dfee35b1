package org.dot4j.engine;

import org.dot4j.wire.ErrorCode;
import org.dot4j.wire.ResultCode;

/**
 * What {@link LinkEngine#pollEvent()} reports: completions of our commands, and things the peer did.
 * Immutable values compared by value.
 */
public sealed interface EngineEvent {

    /** A command issued through the engine finished; {@code requestId} is what the command method returned. */
    record Completed(long requestId, Outcome outcome) implements EngineEvent {}

    /** The conversation is initialised (host: InitReply success; peripheral: Init answered). */
    record Initialized(int revision) implements EngineEvent {}

    /** The peer (re)started the conversation while it was up: every channel was closed (peripheral role). */
    record PeerReset(int revision) implements EngineEvent {}

    /** The peer sent Exit; every channel was closed. */
    record PeerExited() implements EngineEvent {}

    /** The peer opened a channel to one of our listening sockets. */
    record ChannelAccepted(long channelId, ChannelKey key, int localSocket, int sendPacketSize, int receivePacketSize)
            implements EngineEvent {}

    /**
     * A channel ended without our close command: the peer closed it, a reset or Exit ended it, or the link
     * went down. Data already received stays readable.
     */
    record ChannelClosed(long channelId, ChannelKey key, CloseCause cause, String reason) implements EngineEvent {}

    /** Data arrived on a channel; {@code endOfMessage} marks a complete message on a packet channel. */
    record DataReceived(long channelId, ChannelKey key, int bytes, boolean endOfMessage) implements EngineEvent {}

    /** The peer granted send credit on a channel (by any of the four means). */
    record CreditReceived(long channelId, ChannelKey key, int credit) implements EngineEvent {}

    /** Room opened in a channel's send queue, or it drained: blocked writers may go on. */
    record Writable(long channelId, ChannelKey key) implements EngineEvent {}

    /** The peer sent an Error packet. */
    record PeerError(ErrorCode code, int primarySocket, int secondarySocket) implements EngineEvent {}

    /**
     * We found the peer at fault and sent it an Error packet with {@code code} (or dropped junk silently); one event
     * per violation, so a hostile peer can cause many: count them by {@code kind}, never match {@code detail}.
     */
    record ViolationDetected(Violation kind, ErrorCode code, String detail) implements EngineEvent {
        /** A violation answered with its usual code. */
        public ViolationDetected(Violation kind, String detail) {
            this(kind, kind.code(), detail);
        }

        /** What the violation concerns: see {@link Violation#scope()}. */
        public Scope scope() {
            return kind.scope();
        }
    }

    /** The link is down; the engine accepts nothing more. */
    record LinkDown(String reason) implements EngineEvent {}

    /** How a command ended. */
    sealed interface Outcome {}

    /** The Epson entry packet was answered. */
    record EntryAccepted() implements Outcome {}

    /** Init succeeded with this revision. */
    record InitDone(int revision) implements Outcome {}

    /** Exit was answered; every channel is closed. */
    record ExitDone() implements Outcome {}

    /** GetSocketID found the service on this socket. */
    record SocketIdFound(int socketId) implements Outcome {}

    /** GetServiceName found this name. */
    record ServiceNameFound(String serviceName) implements Outcome {}

    /** The channel is open with these sizes (header included) in our send and receive directions. */
    record ChannelOpened(long channelId, ChannelKey key, int sendPacketSize, int receivePacketSize) implements Outcome {}

    /** The channel is closed. */
    record ChannelClosedDone(ChannelKey key) implements Outcome {}

    /**
     * The command failed. {@code result} is set for {@link Failure#REFUSED}, {@code error} for
     * {@link Failure#PEER_ERROR}; otherwise they are null.
     */
    record Failed(Failure failure, String detail, ResultCode result, ErrorCode error) implements Outcome {
        /** A failure without a wire code. */
        public static Failed of(Failure failure, String detail) {
            return new Failed(failure, detail, null, null);
        }

        /** What the failure affects: see {@link Failure#scope()}. */
        public Scope scope() {
            return failure.scope();
        }

        /** Who caused it: see {@link Failure#culprit()}. */
        public Culprit culprit() {
            return failure.culprit();
        }
    }
}
