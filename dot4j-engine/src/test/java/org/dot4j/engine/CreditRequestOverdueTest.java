package org.dot4j.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.PriorityQueue;
import org.dot4j.wire.PacketFramer;
import org.dot4j.wire.PacketHeader;
import org.dot4j.wire.ResultCode;
import org.dot4j.wire.Revision;
import org.dot4j.wire.Transaction;
import org.dot4j.wire.TransactionCodec;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Issue 10 defect 4: a sender with data and no credit asks with CreditRequest only when a grant is overdue. The peer
 * here reads like HPLIP (reference §5.3, Q-H6): it pushes Credit(1) a millisecond after each packet it reads and
 * answers every CreditRequest with 0. The back-off used to reset on every pushed Credit, so dot4j asked after nearly
 * every packet (33–45 CreditRequests per MiB read from HP-SCAN); now it asks once, finds asking does not work, and
 * waits for the pushes, which come well within the back-off.
 */
@Timeout(30)
class CreditRequestOverdueTest {

    static final int MIB = 1 << 20;
    static final int PACKET = 16384;
    static final long REPLY_LATENCY = 100_000L;
    static final long READ_DELAY = 1_000_000L;

    @ParameterizedTest
    @EnumSource(Role.class)
    void aPeerThatPushesCreditPerReadAndRefusesRequestsIsAskedAboutOncePerMebibyte(Role role) {
        HplipReader peer = new HplipReader(role);
        peer.sendMebibyte();
        assertThat(peer.received).as("bytes the peer read").isEqualTo(MIB);
        assertThat(peer.creditRequests).as("CreditRequests per MiB").isEqualTo(1);
    }

    /** Our engine in {@code role} against an HPLIP-like peer that reads what it sends on channel 4/4. */
    private static final class HplipReader {
        final LinkEngine engine;
        private final PacketFramer framer = new PacketFramer();
        /** What the peer sends, when: {time, sequence} order. */
        private final PriorityQueue<Pending> queue = new PriorityQueue<>();
        private final ByteBuffer out = ByteBuffer.allocate(256 * 1024);
        private long now = EnginePair.CLOCK_ORIGIN;
        private long sequence;
        long received;
        int creditRequests;

        private record Pending(long at, long seq, Transaction t) implements Comparable<Pending> {
            @Override
            public int compareTo(Pending o) {
                return at != o.at ? Long.compare(at - o.at, 0) : Long.compare(seq, o.seq);
            }
        }

        HplipReader(Role role) {
            LocalSocket socket = new LocalSocket(4, "HP-SCAN", ChannelMode.STREAM, 4 * PACKET, PACKET, PACKET, role == Role.PERIPHERAL);
            engine = new LinkEngine(role == Role.HOST ? EngineConfig.host(Revision.IEEE_1284_4) : EngineConfig.peripheral());
            engine.registerSocket(socket);
            if (role == Role.HOST) {
                engine.init();
                run();
                engine.openChannel(4, 4);
            } else {
                peerSends(new Transaction.Init(Revision.IEEE_1284_4));
                peerSends(new Transaction.OpenChannel(4, 4, PACKET, PACKET, 0xFFFF, 0));
            }
            run();
        }

        void sendMebibyte() {
            long channel = engine.channels().getFirst().channelId();
            ByteBuffer data = ByteBuffer.allocate(MIB);
            while (data.hasRemaining() || engine.unsent(channel) > 0) {
                engine.write(channel, data, false);
                run();
            }
        }

        /** Runs both sides until neither has anything to do. */
        private void run() {
            for (int round = 0; round < 1_000_000; round++) {
                out.clear();
                if (engine.pollTransmit(out, now) > 0) {
                    out.flip();
                    framer.feed(out);
                    for (var f = framer.next(); f instanceof PacketFramer.Frame.Packet p; f = framer.next()) {
                        onPacket(p.header(), p.body());
                    }
                    continue;
                }
                Pending next = queue.peek();
                var deadline = engine.nextDeadline();
                if (next == null && deadline.isEmpty()) {
                    return;
                }
                if (next != null && (deadline.isEmpty() || next.at - deadline.getAsLong() <= 0)) {
                    queue.poll();
                    now = next.at - now > 0 ? next.at : now;
                    ByteBuffer packet = ByteBuffer.allocate(64);
                    TransactionCodec.encode(next.t, Revision.IEEE_1284_4, packet);
                    engine.handleReceived(packet.flip(), now);
                } else {
                    now = deadline.getAsLong() - now > 0 ? deadline.getAsLong() : now;
                    engine.handleTimeout(now);
                }
                while (engine.pollEvent().isPresent()) {
                    // the application side is sendMebibyte's loop
                }
            }
            throw new AssertionError("livelock at " + now + ": " + engine.channels() + " deadline " + engine.nextDeadline()
                    + " queue " + queue.peek());
        }

        private void onPacket(PacketHeader h, ByteBuffer body) {
            if (!h.isTransaction()) {
                received += h.payloadLength();
                later(READ_DELAY, new Transaction.Credit(4, 4, 1)); // HP1: Credit(1) per read
                return;
            }
            Transaction t;
            try {
                t = TransactionCodec.decode(h, body);
            } catch (Exception e) {
                throw new AssertionError(e);
            }
            switch (t) {
                case Transaction.Init i -> later(REPLY_LATENCY, new Transaction.InitReply(ResultCode.SUCCESS, i.revision()));
                case Transaction.OpenChannel o -> later(REPLY_LATENCY, new Transaction.OpenChannelReply(ResultCode.SUCCESS,
                        4, 4, PACKET, PACKET, 0xFFFF, 1));
                case Transaction.CreditRequest c -> {
                    creditRequests++;
                    later(REPLY_LATENCY, new Transaction.CreditRequestReply(ResultCode.SUCCESS, 4, 4, 0)); // Q-H6
                }
                case Transaction.Credit c -> later(REPLY_LATENCY, new Transaction.CreditReply(ResultCode.SUCCESS, 4, 4));
                // HPLIP as host reads at once, with Credit(1) as its counter is 0 (§4.1 step 6).
                case Transaction.OpenChannelReply r -> later(READ_DELAY, new Transaction.Credit(4, 4, 1));
                default -> { } // replies to the peer's own commands
            }
        }

        private void peerSends(Transaction t) {
            later(0, t);
        }

        private void later(long delay, Transaction t) {
            queue.add(new Pending(now + delay, sequence++, t));
        }
    }
}
