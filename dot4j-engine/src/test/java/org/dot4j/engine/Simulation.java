package org.dot4j.engine;

import static org.dot4j.engine.SimulationTest.check;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.function.Predicate;
import org.dot4j.engine.SimulationTest.Endpoint;
import org.dot4j.engine.SimulationTest.ModelChannel;
import org.dot4j.engine.SimulationTest.Phase;
import org.dot4j.wire.Revision;

/**
 * One seeded random workload over an {@link EnginePair}: 1..12 services and a few host sockets with random modes,
 * buffers and packet sizes (tiny 7..64-byte ones included), revision 0x20, 0x10 or HP MLC (every fifth seed, gusher
 * and miser in turn; its host sockets of one mode share their sizes, as ConfigSocket fixes a peripheral socket's sizes
 * for the session, §6.1), opens and closes from both
 * sides, writes and reads of random sizes both ways, lookups, and now and then a host re-Init. Bytes cross a
 * wire with latency (transmitted, then delivered in random pieces), so commands, replies and data of both sides
 * cross each other ({@link SimWire}); {@link SimSockets} makes the sockets, {@link SimLedger} keeps the books. The model
 * in {@link SimulationTest} checks every read and every completion; any Error packet
 * or violation fails the run, which is honest. Not thread-safe; one run per instance.
 */
final class Simulation {

    /** Random actions before the final drain. */
    static final int ACTIONS = 1000;
    /** Seeds divisible by this speak HP MLC. */
    static final int MLC_EVERY = 5;
    /** Largest write and largest message. */
    private static final int MAX_TRANSFER = 100_000;
    private static final int READ_ALL = 70_000;
    /** {@code -Ddot4j.trace=true} prints every transaction sent and every event, for replaying a seed. */
    private static final boolean TRACE = Boolean.getBoolean("dot4j.trace");

    final int revision;
    private final Random random;
    private final EnginePair pair;
    private final List<LocalSocket> services;
    private final List<LocalSocket> hostSockets;
    /** Channels not yet forgotten by both sides, oldest first. */
    private final List<ModelChannel> channels;
    private final SimLedger ledger;
    private final SimWire wire;
    private final MessageDigest digest;
    private long bytesRead;

    Simulation(long seed) {
        // Scrambled: java.util.Random's first draws from nearby seeds are alike.
        this.random = new Random(seed * 0x9E3779B97F4A7C15L + 0x632BE59BD9B4E019L);
        int drawn = random.nextInt(4) == 0 ? Revision.EPSON_DRAFT : Revision.IEEE_1284_4;
        // MLC by seed, not by a draw, so the other seeds replay the conversations they always had.
        this.revision = Math.floorMod(seed, MLC_EVERY) == 0 ? Revision.HP_MLC : drawn;
        MlcFlow flow = Math.floorMod(seed / MLC_EVERY, 2) == 0 ? MlcFlow.GUSHER : MlcFlow.MISER;
        long reply = EngineConfig.DEFAULT_REPLY_TIMEOUT.toNanos();
        long retry = EngineConfig.DEFAULT_CREDIT_RETRY.toNanos();
        this.pair = new EnginePair(new EngineConfig(Role.HOST, revision, reply, retry, 256 << random.nextInt(11), flow),
                new EngineConfig(Role.PERIPHERAL, Revision.IEEE_1284_4, reply, retry, 256 << random.nextInt(11)),
                random.nextLong(), 1 + random.nextInt(4096));
        // Every origin in turn, the wrapping one included, unless one is asked for.
        pair.now = System.getProperty("dot4j.clockOrigin") != null ? EnginePair.CLOCK_ORIGIN
                : EnginePair.CLOCK_ORIGINS[(int) Math.floorMod(seed, (long) EnginePair.CLOCK_ORIGINS.length)];
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
        pair.host.setTracer((sent, t) -> record(sent ? "H> " + t : ""));
        pair.peripheral.setTracer((sent, t) -> record(sent ? "P> " + t : ""));
        SimSockets sockets = SimSockets.random(random);
        services = sockets.services();
        hostSockets = Revision.isMlc(revision) ? SimSockets.sizedAlikePerMode(sockets.hostSockets()) : sockets.hostSockets();
        wire = new SimWire(pair);
        ledger = new SimLedger(pair, this::record);
        channels = ledger.channels;
    }

    /** Runs the whole workload; returns a digest of every transaction sent, every event and every byte read. */
    String run() {
        services.forEach(pair.peripheral::registerSocket);
        hostSockets.forEach(pair.host::registerSocket);
        if (revision == Revision.EPSON_DRAFT && random.nextBoolean()) {
            ledger.issue(Role.HOST, pair.host.requestEpsonEntry(), "Epson entry",
                    o -> check(o instanceof EngineEvent.EntryAccepted, "entry packet not accepted: " + o));
            drive(); // before Init, which would cancel it
        }
        reinit();
        for (int i = 0; i < ACTIONS; i++) {
            act();
        }
        finish();
        return digest();
    }

    /** The digest of everything recorded so far (once: it resets). */
    String digest() {
        return HexFormat.of().formatHex(digest.digest());
    }

    /** Payload bytes read by both sides, to check that runs move data at all. */
    long bytesRead() {
        return bytesRead;
    }

    // ---- random actions

    private void act() {
        int roll = random.nextInt(200);
        if (roll < 60) {
            Endpoint e = pick(ep -> ep.phase == Phase.OPEN && ep.expectedSend > 0);
            if (e != null) {
                write(e, 1 + random.nextInt(Math.min(MAX_TRANSFER, Math.max(64, payload(e) * (1 + random.nextInt(12))))));
            }
        } else if (roll < 110) {
            Endpoint e = pick(ep -> ep.phase == Phase.OPEN || ep.phase == Phase.PEER_CLOSED);
            if (e != null) {
                read(e, 1 + random.nextInt(new int[] {16, 512, 8192, READ_ALL}[random.nextInt(4)]));
            }
        } else if (roll < 120) {
            transmit(random.nextBoolean() ? Role.HOST : Role.PERIPHERAL);
        } else if (roll < 134) {
            deliver(random.nextBoolean() ? Role.HOST : Role.PERIPHERAL, 1 + random.nextInt(random.nextBoolean() ? 64 : 65_536));
        } else if (roll < 140) {
            flush();
            pair.step();
            ledger.settle(false);
        } else if (roll < 155) {
            drive();
        } else if (roll < 178) {
            open(roll < 170 ? Role.HOST : Role.PERIPHERAL);
        } else if (roll < 192) {
            Endpoint e = pick(ep -> ep.phase == Phase.OPEN || ep.phase == Phase.PEER_CLOSED);
            if (e != null) {
                close(e, random.nextBoolean());
            }
        } else if (roll < 198) {
            lookup();
        } else if (roll == 198 && random.nextBoolean()) {
            reinit();
        }
    }

    private void write(Endpoint e, int length) {
        SimulationTest.Flow out = e.out;
        ChannelMode mode = e.channel.mode;
        if (mode == ChannelMode.PACKET && out.messageLeft == 0) {
            int longest = random.nextInt(4) == 0 ? Math.min(MAX_TRANSFER, payload(e) * 64) : Math.max(2, payload(e) * 3);
            out.messageLeft = 1 + random.nextInt(longest);
        }
        int asked = mode == ChannelMode.PACKET ? (int) Math.min(length, out.messageLeft) : length;
        boolean endOfMessage = mode == ChannelMode.PACKET && asked == out.messageLeft;
        ByteBuffer src = ByteBuffer.wrap(out.next(asked));
        int taken = engine(e).write(e.id, src, endOfMessage);
        check(taken == asked - src.remaining(), e + ": write returned " + taken + " but took " + (asked - src.remaining()));
        out.wrote(asked, taken, endOfMessage, mode);
    }

    private int read(Endpoint e, int capacity) {
        ByteBuffer got = ByteBuffer.allocate(capacity);
        ReadResult r = engine(e).read(e.id, got);
        e.in().checkRead(e, got, r, e.channel.mode);
        bytesRead += r.bytes();
        digest.update(got.array(), 0, r.bytes());
        if (r.endOfChannel()) {
            check(e.phase == Phase.PEER_CLOSED, e + ": end of channel while the channel is open");
            e.atEnd = true;
        }
        return r.bytes();
    }

    private void open(Role opener) {
        LinkEngine engine = opener == Role.HOST ? pair.host : pair.peripheral;
        if (engine.state() != LinkState.READY || (opener == Role.PERIPHERAL && revision != Revision.IEEE_1284_4)) {
            return; // a peripheral opens channels only toward an IEEE 1284.4 host
        }
        LocalSocket hostSocket = hostSockets.get(random.nextInt(hostSockets.size()));
        List<LocalSocket> matching = services.stream().filter(s -> s.mode() == hostSocket.mode()).toList();
        LocalSocket service = matching.isEmpty() || (opener == Role.HOST && random.nextInt(30) == 0) ? null
                : matching.get(random.nextInt(matching.size()));
        ChannelKey key = new ChannelKey(hostSocket.id(), service == null ? SimSockets.unusedServiceId(services) : service.id());
        if ((service == null && opener == Role.PERIPHERAL) || channels.stream().anyMatch(c -> c.key.equals(key))) {
            return; // one incarnation per key at a time: crossing opens of one key are not modelled
        }
        int toPeripheral = service == null ? 0 : agreed(hostSocket.maxSendPacket(), service.maxReceivePacket());
        int toHost = service == null ? 0 : agreed(service.maxSendPacket(), hostSocket.maxReceivePacket());
        boolean refusal = toPeripheral == 0 && toHost == 0; // no such service, or nothing could flow
        ModelChannel ch = new ModelChannel(key, hostSocket.mode(), random.nextLong() >>> 1, toPeripheral, toHost);
        channels.add(ch);
        Endpoint self = ch.side(opener);
        self.phase = Phase.OPENING;
        if (refusal) {
            self.peer().phase = Phase.DONE;
        }
        long request = engine.openChannel(key.localSocket(opener), key.peerSocket(opener));
        int issued = ledger.seen(opener);
        ledger.issue(opener, request, "open of " + key, o -> {
            if (o instanceof EngineEvent.ChannelOpened opened) {
                check(!refusal, self + ": opened though the peer should refuse");
                check(opened.sendPacketSize() == self.expectedSend && opened.receivePacketSize() == self.expectedReceive,
                        self + ": agreed sizes " + opened.sendPacketSize() + "/" + opened.receivePacketSize());
                ledger.adopt(self, opened.channelId());
            } else {
                check(ledger.cancelledByInit(o, issued) || (refusal && SimLedger.refused(o)), self + ": open failed: " + o);
                self.phase = Phase.DONE;
            }
        });
    }

    private void close(Endpoint e, boolean graceful) {
        if (e.phase == Phase.OPEN && e.role == Role.PERIPHERAL && revision != Revision.IEEE_1284_4) {
            return; // an Epson host takes no commands: its peripheral only closes what the host closed
        }
        if (e.phase == Phase.PEER_CLOSED && !e.atEnd && random.nextInt(4) != 0) {
            read(e, READ_ALL); // usually read what is left before closing
            return;
        }
        // Everything sent before a close must arrive, unless an Init the closer has not seen yet overtakes it.
        if (e.phase == Phase.OPEN && graceful && ledger.epoch == ledger.seen(e.role) && engine(e).unsent(e.id) == 0 && e.out.messageLeft == 0) {
            e.out.expectAll = true;
        }
        record("APP close " + e);
        long request = engine(e).closeChannel(e.id);
        e.phase = Phase.CLOSING;
        int issued = ledger.seen(e.role);
        ledger.issue(e.role, request, "close of " + e.channel.key, o -> {
            check(o instanceof EngineEvent.ChannelClosedDone || ledger.cancelledByInit(o, issued), e + ": close failed: " + o);
            e.phase = Phase.DONE;
        });
    }

    private void lookup() {
        if (pair.host.state() != LinkState.READY) {
            return;
        }
        LocalSocket service = random.nextInt(5) == 0 ? null : services.get(random.nextInt(services.size()));
        int issued = ledger.epoch;
        if (random.nextBoolean()) {
            String name = service == null ? "NO-SUCH-SERVICE" : service.serviceName().toLowerCase(Locale.ROOT);
            // MLC: fixed ids, no transaction (§8.1).
            Object expected = Revision.isMlc(revision) ? MlcTransactions.lookUp(name)
                    : service == null ? null : new EngineEvent.SocketIdFound(service.id());
            ledger.issue(Role.HOST, pair.host.getSocketId(name), "GetSocketID " + name, o -> check(ledger.cancelledByInit(o, issued)
                    || (expected == null ? SimLedger.refused(o) : o.equals(expected)), name + " resolved to " + o));
        } else {
            int id = service == null ? SimSockets.unusedServiceId(services) : service.id();
            Object expected = Revision.isMlc(revision) ? MlcTransactions.lookUp(id)
                    : service == null ? null : new EngineEvent.ServiceNameFound(service.serviceName());
            ledger.issue(Role.HOST, pair.host.getServiceName(id), "GetServiceName " + id, o -> check(ledger.cancelledByInit(o, issued)
                    || (expected == null ? SimLedger.refused(o) : o.equals(expected)), "socket " + id + " named " + o));
        }
    }

    private void reinit() {
        ledger.epoch++;
        for (ModelChannel ch : channels) {
            // Data in flight when the conversation restarts is lost by design; only prefixes must match.
            ch.host.out.expectAll = false;
            ch.peripheral.out.expectAll = false;
        }
        int issued = ledger.epoch;
        record("APP init");
        ledger.issue(Role.HOST, pair.host.init(), "Init", o -> check(o.equals(new EngineEvent.InitDone(revision))
                || ledger.cancelledByInit(o, issued), "Init failed: " + o));
        ledger.settle(false); // the host closed its channels at once
    }

    // ---- final drain: everything written on channels still open must arrive; then all close

    private void finish() {
        drive();
        for (int round = 0; moveData(); round++) {
            check(round < 100_000, "the final drain never ends");
        }
        for (ModelChannel ch : channels) {
            if (ch.host.phase == Phase.OPEN && ch.peripheral.phase == Phase.OPEN) {
                check(ch.host.in().read == ch.host.in().written && ch.peripheral.in().read == ch.peripheral.in().written,
                        "data stalled on an open channel: " + ch.host + "; " + ch.peripheral + "; " + pair.host.channels()
                                + "; " + pair.peripheral.channels());
            }
        }
        for (int round = 0; !channels.isEmpty(); round++) {
            check(round < 1000, "channels never finished closing: " + channels.stream().map(ModelChannel::sides).toList());
            for (ModelChannel ch : List.copyOf(channels)) {
                for (Endpoint e : ch.sides()) {
                    while (e.phase == Phase.PEER_CLOSED && read(e, READ_ALL) > 0) {
                        // what the peer sent before it closed
                    }
                    if (e.phase == Phase.PEER_CLOSED || (e.phase == Phase.OPEN && (e.role == Role.HOST || revision == Revision.IEEE_1284_4))) {
                        close(e, true);
                    }
                }
            }
            drive();
        }
        check(ledger.allCompleted(), "requests never completed: " + ledger.pendingRequests());
        check(pair.host.channels().isEmpty() && pair.peripheral.channels().isEmpty(),
                "engines still hold channels: " + pair.host.channels() + " / " + pair.peripheral.channels());
    }

    /** Finishes messages in progress, drives, reads everything; true when anything was written, sent or read. */
    private boolean moveData() {
        boolean moved = false;
        for (ModelChannel ch : channels) {
            for (Endpoint e : ch.sides()) {
                if (e.phase == Phase.OPEN && e.out.messageLeft > 0) {
                    long before = e.out.written;
                    write(e, (int) Math.min(e.out.messageLeft, MAX_TRANSFER));
                    moved |= e.out.written > before;
                }
            }
        }
        long packets = pair.toPeripheral.dataPackets + pair.toHost.dataPackets;
        drive();
        moved |= pair.toPeripheral.dataPackets + pair.toHost.dataPackets != packets;
        for (ModelChannel ch : List.copyOf(channels)) {
            for (Endpoint e : ch.sides()) {
                while ((e.phase == Phase.OPEN || e.phase == Phase.PEER_CLOSED) && read(e, READ_ALL) > 0) {
                    moved = true;
                }
            }
        }
        return moved;
    }

    // ---- the wire

    /** Delivers what is on the wire, then lets the pair run both engines until idle. */
    private void drive() {
        flush();
        pair.drive();
        ledger.settle(true);
    }

    /** Puts what {@code from} has to send on the wire. */
    private void transmit(Role from) {
        wire.transmit(from);
        ledger.settle(false);
    }

    /** Hands up to {@code max} bytes on the wire toward {@code to} to its engine. */
    private void deliver(Role to, int max) {
        wire.deliver(to, max);
        ledger.settle(false);
    }

    /** Delivers everything on the wire, so the pair's own transfers keep the byte order. */
    private void flush() {
        deliver(Role.PERIPHERAL, Integer.MAX_VALUE);
        deliver(Role.HOST, Integer.MAX_VALUE);
    }

    // ---- helpers

    private LinkEngine engine(Endpoint e) {
        return e.role == Role.HOST ? pair.host : pair.peripheral;
    }

    private static int payload(Endpoint e) {
        return Math.max(1, e.expectedSend - 6);
    }

    private Endpoint pick(Predicate<Endpoint> wanted) {
        List<Endpoint> all = channels.stream().flatMap(c -> c.sides().stream()).filter(wanted).toList();
        return all.isEmpty() ? null : all.get(random.nextInt(all.size()));
    }

    private static int agreed(int a, int b) {
        return a == 0 || b == 0 ? 0 : Math.min(a, b);
    }

    private void record(String line) {
        if (!line.isEmpty()) {
            digest.update(line.getBytes(StandardCharsets.UTF_8));
            digest.update((byte) '\n');
            if (TRACE) {
                System.err.println(line);
            }
        }
    }
}
