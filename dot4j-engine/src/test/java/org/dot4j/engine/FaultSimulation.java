package org.dot4j.engine;

import static org.dot4j.engine.SimulationTest.check;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.dot4j.wire.Revision;

/**
 * One seeded run of a host and a peripheral engine moving data both ways on a few stream channels while one
 * {@link Fault} strikes, once or twice, at random moments. The checks are {@link FaultSimulationTest}'s invariants;
 * {@link Lane} checks the data. Not thread-safe; one run per instance.
 */
final class FaultSimulation {

    /** What goes wrong. The first five damage bytes on the wire; the rest leave every byte that arrives intact. */
    enum Fault {
        /** 1..64 bytes of one transfer vanish. */
        DROP,
        /** 1..4 bytes of one transfer get a bit flipped. */
        CORRUPT,
        /** A transfer stops short and the link goes down (cable pulled mid-packet). */
        TRUNCATE,
        /** 1..64 bytes of one transfer arrive twice. */
        DUPLICATE,
        /** Two neighbouring pieces of one transfer arrive swapped. */
        REORDER,
        /** One side stops for 15 s, longer than the reply timeout, then resumes. */
        STALL,
        /** The peripheral restarts with no memory; the host notices by its errors and re-Inits. */
        PEER_RESET,
        /** The link goes down. */
        LINK_LOSS,
        /** The peripheral stops answering, for good. */
        UNRESPONSIVE;

        boolean damagesBytes() {
            return ordinal() <= REORDER.ordinal();
        }
    }

    static final int ACTIONS = 300;
    static final long STALL_NANOS = 15_000_000_000L;

    final long seed;
    final Fault fault;
    private final Random random;
    private final EnginePair pair;
    private final EngineConfig peripheralConfig;
    private final List<LocalSocket> services = new ArrayList<>();
    private final LocalSocket hostSocket;
    private final List<Lane> lanes = new ArrayList<>();
    /** The host's requests issued and not completed (the peripheral issues none here). */
    private final Map<Long, String> hostRequests = new HashMap<>();
    private int hostCursor;
    /** The host heard of trouble: a violation, an Error packet, a failed request, a closed channel. */
    boolean loud;
    private boolean peerGone;
    private boolean resetPending;
    private long bytesDelivered;
    /** Some reader got gaps or altered bytes. */
    boolean damaged;
    /** Data was damaged or stalled and the host heard of nothing: what 1284.4 cannot detect. */
    boolean silent;
    /** The last transactions both sides sent and received, for a failing seed's message. */
    private final ArrayDeque<String> lastTransactions = new ArrayDeque<>();

    /** Seeds one below a multiple of this speak HP MLC (seed 120, a pinned one, stays 1284.4). */
    static final int MLC_EVERY = 7;

    FaultSimulation(long seed) {
        this.seed = seed;
        this.random = new Random(seed * 0x9E3779B97F4A7C15L + 0x2545F4914F6CDD1DL);
        this.fault = Fault.values()[(int) Math.floorMod(seed, (long) Fault.values().length)];
        int drawn = random.nextInt(4) == 0 ? Revision.EPSON_DRAFT : Revision.IEEE_1284_4;
        // HP MLC by seed, not by a draw, so the other seeds keep their conversations; gusher and miser in turn.
        int revision = Math.floorMod(seed, MLC_EVERY) == MLC_EVERY - 1 ? Revision.HP_MLC : drawn;
        MlcFlow flow = Math.floorMod(seed / MLC_EVERY, 2) == 0 ? MlcFlow.GUSHER : MlcFlow.MISER;
        this.peripheralConfig = EngineConfig.peripheral();
        this.pair = new EnginePair(EngineConfig.host(revision).withMlcFlow(flow), peripheralConfig, random.nextLong(),
                1 + random.nextInt(4096));
        pair.now = EnginePair.CLOCK_ORIGINS[random.nextInt(EnginePair.CLOCK_ORIGINS.length)];
        pair.audited = !fault.damagesBytes();
        for (int id : new int[] {2, 4}) {
            int packet = 7 + random.nextInt(8000);
            services.add(new LocalSocket(id, "SVC" + id, ChannelMode.STREAM, packet * (1 + random.nextInt(4)), packet, packet, true));
        }
        int packet = 7 + random.nextInt(8000);
        hostSocket = new LocalSocket(2, "", ChannelMode.STREAM, packet * (1 + random.nextInt(4)), packet, packet, false);
    }

    /** Runs the workload; returns payload bytes delivered. Throws AssertionError when an invariant breaks. */
    long run() {
        try {
            return workload();
        } catch (AssertionError | RuntimeException e) {
            throw new AssertionError(e.getMessage() + "; last transactions: " + String.join(" | ", lastTransactions), e);
        }
    }

    private long workload() {
        pair.host.setTracer((sent, t) -> trace((sent ? "H> " : "H< ") + t));
        pair.peripheral.setTracer((sent, t) -> trace((sent ? "P> " : "P< ") + t));
        services.forEach(pair.peripheral::registerSocket);
        pair.host.registerSocket(hostSocket);
        initAndOpen();
        int first = random.nextInt(ACTIONS);
        int second = random.nextBoolean() ? random.nextInt(ACTIONS) : -1;
        for (int i = 0; i < ACTIONS; i++) {
            if (i == first || i == second) {
                strike();
            }
            act();
            checkBounds();
            if (resetPending && loud && pair.host.state() == LinkState.READY && !peerGone) {
                resetPending = false; // the host's application re-Inits after the errors, as the daemon does
                lanes.forEach(Lane::cut);
                initAndOpen();
            }
        }
        finish();
        return bytesDelivered;
    }

    // ---- workload

    private void initAndOpen() {
        if (pair.host.state() == LinkState.DOWN) {
            return;
        }
        issue(pair.host.init(), "Init");
        drive();
        if (pair.host.state() != LinkState.READY) {
            return;
        }
        for (LocalSocket service : services) {
            long open = issue(pair.host.openChannel(hostSocket.id(), service.id()), "open " + service.id());
            drive();
            EngineEvent.Outcome o = outcome(open);
            if (o instanceof EngineEvent.ChannelOpened opened) {
                long onPeripheral = pair.acceptedOnPeripheral(opened.key());
                lanes.add(new Lane("host->" + opened.key(), Role.HOST, opened.channelId(), onPeripheral, random.nextLong()));
                lanes.add(new Lane(opened.key() + "->host", Role.PERIPHERAL, onPeripheral, opened.channelId(), random.nextLong()));
            }
        }
    }

    private void act() {
        int roll = random.nextInt(10);
        Lane lane = lanes.isEmpty() ? null : lanes.get(random.nextInt(lanes.size()));
        if (roll < 4 && lane != null) {
            write(lane, 1 + random.nextInt(20_000));
        } else if (roll < 7 && lane != null) {
            read(lane, 1 + random.nextInt(30_000));
        } else if (roll < 9) {
            drive();
        } else {
            pair.step();
            settle();
        }
    }

    private void write(Lane lane, int length) {
        LinkEngine writer = engine(lane.writer);
        if (lane.cut || writer.state() == LinkState.DOWN || !writerOpen(lane)) {
            return;
        }
        ByteBuffer src = ByteBuffer.wrap(lane.next(length));
        lane.wrote(writer.write(lane.writerId, src, false));
    }

    private void read(Lane lane, int capacity) {
        LinkEngine reader = engine(lane.writer == Role.HOST ? Role.PERIPHERAL : Role.HOST);
        if (lane.cut || reader.readable(lane.readerId) == 0) {
            return;
        }
        ByteBuffer got = ByteBuffer.allocate(capacity);
        int n = reader.read(lane.readerId, got).bytes();
        lane.received(got.array(), n);
        bytesDelivered += n;
    }

    // ---- faults

    private void strike() {
        switch (fault) {
            case DROP, CORRUPT, DUPLICATE, REORDER -> damageNextTransfer();
            case TRUNCATE -> {
                Role to = random.nextBoolean() ? Role.HOST : Role.PERIPHERAL;
                pair.wire = (side, bytes) -> {
                    if (side != to || bytes.remaining() < 2) {
                        return bytes;
                    }
                    pair.wire = (s, b) -> ByteBuffer.allocate(0); // nothing more crosses a pulled cable
                    peerGone = true;
                    return bytes.slice(bytes.position(), 1 + random.nextInt(bytes.remaining() - 1));
                };
                drive();
                linkDown("cable pulled mid-packet");
            }
            case STALL -> pair.stall(random.nextBoolean() ? Role.HOST : Role.PERIPHERAL, STALL_NANOS, random.nextBoolean(), () -> { });
            case PEER_RESET -> {
                pair.peripheral = new LinkEngine(peripheralConfig);
                pair.peripheral.setTracer((sent, t) -> trace((sent ? "P> " : "P< ") + t));
                services.forEach(pair.peripheral::registerSocket);
                pair.peripheralEvents.clear();
                lanes.forEach(Lane::cut); // what the old peripheral held is gone
                resetPending = true;
            }
            case LINK_LOSS -> linkDown("link lost");
            case UNRESPONSIVE -> {
                peerGone = true;
                pair.wire = (side, bytes) -> ByteBuffer.allocate(0);
                pair.peripheral.handleLinkDown("stopped answering"); // it neither reads nor sends any more
            }
        }
        settle();
    }

    private void damageNextTransfer() {
        pair.wire = (side, bytes) -> {
            pair.wire = (s, b) -> b;
            byte[] in = new byte[bytes.remaining()];
            bytes.get(in);
            if (in.length < 2) {
                return ByteBuffer.wrap(in);
            }
            int at = random.nextInt(in.length - 1);
            int len = Math.min(in.length - at, 1 + random.nextInt(64));
            ByteBuffer out = ByteBuffer.allocate(in.length + len);
            switch (fault) {
                case DROP -> out.put(in, 0, at).put(in, at + len, in.length - at - len);
                case DUPLICATE -> out.put(in, 0, at + len).put(in, at, len).put(in, at + len, in.length - at - len);
                case REORDER -> {
                    int second = Math.min(in.length - at - len, 1 + random.nextInt(64));
                    out.put(in, 0, at).put(in, at + len, second).put(in, at, len).put(in, at + len + second, in.length - at - len - second);
                }
                default -> {
                    for (int i = 1 + random.nextInt(4); i > 0; i--) {
                        in[at + random.nextInt(len)] ^= (byte) (1 << random.nextInt(8));
                    }
                    out.put(in);
                }
            }
            return out.flip();
        };
    }

    private void linkDown(String why) {
        pair.host.handleLinkDown(why);
        pair.peripheral.handleLinkDown(why);
        peerGone = true;
        settle();
    }

    // ---- checks

    private void checkBounds() {
        for (LinkEngine e : List.of(pair.host, pair.peripheral)) {
            check(e.commands.main.queue.size() <= CommandQueue.MAX_QUEUED && e.commands.main.late.size() <= CommandQueue.MAX_LATE
                    && e.commands.credit.queue.size() <= CommandQueue.MAX_QUEUED
                    && e.commands.credit.late.size() <= CommandQueue.MAX_LATE
                    && e.scheduler.urgent.size() <= LinkEngine.MAX_QUEUED_TRANSACTIONS, e.role() + " queues grew past their bounds");
        }
    }

    private void finish() {
        drive();
        for (long before = -1, round = 0; bytesDelivered != before; round++) { // read until nothing more comes
            check(round < 1_000_000, "the final drain never ends");
            before = bytesDelivered;
            lanes.forEach(l -> read(l, 70_000));
            drive();
        }
        for (Lane lane : lanes) {
            boolean healthy = !peerGone && !lane.cut && writerOpen(lane) && readerOpen(lane) && !loud;
            boolean intact = lane.exactPrefix() && (!healthy || lane.undelivered() == 0);
            damaged |= !lane.exactPrefix();
            silent |= !intact && !loud;
            check(intact || fault.damagesBytes(), lane + ": " + (lane.exactPrefix() ? "bytes taken on a healthy open channel"
                    + " never arrived; host " + pair.host.channels() + ", peripheral " + pair.peripheral.channels()
                    : "delivered data is not an exact prefix"));
        }
        linkDown("end of run");
        drive();
        check(hostRequests.isEmpty(), "requests that never completed: " + hostRequests.values());
        check(pair.host.channels().stream().noneMatch(c -> c.state().equals("OPEN")), "channels open after the link went down");
    }

    // ---- plumbing

    private void drive() {
        pair.drive();
        settle();
    }

    private void settle() {
        pair.drainEvents();
        for (; hostCursor < pair.hostEvents.size(); hostCursor++) {
            switch (pair.hostEvents.get(hostCursor)) {
                case EngineEvent.Completed c -> {
                    check(hostRequests.remove(c.requestId()) != null, "request " + c.requestId() + " completed twice or unasked");
                    loud |= c.outcome() instanceof EngineEvent.Failed;
                }
                case EngineEvent.ViolationDetected v -> loud = true;
                case EngineEvent.PeerError p -> loud = true;
                case EngineEvent.ChannelClosed c -> loud = true;
                case EngineEvent.LinkDown d -> loud = true;
                default -> { }
            }
        }
    }

    private void trace(String line) {
        if (lastTransactions.size() == 24) {
            lastTransactions.poll();
        }
        lastTransactions.add(line);
    }

    private long issue(long request, String what) {
        hostRequests.put(request, what);
        return request;
    }

    private EngineEvent.Outcome outcome(long request) {
        return pair.hostEvents.stream().filter(e -> e instanceof EngineEvent.Completed c && c.requestId() == request)
                .map(e -> ((EngineEvent.Completed) e).outcome()).findFirst().orElse(null);
    }

    private LinkEngine engine(Role role) {
        return role == Role.HOST ? pair.host : pair.peripheral;
    }

    private static Role readerOf(Lane lane) {
        return lane.writer == Role.HOST ? Role.PERIPHERAL : Role.HOST;
    }

    private boolean writerOpen(Lane lane) {
        return isOpen(engine(lane.writer), lane.writerId);
    }

    private boolean readerOpen(Lane lane) {
        return isOpen(engine(readerOf(lane)), lane.readerId);
    }

    private static boolean isOpen(LinkEngine engine, long channelId) {
        return engine.channels().stream().anyMatch(c -> c.channelId() == channelId && c.state().equals("OPEN"));
    }
}
