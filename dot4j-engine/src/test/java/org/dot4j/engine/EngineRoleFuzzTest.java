package org.dot4j.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.dot4j.wire.MalformedTransactionException;
import org.dot4j.wire.PacketFramer;
import org.dot4j.wire.PacketHeader;
import org.dot4j.wire.ResultCode;
import org.dot4j.wire.Revision;
import org.dot4j.wire.Transaction;
import org.dot4j.wire.TransactionCodec;
import org.dot4j.wire.WireFormat;

/**
 * Coverage-guided fuzzing of each {@link LinkEngine} role alone against a hostile peer: the fuzz data is a sequence
 * of steps (packets from the peer, well formed or not, cut in pieces; raw bytes; time passing from any clock origin,
 * negative ones included; the application's commands; polls; link loss). After every step: a command throws nothing
 * but {@link EngineException}, an input throws nothing at all; queues, buffers and channel counts stay within their
 * limits; everything the engine transmits frames into whole packets and its transactions decode; and once timers
 * fired and the output was drained, no deadline is already due (a driver would spin on it); outside READY it sends
 * no command but Init, the Epson entry and Error packets. Replays
 * {@code EngineRoleFuzzTestInputs/} in {@code mvn test}; {@code fuzz/README.md} tells how to fuzz.
 */
class EngineRoleFuzzTest {

    private static final int MAX_STEPS = 200;
    /** Events one step may produce: a hostile peer must not make the engine report without end. */
    private static final int MAX_EVENTS_PER_STEP = 4 * LinkEngine.MAX_QUEUED_TRANSACTIONS;
    private static final int[] SOCKETS = {0, 1, 2, 3, 4, 6, 9, 0xFF};

    @FuzzTest(maxDuration = "15s")
    void theHostSurvivesAnyPeripheral(FuzzedDataProvider data) {
        int revision = data.consumeBoolean() ? Revision.IEEE_1284_4 : Revision.EPSON_DRAFT;
        new Run(new LinkEngine(config(Role.HOST, revision, data)), data).play();
    }

    @FuzzTest(maxDuration = "15s")
    void thePeripheralSurvivesAnyHost(FuzzedDataProvider data) {
        new Run(new LinkEngine(config(Role.PERIPHERAL, Revision.IEEE_1284_4, data)), data).play();
    }

    private static EngineConfig config(Role role, int revision, FuzzedDataProvider data) {
        long reply = data.consumeLong(1, 20_000_000_000L);
        long retry = data.consumeLong(1, 2_000_000_000L);
        return new EngineConfig(role, revision, reply, retry, data.consumeInt(1, 300_000));
    }

    /** One engine, the fuzz data driving it, and the checks after each step. */
    private static final class Run {
        private final LinkEngine engine;
        private final FuzzedDataProvider data;
        private final PacketFramer transmitted = new PacketFramer();
        private final ByteBuffer out = ByteBuffer.allocate(128 * 1024);
        private final List<Long> channels = new ArrayList<>();
        private long now;

        Run(LinkEngine engine, FuzzedDataProvider data) {
            this.engine = engine;
            this.data = data;
            this.now = data.consumeLong(Long.MIN_VALUE / 4, Long.MAX_VALUE / 4);
            engine.registerSocket(new LocalSocket(2, "PRINT", ChannelMode.STREAM, 64 * 1024, 16384, 16384, true));
            engine.registerSocket(new LocalSocket(6, "ECHO", ChannelMode.PACKET, 600, 512, 512, true));
            engine.registerSocket(new LocalSocket(9, "TINY", ChannelMode.STREAM, 64, 70, 70, true));
        }

        void play() {
            for (int step = 0; step < MAX_STEPS && data.remainingBytes() > 0; step++) {
                switch (data.consumeInt(0, 9)) {
                    case 0, 1 -> receive(peerTransaction());
                    case 2 -> receive(peerData());
                    case 3 -> receive(data.consumeBytes(data.consumeInt(0, 300)));
                    case 4 -> {
                        now += data.consumeBoolean() ? data.consumeLong(0, 50_000_000L) : data.consumeLong(0, Long.MAX_VALUE / 8);
                        engine.handleTimeout(now);
                    }
                    case 5 -> transmit();
                    case 6, 7, 8 -> command();
                    default -> {
                        if (data.consumeInt(0, 15) == 0) {
                            engine.handleLinkDown("fuzzed link loss");
                        }
                    }
                }
                checkBounds();
            }
            // As a driver ends each turn: timers, then output; nothing may then be due already.
            engine.handleTimeout(now);
            transmit();
            engine.nextDeadline().ifPresent(deadline ->
                    assertThat(deadline - now).as("a deadline still due after its timers fired").isPositive());
        }

        private void receive(byte[] bytes) {
            ByteBuffer src = ByteBuffer.wrap(bytes);
            int piece = data.consumeInt(1, Math.max(1, bytes.length));
            while (src.hasRemaining()) {
                int n = Math.min(piece, src.remaining());
                engine.handleReceived(src.slice(src.position(), n), now);
                src.position(src.position() + n);
            }
            assertThat(src.hasRemaining()).isFalse();
        }

        /** A transaction as a peer might send it: real opcodes, sockets of our channels or any. */
        private byte[] peerTransaction() {
            ResultCode result = data.consumeInt(0, 3) == 0 ? data.pickValue(ResultCode.values()) : ResultCode.SUCCESS;
            int p = socket();
            int s = socket();
            Transaction t = switch (data.consumeInt(0, 17)) {
                case 0 -> new Transaction.Init(data.pickValue(new int[] {0x10, 0x20, 0x03, u8()}));
                case 1 -> new Transaction.OpenChannel(p, s, size(), size(), u16(), u16());
                case 2 -> new Transaction.CloseChannel(p, s, u8());
                case 3 -> new Transaction.Credit(p, s, u16());
                case 4 -> new Transaction.CreditRequest(p, s, u16(), u16());
                case 5 -> new Transaction.Exit();
                case 6 -> new Transaction.GetSocketId(data.pickValue(new String[] {"PRINT", "ECHO", "TINY", "X"}));
                case 7 -> new Transaction.GetServiceName(socket());
                case 8 -> new Transaction.ErrorPacket(p, s, data.consumeInt(0x7F, 0x88));
                case 9 -> new Transaction.InitReply(result, data.pickValue(new int[] {0x10, 0x20, u8()}));
                case 10 -> new Transaction.OpenChannelReply(result, p, s, size(), size(), u16(), u16());
                case 11 -> new Transaction.CloseChannelReply(result, p, s);
                case 12 -> new Transaction.CreditReply(result, p, s);
                case 13 -> new Transaction.CreditRequestReply(result, p, s, u16());
                case 14 -> new Transaction.ExitReply(result);
                case 15 -> new Transaction.GetSocketIdReply(result, socket(), "");
                case 16 -> new Transaction.GetServiceNameReply(result, socket(), data.consumeAsciiString(40));
                default -> data.consumeBoolean() ? Transaction.EpsonPacking.entry() : new Transaction.EpsonPackingReply(result);
            };
            int revision = data.consumeBoolean() ? Revision.IEEE_1284_4 : Revision.EPSON_DRAFT;
            ByteBuffer packet = ByteBuffer.allocate(TransactionCodec.encodedLength(t, revision));
            TransactionCodec.encode(t, revision, packet);
            byte[] bytes = packet.array();
            if (data.consumeInt(0, 5) == 0) {
                bytes[data.consumeInt(0, bytes.length - 1)] = data.consumeByte(); // a corrupted field
            }
            return bytes;
        }

        /** A data packet on one of our channels (or any pair), with piggy-backed credit and control bits. */
        private byte[] peerData() {
            boolean known = data.consumeBoolean() && !engine.table.live.isEmpty();
            ChannelKey key = known ? data.pickValue(engine.table.live.keySet().toArray(ChannelKey[]::new)) : null;
            int primary = known ? key.primarySocket() : socket();
            int secondary = known ? key.secondarySocket() : socket();
            int payload = data.consumeBoolean() ? data.consumeInt(0, 80) : data.consumeInt(0, 17_000);
            ByteBuffer packet = ByteBuffer.allocate(WireFormat.HEADER_SIZE + payload);
            new PacketHeader(primary, secondary, packet.capacity(), u8(), u8()).encode(packet);
            return packet.array();
        }

        private void command() {
            try {
                switch (data.consumeInt(0, 13)) {
                    case 12, 13 -> engine.read(pickChannel(), ByteBuffer.allocate(data.consumeInt(0, 70_000)));
                    case 0 -> engine.init();
                    case 1 -> engine.exit();
                    case 2 -> engine.requestEpsonEntry();
                    case 3 -> engine.getSocketId(data.consumeAsciiString(45));
                    case 4 -> engine.getServiceName(socket());
                    case 5, 6 -> engine.openChannel(data.pickValue(new int[] {2, 6, 9, 5}), socket());
                    case 7 -> engine.closeChannel(pickChannel());
                    case 8, 9 -> engine.write(pickChannel(), ByteBuffer.allocate(data.consumeInt(0, 70_000)), data.consumeBoolean());
                    case 10 -> engine.unregisterSocket(data.pickValue(new int[] {2, 6, 9}));
                    default -> engine.registerSocket(new LocalSocket(data.pickValue(new int[] {2, 5, 6}), "SCAN",
                            data.consumeBoolean() ? ChannelMode.STREAM : ChannelMode.PACKET, 4096, 512, 512, data.consumeBoolean()));
                }
            } catch (EngineException refused) {
                assertThat(refused.failure()).isNotNull();
                assertThat(refused.getMessage()).isNotBlank();
            }
        }

        /** The id of a channel the engine reported, or a made-up one. */
        private long pickChannel() {
            return channels.isEmpty() || data.consumeInt(0, 9) == 0 ? data.consumeLong(0, 300)
                    : channels.get(data.consumeInt(0, channels.size() - 1));
        }

        /** Drains the output and checks that it is whole, decodable packets. */
        private void transmit() {
            for (int rounds = 0; rounds < 64; rounds++) {
                out.clear();
                int n = engine.pollTransmit(out, now);
                assertThat(n).isEqualTo(out.position());
                if (n == 0) {
                    break;
                }
                out.flip();
                while (out.hasRemaining()) {
                    assertThat(transmitted.feed(out)).isPositive();
                    for (var f = transmitted.next(); !(f instanceof PacketFramer.Frame.NeedMoreBytes); f = transmitted.next()) {
                        if (!(f instanceof PacketFramer.Frame.Packet p)) {
                            throw new AssertionError("the engine transmitted bytes that frame no packet: " + f);
                        }
                        checkSent(p.header(), p.body());
                    }
                }
                assertThat(transmitted.buffered()).as("pollTransmit writes whole packets").isZero();
            }
        }

        private void checkSent(PacketHeader header, ByteBuffer body) {
            if (header.isTransaction()) {
                Transaction t;
                try {
                    // As a peer of the same dialect reads it (the Epson entry reply keeps its layout in MLC too).
                    t = engine.dialect.decode(header, body);
                } catch (MalformedTransactionException e) {
                    throw new AssertionError("the engine sent a transaction it cannot decode: " + e.getMessage(), e);
                }
                // Strict in what we send: outside a conversation only what starts one, and Error packets.
                if (t instanceof Transaction.Command && engine.state() != LinkState.READY
                        && !(t instanceof Transaction.Init || t instanceof Transaction.EpsonPacking
                        || t instanceof Transaction.ErrorPacket)) {
                    throw new AssertionError("the engine sent " + t + " in state " + engine.state());
                }
            } else {
                assertThat(header.length()).isLessThanOrEqualTo(16384);
            }
        }

        private void checkBounds() {
            Map<String, Integer> events = new TreeMap<>();
            for (var e = engine.pollEvent(); e.isPresent(); e = engine.pollEvent()) {
                events.merge(e.get().getClass().getSimpleName(), 1, Integer::sum);
                assertThat(events.values().stream().mapToInt(Integer::intValue).sum())
                        .as("events from one step: %s", events).isLessThanOrEqualTo(MAX_EVENTS_PER_STEP);
                switch (e.get()) {
                    case EngineEvent.ChannelAccepted a -> channels.add(a.channelId());
                    case EngineEvent.Completed(long id, EngineEvent.ChannelOpened o) -> channels.add(o.channelId());
                    default -> { }
                }
            }
            assertThat(engine.scheduler.urgent).hasSizeLessThanOrEqualTo(LinkEngine.MAX_QUEUED_TRANSACTIONS);
            for (CommandLane lane : new CommandLane[] {engine.commands.main, engine.commands.credit}) {
                assertThat(lane.queue).as("%s", lane).hasSizeLessThanOrEqualTo(CommandQueue.MAX_QUEUED);
                assertThat(lane.late).as("%s", lane).hasSizeLessThanOrEqualTo(CommandQueue.MAX_LATE);
            }
            assertThat(engine.table.byId).hasSizeLessThanOrEqualTo(engine.config.maxChannels());
            assertThat(engine.table.live).hasSizeLessThanOrEqualTo(engine.config.maxChannels());
            for (ChannelStatus ch : engine.channels()) {
                assertThat(ch.queuedToSend()).isBetween(0, engine.config.sendBufferSize());
                assertThat(ch.bufferedReceived()).isBetween(0, 64 * 1024);
                assertThat(ch.sendCredit()).isNotNegative();
                assertThat(ch.grantedToPeer()).isNotNegative();
            }
            if (channels.size() > 64) {
                channels.removeIf(id -> !engine.table.byId.containsKey(id)); // keep a few closed ids to misuse
            }
        }

        private int socket() {
            return data.consumeBoolean() ? data.pickValue(SOCKETS) : u8();
        }

        private int size() {
            return data.pickValue(new int[] {0, 3, 6, 7, 70, 512, 16384, 0xFFFF, u16()});
        }

        private int u8() {
            return data.consumeInt(0, 0xFF);
        }

        private int u16() {
            return data.consumeInt(0, 0xFFFF);
        }
    }
}
