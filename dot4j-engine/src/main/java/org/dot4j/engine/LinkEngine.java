package org.dot4j.engine;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;
import org.dot4j.wire.ErrorCode;
import org.dot4j.wire.PacketFramer;
import org.dot4j.wire.Revision;
import org.dot4j.wire.Transaction;

/**
 * The IEEE 1284.4 and HP MLC state machine of one link, sans-I/O: bytes and commands in, bytes and events out. It never
 * blocks, sleeps, starts threads or reads a clock; time comes in as {@code now} (nanoseconds, any origin).
 *
 * <p>Methods by kind:
 * <ul>
 *   <li>getters: {@link #role()}, {@link #state()}, {@link #revision()}, {@link #channels()},
 *       {@link #bytesSent()}, {@link #bytesReceived()}, {@link #unsent(long)}, {@link #nextDeadline()};</li>
 *   <li>inputs: {@link #handleReceived}, {@link #handleTimeout}, {@link #handleLinkDown};</li>
 *   <li>commands: {@link #registerSocket}, {@link #unregisterSocket}, {@link #requestEpsonEntry}, {@link #init},
 *       {@link #exit}, {@link #getSocketId}, {@link #getServiceName}, {@link #openChannel}, {@link #closeChannel},
 *       {@link #write}, {@link #read} — the ones that talk to the peer return a request id that a later
 *       {@link EngineEvent.Completed} names — and {@link #cancel}, for a request whose caller stopped waiting;</li>
 *   <li>polls: {@link #pollTransmit}, {@link #pollEvent}.</li>
 * </ul>
 * After every input or command, a driver drains {@link #pollTransmit} to the link, re-arms its timer from
 * {@link #nextDeadline()} and delivers {@link #pollEvent()} until empty.
 *
 * <p>Protocol decisions (reference §5, §12): one of our transactions is outstanding at a time, as every real
 * peer does; the peer's commands are answered while ours waits. Receive credit is granted only for buffer room
 * at the agreed packet size, so received data never exceeds the buffer. With a revision-0x10 (Epson) host, a
 * peripheral never sends a command, grants credit only in CreditRequestReply and sends no Error packets, because
 * Epson hosts take any packet as the reply they wait for (Q-E1, Q-G5). The revision's rules and layouts are a
 * {@link Dialect}; HP MLC (revision 3, §6) adds ConfigSocket and fixed socket ids ({@link MlcTransactions}), and a
 * 0x20 host that is refused with "revision not supported" tries MLC.
 *
 * <p>Not thread-safe: one thread at a time (drivers hold a lock).
 */
public final class LinkEngine {

    /** Channels open or awaiting the application's close at once (d4drvif DOT4_MAX_CHANNELS). */
    public static final int MAX_CHANNELS = 128;
    /** Queued transactions beyond which a flood is refused. */
    static final int MAX_QUEUED_TRANSACTIONS = 1024;
    /** Longest back-off between CreditRequests that were answered with 0. */
    static final long MAX_CREDIT_RETRY_NANOS = 1_000_000_000L;

    final EngineConfig config;
    final Role role;
    LinkState state = LinkState.UNINITIALIZED;
    /** Revision in use; a peripheral's is 0 until the first Init, a host's 0 after its Init was refused. */
    int revision;
    /** The rules and layouts of {@link #revision} (a peripheral's before Init: 0x20's). */
    Dialect dialect;
    private final PacketFramer framer = new PacketFramer();
    final Map<Integer, LocalSocket> sockets = new TreeMap<>();
    /** Channels on the wire, by socket pair. */
    final Map<ChannelKey, Channel> live = new HashMap<>();
    /** Every channel the application has not closed yet, by id. */
    final Map<Long, Channel> byId = new LinkedHashMap<>();
    /** Replies and Error packets: sent before anything else. */
    final ArrayDeque<Transaction> urgent = new ArrayDeque<>();
    /** Peripheral: answers to CreditRequests waiting for room, and the replies behind them. */
    final HeldReplies held = new HeldReplies(this);
    /** Our commands: queued, awaited, late. */
    final OurCommands ours = new OurCommands(this);
    /** Data packets and the credit for them. */
    final DataFlow data = new DataFlow(this);
    private final ArrayDeque<EngineEvent> events = new ArrayDeque<>();
    private final PeerTransactions peer = new PeerTransactions(this);
    /** ConfigSocket, fixed socket ids and MLC credit styles. */
    final MlcTransactions mlc;
    private TransactionTracer tracer = (sent, t) -> { };
    private long nextId = 1;
    long junkBytes;
    long errorsSent;
    long errorsReceived;

    /** An engine for one link, in the role and revision of {@code config}. */
    public LinkEngine(EngineConfig config) {
        this.config = config;
        this.role = config.role();
        this.revision = role == Role.HOST ? config.revision() : 0;
        this.dialect = Dialect.of(role == Role.HOST ? config.revision() : Revision.IEEE_1284_4);
        this.mlc = new MlcTransactions(this);
    }

    // ---- getters

    /** Host or peripheral. */
    public Role role() {
        return role;
    }

    /** The conversation's state. */
    public LinkState state() {
        return state;
    }

    /** Revision in use (a peripheral's is 0 before the first Init; a host's is 0 after its Init was refused). */
    public int revision() {
        return revision;
    }

    /** Snapshots of every channel not yet closed by the application. */
    public List<ChannelStatus> channels() {
        return byId.values().stream().map(Channel::status).toList();
    }

    /**
     * Payload bytes sent on every channel, closed ones included, since the engine began: a link's throughput, which
     * the sum over {@link #channels()} misses for channels that came and went between two looks.
     */
    public long bytesSent() {
        return data.bytesSent;
    }

    /** Payload bytes received on every channel, closed ones included, since the engine began. */
    public long bytesReceived() {
        return data.bytesReceived;
    }

    /** Bytes written to a channel and not sent: still queued, or dropped when the channel ended on the wire; 0 for an unknown channel. */
    public int unsent(long channelId) {
        Channel ch = byId.get(channelId);
        return ch == null ? 0 : ch.toSend.size() + ch.droppedUnsent;
    }

    /**
     * For status displays: bytes of junk dropped, Error packets sent, Error packets received, and late replies
     * (to our commands that had timed out or were cut off by Init) absorbed without complaint.
     */
    public long[] counters() {
        return new long[] {junkBytes, errorsSent, errorsReceived, ours.lateReplies};
    }

    /** The earliest time {@link #handleTimeout} has work, if any. */
    public OptionalLong nextDeadline() {
        // Clock values are compared only as differences: any long is a valid time, and times wrap.
        OptionalLong next = ours.deadline();
        OptionalLong hold = held.deadline();
        if (hold.isPresent() && (next.isEmpty() || hold.getAsLong() - next.getAsLong() < 0)) {
            next = hold;
        }
        for (Channel ch : mayCommand() ? live.values() : List.<Channel>of()) {
            OptionalLong due = ch.waitsForCredit() ? ch.creditWait.deadline(mlc.pushWait()) : OptionalLong.empty();
            if (due.isPresent() && (next.isEmpty() || due.getAsLong() - next.getAsLong() < 0)) {
                next = due;
            }
        }
        return next;
    }

    /** Observes every transaction sent or received (drivers log them at debug level); must not block. */
    @FunctionalInterface
    public interface TransactionTracer {
        /** Called with {@code sent} true for ours, false for the peer's. */
        void trace(boolean sent, Transaction transaction);
    }

    /** Sets the observer of transactions; replaces the previous one. */
    public void setTracer(TransactionTracer tracer) {
        this.tracer = tracer;
    }

    void traceReceived(Transaction t) {
        tracer.trace(false, t);
    }

    // ---- inputs

    /** Feeds bytes read from the link; consumes all of {@code src}. */
    public void handleReceived(ByteBuffer src, long now) {
        while (src.hasRemaining() && state != LinkState.DOWN) {
            framer.feed(src);
            peer.drainFrames(framer, now);
        }
    }

    /** Lets timers fire; harmless when called early or twice. */
    public void handleTimeout(long now) {
        ours.handleTimeout(now);
        held.release(now);
    }

    /** The link failed or closed: every channel closes, every request fails; nothing more happens. */
    public void handleLinkDown(String reason) {
        if (state == LinkState.DOWN) {
            return;
        }
        state = LinkState.DOWN;
        failAllCommands(Failure.LINK_DOWN, "link down: " + reason);
        closeAllChannels(CloseCause.LINK_DOWN, "link down: " + reason);
        urgent.clear();
        events.add(new EngineEvent.LinkDown(reason));
    }

    // ---- commands

    /** Makes a socket known: the peer can find it by name and, if it accepts channels, open channels to it. */
    public void registerSocket(LocalSocket socket) {
        sockets.put(socket.id(), socket);
    }

    /** Forgets a socket; open channels on it stay open until closed. */
    public void unregisterSocket(int socketId) {
        sockets.remove(socketId);
    }

    /** Host: sends Epson's entry packet (§7.3); completes with {@link EngineEvent.EntryAccepted}. */
    public long requestEpsonEntry() {
        requireRole(Role.HOST, "send the Epson entry packet");
        requireUp();
        return ours.enqueue(Transaction.EpsonPacking.entry(), null);
    }

    /**
     * Host: starts (or restarts) the conversation, in the revision last agreed (at first, and after a refused Init,
     * the configured one).
     */
    public long init() {
        requireRole(Role.HOST, "send Init");
        requireUp();
        failAllCommands(Failure.CANCELLED, "conversation restarted with Init");
        closeAllChannels(CloseCause.REINIT, "conversation restarted with Init");
        state = LinkState.INITIALIZING;
        if (revision == 0) {
            speak(config.revision());
        }
        return ours.enqueue(new Transaction.Init(revision), null);
    }

    /** Host: ends the conversation; channels close when the reply comes. */
    public long exit() {
        requireRole(Role.HOST, "send Exit");
        requireReady();
        return ours.enqueue(new Transaction.Exit(), null);
    }

    /**
     * Asks the peer which socket serves {@code serviceName}; completes with {@link EngineEvent.SocketIdFound}. MLC has
     * no GetSocketID: the answer comes at once from HP's fixed socket ids (§8.1).
     */
    public long getSocketId(String serviceName) {
        requireTalking();
        if (!dialect.namesServices()) {
            return completeHere(MlcTransactions.lookUp(serviceName));
        }
        try {
            return ours.enqueue(new Transaction.GetSocketId(serviceName), null);
        } catch (IllegalArgumentException e) {
            throw new EngineException(Failure.UNKNOWN_SOCKET, e.getMessage());
        }
    }

    /** Asks the peer which service {@code socketId} serves; completes with {@link EngineEvent.ServiceNameFound}. */
    public long getServiceName(int socketId) {
        requireTalking();
        if (!dialect.namesServices()) {
            return completeHere(MlcTransactions.lookUp(socketId));
        }
        return ours.enqueue(new Transaction.GetServiceName(socketId), null);
    }

    /**
     * Opens a channel between our registered socket {@code localSocket} and the peer's {@code peerSocket};
     * completes with {@link EngineEvent.ChannelOpened}. A peripheral may do this only with a 0x20 host.
     */
    public long openChannel(int localSocket, int peerSocket) {
        requireTalking();
        LocalSocket socket = sockets.get(localSocket);
        if (socket == null) {
            throw new EngineException(Failure.UNKNOWN_SOCKET, "no local socket " + localSocket + " is registered");
        }
        ChannelKey key;
        try {
            key = ChannelKey.of(role, localSocket, peerSocket);
        } catch (IllegalArgumentException e) {
            throw new EngineException(Failure.UNKNOWN_SOCKET, e.getMessage());   // socket 0 carries transactions
        }
        if (live.containsKey(key)) {
            throw new EngineException(Failure.CHANNEL_BUSY, "channel " + key + " is already open or opening");
        }
        if (byId.size() >= MAX_CHANNELS) {
            throw new EngineException(Failure.NO_RESOURCES, "already " + MAX_CHANNELS + " channels; close one first");
        }
        Channel ch = newChannel(key, socket, Channel.State.OPENING);
        if (dialect.configuresSockets()) {
            mlc.configureBeforeOpen(ch);
        }
        return ours.enqueue(dialect.openChannel(role, key, socket), ch);
    }

    /**
     * Closes a channel and forgets it: data not yet sent is dropped (drain first with {@link #unsent}), data not
     * yet read is dropped. Completes with {@link EngineEvent.ChannelClosedDone}; at once if the peer already
     * closed it, or (with an Epson host, who is never sent commands) locally.
     */
    public long closeChannel(long channelId) {
        Channel ch = channel(channelId);
        if (ch.state == Channel.State.OPENING || ch.state == Channel.State.CLOSING) {
            throw new EngineException(Failure.CHANNEL_BUSY, "channel " + ch.key + " is " + ch.state + "; wait for that first");
        }
        ch.toSend.clear();
        if (ch.state == Channel.State.CLOSED || state != LinkState.READY || !mayCommand()) {
            forget(ch);
            return completeHere(new EngineEvent.ChannelClosedDone(ch.key));
        }
        ch.state = Channel.State.CLOSING;
        return ours.enqueue(new Transaction.CloseChannel(ch.key.primarySocket(), ch.key.secondarySocket(), 0), ch);
    }

    /**
     * Cancels request {@code requestId} because its caller stopped waiting for it (timed out, interrupted).
     *
     * <p>Returns true when the request was still in progress: its {@link EngineEvent.Completed} is then never
     * emitted, and the engine finishes or undoes it on its own:
     * <ul>
     *   <li>OpenChannel: not sent yet, it is dropped; sent, the channel is gone for the application at once (its id
     *       is unknown from now on, it no longer counts toward {@link #MAX_CHANNELS}), but its socket pair stays
     *       taken until the reply: a success is closed on the wire with CloseChannel (so no credit is left with a
     *       channel nobody owns), a refusal just frees the pair;</li>
     *   <li>CloseChannel, Init, Exit: carried out all the same (the channel is forgotten, the conversation
     *       restarts or ends, with the usual {@link EngineEvent.Initialized} or channel events);</li>
     *   <li>GetSocketID, GetServiceName, the Epson entry packet: dropped if not sent yet, else the reply is
     *       ignored.</li>
     * </ul>
     * Returns false, and changes nothing, when the request is unknown or has already completed: its Completed
     * event has been emitted (perhaps still waiting in {@link #pollEvent}) and its outcome stands.
     */
    public boolean cancel(long requestId) {
        return ours.cancel(requestId);
    }

    /**
     * Queues data on an open channel: as much of {@code src} as the send queue has room for. {@code endOfMessage}
     * ends a message on a packet channel once all of {@code src} is taken. Returns bytes taken; 0 means wait for
     * {@link EngineEvent.Writable}.
     */
    public int write(long channelId, ByteBuffer src, boolean endOfMessage) {
        Channel ch = channel(channelId);
        if (!ch.state.canSend) {
            throw new EngineException(ch.state == Channel.State.CLOSED ? Failure.CANCELLED : Failure.UNKNOWN_CHANNEL,
                    "channel " + ch.key + " is " + ch.state + (ch.closeReason.isEmpty() ? "" : " (" + ch.closeReason + ")"));
        }
        if (ch.sendPacketSize == 0) {
            throw new EngineException(Failure.NOT_ALLOWED, "channel " + ch.key + " has sending disabled (packet size 0)");
        }
        int wanted = src.remaining();
        int taken = ch.toSend.offer(src, endOfMessage);
        ch.writerWaiting = taken < wanted;
        return taken;
    }

    /**
     * Copies received data into {@code dst}: on a stream channel whatever is there, on a packet channel up to the
     * end of the current message. Reading frees buffer room, which may grant the peer more credit.
     */
    public ReadResult read(long channelId, ByteBuffer dst) {
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
            data.maybeGrant(ch);
        }
        boolean ended = ch.state == Channel.State.CLOSED && ch.received.isEmpty();
        return new ReadResult(n, endOfMessage, ended);
    }

    /** Why a channel left the wire, when it did without our close command. */
    public Optional<CloseCause> closeCause(long channelId) {
        Channel ch = byId.get(channelId);
        return ch == null ? Optional.empty() : Optional.ofNullable(ch.closeCause);
    }

    /** Bytes received on a channel and not yet read. */
    public int readable(long channelId) {
        Channel ch = byId.get(channelId);
        return ch == null ? 0 : ch.received.size();
    }

    // ---- polls

    /** The next event, if any. */
    public Optional<EngineEvent> pollEvent() {
        return Optional.ofNullable(events.poll());
    }

    /**
     * Writes whole packets to send into {@code dst} (give it at least 64 KiB): replies first, then our next
     * command when none is outstanding, then data packets, one per channel in turn, as credit allows.
     * Returns the bytes written; 0 when there is nothing to send.
     */
    public int pollTransmit(ByteBuffer dst, long now) {
        if (state == LinkState.DOWN) {
            return 0;
        }
        int start = dst.position();
        held.release(now); // reads since the last poll may have made room for a held grant
        while (!urgent.isEmpty() && fits(urgent.peek(), dst)) {
            encode(urgent.poll(), dst);
        }
        data.askForCredit(now);
        ours.transmit(dst, now);
        data.sendData(dst);
        data.askForCredit(now); // a channel the data just ran dry owes from now; the next poll sends the ask
        return dst.position() - start;
    }

    // ---- internals shared with PeerTransactions

    /** We may open and close channels and ask for credit: a host always, a peripheral as the dialect allows. */
    boolean mayCommand() {
        return role == Role.HOST || dialect.peripheralCommands();
    }

    /** We may send Credit and Error packets unasked. */
    boolean mayGrant() {
        return role == Role.HOST || dialect.peripheralGrants();
    }

    /** Speaks {@code newRevision} from now on (a peripheral at Init, a host falling back to MLC). */
    void speak(int newRevision) {
        Dialect next = Dialect.of(newRevision);
        if (!next.equals(dialect)) {
            urgent.clear(); // answers of the conversation Init ended, in layouts the new one may not have
        }
        revision = newRevision;
        dialect = next;
    }

    /**
     * Host: the peer refused our Init (after the MLC fallback too, if it was tried), so no revision is agreed; the
     * layouts stay those of the configured revision, which the next {@link #init} asks for again.
     */
    void refusedInit() {
        state = LinkState.UNINITIALIZED;
        speak(config.revision());
        revision = 0;
    }

    void emit(EngineEvent event) {
        events.add(event);
    }

    void reply(Transaction reply) {
        if (urgent.size() + held.size() >= MAX_QUEUED_TRANSACTIONS) {
            emit(new EngineEvent.ViolationDetected(Violation.COMMAND_FLOOD,
                    "peer sends commands faster than it reads replies; dropped " + reply.opcode() + " reply"));
            return;
        }
        if (!held.queueBehind(reply)) {
            urgent.add(reply);
        }
    }

    /** Reports a peer fault: an Error packet when we may send one, and an event either way. */
    void sendError(Violation kind, int primarySocket, int secondarySocket, String detail) {
        ErrorCode code = kind.code();
        emit(new EngineEvent.ViolationDetected(kind, detail));
        if (mayGrant() && urgent.size() < MAX_QUEUED_TRANSACTIONS) {
            urgent.add(Transaction.ErrorPacket.of(code, primarySocket, secondarySocket));
            errorsSent++;
        }
    }

    Channel newChannel(ChannelKey key, LocalSocket socket, Channel.State initial) {
        Channel ch = new Channel(nextId++, key, socket, initial, config.sendBufferSize());
        live.put(key, ch);
        byId.put(ch.id, ch);
        return ch;
    }

    /** Removes a channel from the wire; the application can still read what arrived. */
    void closeOnWire(Channel ch, CloseCause cause, String reason) {
        live.remove(ch.key, ch);
        ch.droppedUnsent += ch.toSend.size();
        ch.toSend.clear();
        boolean wasOpening = ch.state == Channel.State.OPENING;
        ch.state = Channel.State.CLOSED;
        ch.closeReason = reason;
        ch.closeCause = cause;
        if (wasOpening) {
            forget(ch);
        } else {
            emit(new EngineEvent.ChannelClosed(ch.id, ch.key, cause, reason));
        }
    }

    void forget(Channel ch) {
        live.remove(ch.key, ch);
        byId.remove(ch.id);
        ch.state = Channel.State.CLOSED;
    }

    void closeAllChannels(CloseCause cause, String reason) {
        mlc.reset(); // the session ends with its channels: ConfigSocket again in the next
        for (Channel ch : new ArrayList<>(byId.values())) {
            if (ch.state != Channel.State.CLOSED) {
                if (ch.state == Channel.State.CLOSING) {
                    forget(ch); // its close request fails or completes with the commands
                } else {
                    closeOnWire(ch, cause, reason);
                }
            }
        }
        held.flush(); // before the reply that ended the channels
    }

    void failAllCommands(Failure failure, String detail) {
        ours.failAll(failure, detail, failure == Failure.LINK_DOWN);
        for (Channel ch : byId.values()) {
            ch.grantQueued = false;
            ch.creditRequestPending = false;
        }
    }

    /** The application no longer sees a channel being opened; its pair stays taken until the peer answers. */
    void abandon(Channel ch) {
        byId.remove(ch.id);
        ch.abandoned = true; // a successful reply closes it on the wire (Replies.onOpenChannelReply)
    }

    long newId() {
        return nextId++;
    }

    /** Closes on the wire a channel whose open was cancelled and then succeeded; nobody learns of it. */
    void closeAbandoned(Channel ch) {
        ch.state = Channel.State.CLOSING;
        ours.commands.addFirst(new OurCommands.Pending.Send(0, new Transaction.CloseChannel(ch.key.primarySocket(), ch.key.secondarySocket(), 0), ch));
    }

    // ---- private

    boolean fits(Transaction t, ByteBuffer dst) {
        return dst.remaining() >= dialect.encodedLength(t);
    }

    /** Puts one of our transactions on the wire (into {@code dst}, which it fits). */
    void encode(Transaction t, ByteBuffer dst) {
        tracer.trace(true, t);
        dialect.encode(t, dst);
    }

    /** A request that completes without a transaction: its Completed event is queued at once. */
    private long completeHere(EngineEvent.Outcome outcome) {
        long request = nextId++;
        events.add(new EngineEvent.Completed(request, outcome));
        return request;
    }

    private Channel channel(long channelId) {
        Channel ch = byId.get(channelId);
        if (ch == null) {
            throw new EngineException(Failure.UNKNOWN_CHANNEL, "no channel with id " + channelId);
        }
        return ch;
    }

    private void requireRole(Role wanted, String what) {
        if (role != wanted) {
            throw new EngineException(Failure.NOT_ALLOWED, "only a " + wanted + " may " + what);
        }
    }

    private void requireUp() {
        if (state == LinkState.DOWN) {
            throw new EngineException(Failure.LINK_DOWN, "the link is down");
        }
    }

    private void requireReady() {
        requireUp();
        if (state != LinkState.READY) {
            throw new EngineException(Failure.NOT_READY, "the conversation is not initialised (state " + state + ")");
        }
    }

    private void requireTalking() {
        requireReady();
        if (!mayCommand()) {
            throw new EngineException(Failure.NOT_ALLOWED, "a revision " + Revision.describe(revision)
                    + " host takes no commands from its peripheral");
        }
    }
}
