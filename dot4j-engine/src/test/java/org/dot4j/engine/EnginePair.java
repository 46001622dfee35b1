package org.dot4j.engine;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.Random;
import java.util.function.BiFunction;
import org.dot4j.wire.Revision;

/**
 * A host engine and a peripheral engine joined by a simulated wire with a virtual clock: each direction
 * delivers what was sent in seeded random pieces, so packets split and join as on a real link. Every byte
 * also passes a {@link WireAudit} per direction, which checks credit and size rules independently of the
 * engines. {@link #drive()} runs until both sides are idle and fails on livelock.
 */
final class EnginePair {

    final LinkEngine host;
    /** Replaced by a fresh engine when a fault test restarts the peripheral. */
    LinkEngine peripheral;
    final List<EngineEvent> hostEvents = new ArrayList<>();
    final List<EngineEvent> peripheralEvents = new ArrayList<>();
    final WireAudit toPeripheral = new WireAudit("host->peripheral", true);
    final WireAudit toHost = new WireAudit("peripheral->host", false);
    final Random random;
    final int maxChunk;
    /** Virtual clock in nanoseconds; starts at {@link #CLOCK_ORIGIN} and may wrap past Long.MAX_VALUE. */
    long now = CLOCK_ORIGIN;
    private final ByteBuffer buffer = ByteBuffer.allocate(256 * 1024);
    /** What the wire does to bytes on their way to a side (fault tests damage them); identity by default. */
    BiFunction<Role, ByteBuffer, ByteBuffer> wire = (to, bytes) -> bytes;
    /** Whether the audits check the senders (off when a fault may forge a grant the audit would then trust). */
    boolean audited = true;

    EnginePair(EngineConfig hostConfig, EngineConfig peripheralConfig, long seed, int maxChunk) {
        this.host = new LinkEngine(hostConfig);
        this.peripheral = new LinkEngine(peripheralConfig);
        this.random = new Random(seed);
        this.maxChunk = maxChunk;
    }

    static EnginePair of(int revision, long seed) {
        return new EnginePair(EngineConfig.host(revision), EngineConfig.peripheral(), seed, 1500);
    }

    static EnginePair standard() {
        return of(Revision.IEEE_1284_4, 1);
    }

    /** Virtual time one {@link #drive()} may pass: covers reply timeouts, stops endless credit polling. */
    static final long HORIZON_NANOS = 60_000_000_000L;
    /**
     * Clock origins the tests use: the engine takes any long as {@code now}, like System.nanoTime, so times are
     * negative on some JVMs and wrap. A positive one, a negative one, and two that wrap: after 1000 s and after 20 s
     * (within the first reply timeout or credit back-off of most runs).
     */
    static final long[] CLOCK_ORIGINS = {1_000_000_000L, Long.MIN_VALUE / 2, Long.MAX_VALUE - 1_000_000_000_000L,
            Long.MAX_VALUE - 20_000_000_000L};
    /** The origin of every pair not given one: {@code -Ddot4j.clockOrigin=N}, else negative. */
    static final long CLOCK_ORIGIN = Long.getLong("dot4j.clockOrigin", CLOCK_ORIGINS[1]);

    /**
     * Moves bytes and fires timers until neither side has anything to do, or only timers beyond the horizon
     * are left (a sender polling for credit nobody frees).
     */
    void drive() {
        long horizon = now + HORIZON_NANOS;
        for (int round = 0; round < 1_000_000; round++) {
            boolean progress = transfer(host, peripheral, toPeripheral) | transfer(peripheral, host, toHost);
            progress |= drainEvents();
            if (!progress) {
                OptionalLong deadline = earliest(host.nextDeadline(), peripheral.nextDeadline());
                if (deadline.isEmpty() || deadline.getAsLong() - horizon > 0) {
                    return;
                }
                if (deadline.getAsLong() - now > 0) {
                    now = deadline.getAsLong();
                }
                host.handleTimeout(now);
                peripheral.handleTimeout(now);
            }
        }
        throw new AssertionError("livelock: the engines never went idle");
    }

    /** The earlier of two deadlines, compared as clock values that may wrap. */
    static OptionalLong earliest(OptionalLong a, OptionalLong b) {
        if (a.isEmpty() || (b.isPresent() && b.getAsLong() - a.getAsLong() < 0)) {
            return b;
        }
        return a;
    }

    /**
     * A stopped process (SIGSTOP, a printer busy clearing a jam): {@code frozen} takes nothing in, sends nothing
     * and fires no timer for {@code nanos} of virtual time while the other side runs on; what that side sends
     * waits, as in a stopped process's socket buffer. Then it wakes ({@code timersFirst}: its timer thread runs
     * before its reader), {@code application} running between the pieces of its backlog as a reading thread
     * would, and the pair drives on.
     */
    void stall(Role frozen, long nanos, boolean timersFirst, Runnable application) {
        LinkEngine sleeper = frozen == Role.HOST ? host : peripheral;
        LinkEngine awake = frozen == Role.HOST ? peripheral : host;
        WireAudit audit = frozen == Role.HOST ? toHost : toPeripheral;
        ByteArrayOutputStream backlog = new ByteArrayOutputStream();
        long until = now + nanos;
        for (int round = 0; round < 1_000_000; round++) {
            buffer.clear();
            int n = awake.pollTransmit(buffer, now);
            buffer.flip();
            audit.observe(buffer.duplicate());
            (audit == toPeripheral ? toHost : toPeripheral).observeReverse(buffer.duplicate());
            backlog.write(buffer.array(), 0, n);
            boolean events = drainEvents();
            if (n == 0 && !events) {
                OptionalLong deadline = awake.nextDeadline();
                if (deadline.isEmpty() || deadline.getAsLong() - until > 0) {
                    break;
                }
                if (deadline.getAsLong() - now > 0) {
                    now = deadline.getAsLong();
                }
                awake.handleTimeout(now);
            }
        }
        now = until;
        if (timersFirst) {
            sleeper.handleTimeout(now);
        }
        ByteBuffer waiting = ByteBuffer.wrap(backlog.toByteArray());
        while (waiting.hasRemaining()) {
            int piece = 1 + random.nextInt(Math.min(maxChunk, waiting.remaining()));
            sleeper.handleReceived(waiting.slice(waiting.position(), piece), now);
            waiting.position(waiting.position() + piece);
            application.run();
        }
        sleeper.handleTimeout(now);
        drive();
    }

    /** One step without timers: each side transmits once to the other, events are collected (for interleavings). */
    void step() {
        transfer(host, peripheral, toPeripheral);
        transfer(peripheral, host, toHost);
        drainEvents();
    }

    /** Sends raw bytes to the peripheral as if the host wrote them, then drives. */
    void hostSendsRaw(byte[] bytes) {
        peripheral.handleReceived(ByteBuffer.wrap(bytes), now);
        drive();
    }

    /** Sends raw bytes to the host as if the peripheral wrote them, then drives. */
    void peripheralSendsRaw(byte[] bytes) {
        host.handleReceived(ByteBuffer.wrap(bytes), now);
        drive();
    }

    /** Every byte the peripheral transmits next, without delivering it (for exact-byte assertions). */
    byte[] peripheralTransmits() {
        return drainOne(peripheral);
    }

    /** Every byte the host transmits next, without delivering it. */
    byte[] hostTransmits() {
        return drainOne(host);
    }

    private byte[] drainOne(LinkEngine from) {
        buffer.clear();
        from.pollTransmit(buffer, now);
        buffer.flip();
        byte[] out = new byte[buffer.remaining()];
        buffer.get(out);
        return out;
    }

    private boolean transfer(LinkEngine from, LinkEngine to, WireAudit audit) {
        buffer.clear();
        int n = from.pollTransmit(buffer, now);
        if (n == 0) {
            return false;
        }
        buffer.flip();
        if (audited) {
            audit.observe(buffer.duplicate());
            (audit == toPeripheral ? toHost : toPeripheral).observeReverse(buffer.duplicate());
        }
        ByteBuffer arriving = wire.apply(to == host ? Role.HOST : Role.PERIPHERAL, buffer);
        while (arriving.hasRemaining() && to.state() != LinkState.DOWN) {
            int piece = 1 + random.nextInt(Math.min(maxChunk, arriving.remaining()));
            ByteBuffer chunk = arriving.slice(arriving.position(), piece);
            arriving.position(arriving.position() + piece);
            to.handleReceived(chunk, now);
        }
        return true;
    }

    /** Moves the engines' pending events into the lists; true when there were any. */
    boolean drainEvents() {
        boolean any = false;
        for (var e = host.pollEvent(); e.isPresent(); e = host.pollEvent()) {
            hostEvents.add(e.get());
            any = true;
        }
        for (var e = peripheral.pollEvent(); e.isPresent(); e = peripheral.pollEvent()) {
            peripheralEvents.add(e.get());
            any = true;
        }
        return any;
    }

    /** The outcome of request {@code id} on {@code events}, failing when it did not complete. */
    static EngineEvent.Outcome outcome(List<EngineEvent> events, long id) {
        return events.stream()
                .filter(e -> e instanceof EngineEvent.Completed c && c.requestId() == id)
                .map(e -> ((EngineEvent.Completed) e).outcome())
                .findFirst().orElseThrow(() -> new AssertionError("request " + id + " did not complete: " + events));
    }

    /** Inits the host, registers the services and drives. */
    EnginePair initialized(LocalSocket... services) {
        for (LocalSocket s : services) {
            peripheral.registerSocket(s);
        }
        long id = host.init();
        drive();
        if (!(outcome(hostEvents, id) instanceof EngineEvent.InitDone)) {
            throw new AssertionError("Init failed: " + hostEvents);
        }
        return this;
    }

    /** Opens a host channel from {@code hostSocket} to the peripheral's {@code peerSocket}; returns its id. */
    long open(LocalSocket hostSocket, int peerSocket) {
        host.registerSocket(hostSocket);
        long id = host.openChannel(hostSocket.id(), peerSocket);
        drive();
        EngineEvent.Outcome o = outcome(hostEvents, id);
        if (!(o instanceof EngineEvent.ChannelOpened opened)) {
            throw new AssertionError("open failed: " + o);
        }
        return opened.channelId();
    }

    /** The peripheral's channel id for the channel it accepted on {@code key}. */
    long acceptedOnPeripheral(ChannelKey key) {
        return peripheralEvents.stream()
                .filter(e -> e instanceof EngineEvent.ChannelAccepted a && a.key().equals(key))
                .map(e -> ((EngineEvent.ChannelAccepted) e).channelId())
                .reduce((a, b) -> b)
                .orElseThrow(() -> new AssertionError("peripheral accepted no channel " + key));
    }
}
