package org.dot4j.engine;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;
import org.dot4j.engine.Lifecycles.LinkEvent;
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
 * <p>Protocol decisions (reference §5, §12): one of our commands is outstanding at a time, as every real peer
 * does, except that credit (Credit, CreditRequest) has its own lane and never waits behind a slow command
 * ({@link CommandQueue}); the peer's commands are answered while ours wait. Receive credit is granted only for buffer room
 * at the agreed packet size, so received data never exceeds the buffer. With a revision-0x10 (Epson) host, a
 * peripheral never sends a command, grants credit only in CreditRequestReply and sends no Error packets, because
 * Epson hosts take any packet as the reply they wait for (Q-E1, Q-G5). The revision's rules and layouts are a
 * {@link Dialect}; HP MLC (revision 3, §6) adds ConfigSocket and fixed socket ids ({@link MlcTransactions}), and a
 * 0x20 host that is refused with "revision not supported" tries MLC.
 *
 * <p>Not thread-safe: one thread at a time (drivers hold a lock).
 */
public final class LinkEngine {

    /** Queued transactions beyond which a flood is refused. */
    static final int MAX_QUEUED_TRANSACTIONS = 1024;

    final EngineConfig config;
    final Role role;
    LinkState state = LinkState.UNINITIALIZED;
    /** Revision in use; a peripheral's is 0 until the first Init, a host's 0 after its Init was refused. */
    int revision;
    /** The rules and layouts of {@link #revision} (a peripheral's before Init: 0x20's). */
    Dialect dialect;
    private final PacketFramer framer = new PacketFramer();
    final Map<Integer, LocalSocket> sockets = new TreeMap<>();
    /** Spare ring arrays the channels' queues share. */
    final BufferPool buffers = new BufferPool();
    /** The channels, on the wire and not yet closed by the application. */
    final Channels table = new Channels(this);
    /** What goes on the wire next: replies, commands, data. */
    final TransmitScheduler scheduler = new TransmitScheduler(this);
    /** Peripheral: answers to CreditRequests waiting for room, and the replies behind them. */
    final HeldReplies held = new HeldReplies(this);
    /** Our commands: queued, awaited, late. */
    final CommandQueue commands = new CommandQueue(this);
    /** The peer's data packets, checked. */
    final InboundData inbound = new InboundData(this);
    /** Grants for free buffer room, requests when data waits. */
    final CreditFlow credit = new CreditFlow(this);
    private final ArrayDeque<EngineEvent> events = new ArrayDeque<>();
    private final PeerTransactions peer = new PeerTransactions(this);
    /** ConfigSocket, fixed socket ids and MLC credit styles. */
    final MlcTransactions mlc;
    /** The bodies of the application's commands: checks, then the queue. */
    private final ApplicationCommands app = new ApplicationCommands(this);
    private TransactionTracer tracer = (sent, t) -> { };
    private long nextId = 1;

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
        return table.byId.values().stream().map(Channel::status).toList();
    }

    /**
     * Payload bytes sent on every channel, closed ones included, since the engine began: a link's throughput, which
     * the sum over {@link #channels()} misses for channels that came and went between two looks.
     */
    public long bytesSent() {
        return scheduler.bytesSent;
    }

    /** Payload bytes received on every channel, closed ones included, since the engine began. */
    public long bytesReceived() {
        return inbound.bytesReceived;
    }

    /** Bytes the peer sent that could not start a packet, dropped (NUL floods included) since the engine began. */
    public long junkBytes() {
        return peer.junkBytes;
    }

    /** Bytes written to a channel and not sent: still queued, or dropped when the channel ended on the wire; 0 for an unknown channel. */
    public int unsent(long channelId) {
        Channel ch = table.byId.get(channelId);
        return ch == null ? 0 : ch.toSend.size() + ch.droppedUnsent;
    }

    /** The earliest time {@link #handleTimeout} has work, if any. */
    public OptionalLong nextDeadline() {
        OptionalLong next = earliest(commands.deadline(), held.deadline());
        for (Channel ch : mayCommand() ? table.live.values() : List.<Channel>of()) {
            if (ch.waitsForCredit()) {
                next = earliest(next, ch.credit.askDeadline(mlc.pushWait()));
            }
        }
        return next;
    }

    /** The earlier of two times; clock values are compared only as differences (any long is valid, times wrap). */
    static OptionalLong earliest(OptionalLong a, OptionalLong b) {
        return a.isEmpty() || (b.isPresent() && b.getAsLong() - a.getAsLong() < 0) ? b : a;
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

    void trace(boolean sent, Transaction t) {
        tracer.trace(sent, t);
    }

    // ---- inputs

    /** Feeds bytes read from the link; consumes all of {@code src}. */
    public void handleReceived(ByteBuffer src, long now) {
        peer.receive(framer, src, now);
    }

    /** Lets timers fire; harmless when called early or twice. */
    public void handleTimeout(long now) {
        commands.handleTimeout(now);
        held.release(now);
        credit.askForCredit(now, true);
    }

    /** The link failed or closed: every channel closes, every request fails; nothing more happens. */
    public void handleLinkDown(String reason) {
        if (state == LinkState.DOWN) {
            return;
        }
        move(LinkEvent.LINK_LOST);
        failAllCommands(Failure.LINK_DOWN, "link down: " + reason);
        table.closeAll(CloseCause.LINK_DOWN, "link down: " + reason);
        scheduler.urgent.clear();
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
        return app.requestEpsonEntry();
    }

    /**
     * Host: starts (or restarts) the conversation, in the revision last agreed (at first, and after a refused Init,
     * the configured one).
     */
    public long init() {
        return app.init();
    }

    /** Host: ends the conversation; channels close when the reply comes. */
    public long exit() {
        return app.exit();
    }

    /**
     * Asks the peer which socket serves {@code serviceName}; completes with {@link EngineEvent.SocketIdFound}. MLC has
     * no GetSocketID: the answer comes at once from HP's fixed socket ids (§8.1).
     */
    public long getSocketId(String serviceName) {
        return app.getSocketId(serviceName);
    }

    /** Asks the peer which service {@code socketId} serves; completes with {@link EngineEvent.ServiceNameFound}. */
    public long getServiceName(int socketId) {
        return app.getServiceName(socketId);
    }

    /**
     * Opens a channel between our registered socket {@code localSocket} and the peer's {@code peerSocket};
     * completes with {@link EngineEvent.ChannelOpened}. A peripheral may do this only with a 0x20 host.
     */
    public long openChannel(int localSocket, int peerSocket) {
        return app.openChannel(localSocket, peerSocket);
    }

    /**
     * Closes a channel and forgets it: data not yet sent is dropped (drain first with {@link #unsent}), data not
     * yet read is dropped. Completes with {@link EngineEvent.ChannelClosedDone}; at once if the peer already
     * closed it, or (with an Epson host, who is never sent commands) locally.
     */
    public long closeChannel(long channelId) {
        return app.closeChannel(channelId);
    }

    /**
     * Cancels request {@code requestId} because its caller stopped waiting for it (timed out, interrupted).
     *
     * <p>Returns true when the request was still in progress: its {@link EngineEvent.Completed} is then never
     * emitted, and the engine finishes or undoes it on its own:
     * <ul>
     *   <li>OpenChannel: not sent yet, it is dropped; sent, the channel is gone for the application at once (its id
     *       is unknown from now on, it no longer counts toward {@link EngineConfig#maxChannels}), but its socket pair stays
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
        return commands.cancel(requestId);
    }

    /**
     * Queues data on an open channel: as much of {@code src} as the send queue has room for. {@code endOfMessage}
     * ends a message on a packet channel once all of {@code src} is taken. Returns bytes taken; 0 means wait for
     * {@link EngineEvent.Writable}.
     */
    public int write(long channelId, ByteBuffer src, boolean endOfMessage) {
        return app.write(channelId, src, endOfMessage);
    }

    /**
     * Copies received data into {@code dst}: on a stream channel whatever is there, on a packet channel up to the
     * end of the current message. Reading frees buffer room, which may grant the peer more credit.
     */
    public ReadResult read(long channelId, ByteBuffer dst) {
        return app.read(channelId, dst);
    }

    /** Why a channel left the wire, when it did without our close command. */
    public Optional<CloseCause> closeCause(long channelId) {
        Channel ch = table.byId.get(channelId);
        return ch == null ? Optional.empty() : Optional.ofNullable(ch.closeCause);
    }

    /** Bytes received on a channel and not yet read. */
    public int readable(long channelId) {
        Channel ch = table.byId.get(channelId);
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
        return state == LinkState.DOWN ? 0 : scheduler.poll(dst, now);
    }

    // ---- internals shared with PeerTransactions

    /** The conversation's one way to change state: through {@link Lifecycles#LINK}. */
    void move(LinkEvent event) {
        state = Lifecycles.LINK.next(state, event);
    }

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
            scheduler.urgent.clear(); // answers of the conversation Init ended, in layouts the new one may not have
        }
        revision = newRevision;
        dialect = next;
    }

    /**
     * Host: the peer refused our Init (after the MLC fallback too, if it was tried), so no revision is agreed; the
     * layouts stay those of the configured revision, which the next {@link #init} asks for again.
     */
    void refusedInit() {
        move(LinkEvent.INIT_REFUSED);
        speak(config.revision());
        revision = 0;
    }

    void emit(EngineEvent event) {
        events.add(event);
    }

    void reply(Transaction reply) {
        if (scheduler.urgent.size() + held.size() >= MAX_QUEUED_TRANSACTIONS) {
            emit(new EngineEvent.ViolationDetected(Violation.COMMAND_FLOOD,
                    "peer sends commands faster than it reads replies; dropped " + reply.opcode() + " reply"));
            return;
        }
        if (!held.queueBehind(reply)) {
            scheduler.urgent.add(reply);
        }
    }

    /** Reports a peer fault: an Error packet when we may send one, and an event either way. */
    void sendError(Violation kind, int primarySocket, int secondarySocket, String detail) {
        ErrorCode code = kind.code();
        emit(new EngineEvent.ViolationDetected(kind, detail));
        if (mayGrant() && scheduler.urgent.size() < MAX_QUEUED_TRANSACTIONS) {
            scheduler.urgent.add(Transaction.ErrorPacket.of(code, primarySocket, secondarySocket));
        }
    }

    void failAllCommands(Failure failure, String detail) {
        commands.failAll(failure, detail, failure == Failure.LINK_DOWN);
        for (Channel ch : table.byId.values()) {
            ch.grantQueued = false;
            ch.creditRequestPending = false;
        }
    }

    long newId() {
        return nextId++;
    }
}
