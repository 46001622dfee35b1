package org.dot4j.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.dot4j.engine.RawWire.ascii;
import static org.dot4j.engine.RawWire.join;
import static org.dot4j.engine.RawWire.normalise;

import java.nio.ByteBuffer;
import java.util.Arrays;
import org.dot4j.engine.RawWire.Answer;
import org.dot4j.wire.ErrorCode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A revision-0x20 host that sends the peripheral broken bytes: framing faults and data-channel faults. Each case
 * checks the exact Error packet (reference §3.6: {@code 00 00 00 0A 00 00 7F psid ssid code}, credit 0), the
 * ViolationDetected event, and that the link still works afterwards.
 */
@Timeout(20)
class LinkEngineBadInputTest {

    static final LocalSocket PRINT = LocalSocket.service(2, "PRINT", ChannelMode.STREAM);
    /** Buffer for exactly one 512-byte packet: the peripheral grants a single credit. */
    static final LocalSocket TINY = new LocalSocket(3, "TINY", ChannelMode.STREAM, 506, 512, 512, true);

    static final String GET_PRINT = "00 00 00 0C 01 00 09 " + ascii("PRINT");
    static final String PRINT_IS_2 = "00 00 00 0E 01 00 89 00 02 " + ascii("PRINT");
    /** OpenChannel 3/3, 512 both ways, MaximumOutstandingCredit 0xFFFF (§3.3). */
    static final String OPEN_TINY = "00 00 00 0F 01 00 01 03 03 02 00 02 00 FF FF";
    /** Its 18-byte reply: sizes 512/512, MaximumOutstandingCredit 0xFFFF, credit 1 (one packet of buffer). */
    static final String TINY_OPENED = "00 00 00 12 01 00 81 00 03 03 02 00 02 00 FF FF 00 01";

    EnginePair pair;

    @BeforeEach
    void initialize() {
        pair = EnginePair.standard().initialized(PRINT, TINY);
    }

    private Answer send(String hex) {
        return RawWire.toPeripheral(pair, hex);
    }

    private static String error(int psid, int ssid, ErrorCode code) {
        return normalise(String.format("00 00 00 0A 00 00 7F %02X %02X %02X", psid, ssid, code.wire()));
    }

    private static String dataPacket(int socket, int credit, int payload) {
        byte[] p = new byte[6 + payload];
        p[0] = (byte) socket;
        p[1] = (byte) socket;
        p[2] = (byte) (p.length >> 8);
        p[3] = (byte) p.length;
        p[4] = (byte) credit;
        Arrays.fill(p, 6, p.length, (byte) 0x5A);
        return RawWire.hex(p);
    }

    private long openTiny() {
        assertThat(send(OPEN_TINY).bytes()).isEqualTo(normalise(TINY_OPENED));
        return pair.acceptedOnPeripheral(new ChannelKey(3, 3));
    }

    @Test
    void headerArrivingInPiecesIsWaitedForWithoutComplaint() {
        // §1.4: chunks may split packets anywhere.
        byte[] packet = RawWire.bytes(GET_PRINT);
        Answer first = RawWire.toPeripheral(pair, Arrays.copyOf(packet, 3));
        assertThat(first.bytes()).isEmpty();
        assertThat(first.events()).isEmpty();
        Answer second = RawWire.toPeripheral(pair, Arrays.copyOfRange(packet, 3, 8));
        assertThat(second.bytes()).isEmpty();
        assertThat(second.events()).isEmpty();
        assertThat(RawWire.toPeripheral(pair, Arrays.copyOfRange(packet, 8, packet.length)).bytes())
                .isEqualTo(normalise(PRINT_IS_2));
        RawWire.assertStillAnswers(pair, "PRINT", 2);
    }

    @Test
    void headerWithLengthBelowSixIsAMalformedPacket() {
        // §1.1: LENGTH 0 cannot frame a packet; the six bytes are junk, reported once as 0x80 on socket 0.
        Answer a = send(join("07 07 00 00 00 00", GET_PRINT));
        assertThat(a.bytes()).isEqualTo(join(error(0, 0, ErrorCode.MALFORMED_PACKET), PRINT_IS_2));
        assertThat(a.violations()).extracting(EngineEvent.ViolationDetected::code).containsExactly(ErrorCode.MALFORMED_PACKET);
        assertThat(a.violations()).extracting(EngineEvent.ViolationDetected::kind).containsExactly(Violation.JUNK_BYTES);
        RawWire.assertStillAnswers(pair, "PRINT", 2);
    }

    @Test
    void nulFloodIsDroppedWithoutAnErrorPacket() {
        // §12.1 / §7.5: d4lib's send_nulls writes 16 KiB of zeros; a peripheral must just skip them.
        byte[] flood = new byte[16384 + 12];
        System.arraycopy(RawWire.bytes(GET_PRINT), 0, flood, 16384, 12);
        Answer a = RawWire.toPeripheral(pair, flood);
        assertThat(a.bytes()).isEqualTo(normalise(PRINT_IS_2));
        assertThat(a.violations()).hasSize(1);
        assertThat(a.violations().get(0).detail()).contains("16384 NUL bytes");
        assertThat(a.violations().get(0).kind()).as("a category drivers can rate-limit by (issue 9 defect 11)")
                .isEqualTo(Violation.NUL_FLOOD);
        RawWire.assertStillAnswers(pair, "PRINT", 2);
    }

    @Test
    void dataPacketLargerThanTheAgreedSizeIsPacketTooLarge() {
        long channel = openTiny();
        Answer a = send(dataPacket(3, 0, 513 - 6));
        assertThat(a.bytes()).isEqualTo(error(3, 3, ErrorCode.PACKET_TOO_LARGE));
        assertThat(a.violations()).extracting(EngineEvent.ViolationDetected::kind).containsExactly(Violation.PACKET_TOO_LARGE);
        assertThat(pair.peripheral.readable(channel)).isZero();
        // The refused packet spent no credit: a packet of exactly the agreed size is still taken.
        Answer ok = send(dataPacket(3, 0, 512 - 6));
        assertThat(ok.bytes()).isEmpty();
        // Control 0: no end-of-message bit, so the packet does not end a message.
        assertThat(ok.events()).contains(new EngineEvent.DataReceived(channel, new ChannelKey(3, 3), 506, false));
        RawWire.assertDataStillFlows(pair, 2);
    }

    @Test
    void dataPacketForAChannelThatIsNotOpenIsChannelNotOpen() {
        Answer a = send("05 05 00 08 00 00 41 42");
        assertThat(a.bytes()).isEqualTo(error(5, 5, ErrorCode.CHANNEL_NOT_OPEN));
        assertThat(a.violations()).extracting(EngineEvent.ViolationDetected::code).containsExactly(ErrorCode.CHANNEL_NOT_OPEN);
        // Half of the transaction socket pair is no channel either.
        assertThat(send("00 05 00 08 00 00 41 42").bytes()).isEqualTo(error(0, 5, ErrorCode.CHANNEL_NOT_OPEN));
        RawWire.assertDataStillFlows(pair, 2);
    }

    @Test
    void dataPacketWithoutCreditIsNoCreditAndIgnored() {
        // §5.1: one credit = one packet; the second packet had none.
        long channel = openTiny();
        Answer first = send("03 03 00 08 00 00 41 42");
        assertThat(first.bytes()).isEmpty();
        assertThat(first.events()).containsExactly(new EngineEvent.DataReceived(channel, new ChannelKey(3, 3), 2, false));
        Answer second = send("03 03 00 08 00 00 43 44");
        assertThat(second.bytes()).isEqualTo(error(3, 3, ErrorCode.NO_CREDIT));
        assertThat(second.violations()).extracting(EngineEvent.ViolationDetected::code).containsExactly(ErrorCode.NO_CREDIT);
        ByteBuffer got = ByteBuffer.allocate(10);
        pair.peripheral.read(channel, got);
        assertThat(got.position()).isEqualTo(2);
        assertThat(got.array()[0]).isEqualTo((byte) 0x41);
        RawWire.assertDataStillFlows(pair, 2);
    }

    @Test
    void piggyBackedCreditThatOverflowsIsCreditOverflowButTheDataIsKept() {
        long channel = openTiny();
        assertThat(send("00 00 00 0B 01 00 03 03 03 FF FF").bytes()).isEqualTo(normalise("00 00 00 0A 01 00 83 00 03 03"));
        Answer a = send("03 03 00 08 01 00 41 42");
        assertThat(a.bytes()).isEqualTo(error(3, 3, ErrorCode.CREDIT_OVERFLOW));
        assertThat(a.violations()).extracting(EngineEvent.ViolationDetected::code).containsExactly(ErrorCode.CREDIT_OVERFLOW);
        assertThat(a.events()).contains(new EngineEvent.DataReceived(channel, new ChannelKey(3, 3), 2, false));
        assertThat(pair.peripheral.readable(channel)).isEqualTo(2);
        assertThat(pair.peripheral.channels()).filteredOn(c -> c.channelId() == channel)
                .extracting(ChannelStatus::sendCredit).containsExactly(0xFFFF);
        RawWire.assertDataStillFlows(pair, 2);
    }

    @Test
    void hostileLength65535DataPacketIsRejectedWithoutBeingBuffered() {
        long channel = openTiny();
        byte[] hostile = new byte[0xFFFF];
        Arrays.fill(hostile, (byte) 0xA5);
        System.arraycopy(RawWire.bytes("03 03 FF FF 00 00"), 0, hostile, 0, 6);
        for (int at = 0; at < hostile.length; at += 1500) {
            Answer piece = RawWire.toPeripheral(pair, Arrays.copyOfRange(hostile, at, Math.min(hostile.length, at + 1500)));
            if (at + 1500 < hostile.length) {
                assertThat(piece.bytes()).as("nothing until the whole packet arrived").isEmpty();
            } else {
                assertThat(piece.bytes()).isEqualTo(error(3, 3, ErrorCode.PACKET_TOO_LARGE));
            }
        }
        assertThat(pair.peripheral.readable(channel)).isZero();
        assertThat(pair.peripheral.channels()).filteredOn(c -> c.channelId() == channel)
                .extracting(ChannelStatus::grantedToPeer).containsExactly(1);
        assertThat(send(GET_PRINT).bytes()).isEqualTo(normalise(PRINT_IS_2));
    }

    @Test
    void hostileLength65535TransactionIsMalformed() {
        // A 65529-byte GetSocketID name is no name (§1.1: 1..40 bytes).
        byte[] hostile = new byte[0xFFFF];
        Arrays.fill(hostile, (byte) 'A');
        System.arraycopy(RawWire.bytes("00 00 FF FF 01 00 09"), 0, hostile, 0, 7);
        Answer a = RawWire.toPeripheral(pair, hostile);
        assertThat(a.bytes()).isEqualTo(error(0, 0, ErrorCode.MALFORMED_PACKET));
        RawWire.assertStillAnswers(pair, "PRINT", 2);
    }

    @Test
    void floodOfCommandsWhoseRepliesAreNeverReadKeepsTheReplyQueueBounded() {
        byte[] one = RawWire.bytes(GET_PRINT);
        byte[] flood = new byte[2000 * one.length];
        for (int i = 0; i < 2000; i++) {
            System.arraycopy(one, 0, flood, i * one.length, one.length);
        }
        pair.peripheral.handleReceived(ByteBuffer.wrap(flood), pair.now);
        assertThat(pair.peripheral.scheduler.urgent).hasSizeLessThanOrEqualTo(LinkEngine.MAX_QUEUED_TRANSACTIONS);
        Answer a = send("");
        byte[] reply = RawWire.bytes(PRINT_IS_2);
        assertThat(RawWire.bytes(a.bytes())).hasSize(LinkEngine.MAX_QUEUED_TRANSACTIONS * reply.length);
        assertThat(a.violations()).hasSize(2000 - LinkEngine.MAX_QUEUED_TRANSACTIONS)
                .allMatch(v -> v.detail().contains("faster than it reads replies"));
        RawWire.assertStillAnswers(pair, "PRINT", 2);
    }

    @Test
    void floodOfBadDataPacketsKeepsTheErrorQueueBounded() {
        String bad = "05 05 00 07 00 00 41";
        byte[] one = RawWire.bytes(bad);
        byte[] flood = new byte[3000 * one.length];
        for (int i = 0; i < 3000; i++) {
            System.arraycopy(one, 0, flood, i * one.length, one.length);
        }
        pair.peripheral.handleReceived(ByteBuffer.wrap(flood), pair.now);
        assertThat(pair.peripheral.scheduler.urgent).hasSizeLessThanOrEqualTo(LinkEngine.MAX_QUEUED_TRANSACTIONS);
        Answer a = send("");
        assertThat(RawWire.bytes(a.bytes())).hasSize(LinkEngine.MAX_QUEUED_TRANSACTIONS * 10);
        RawWire.assertStillAnswers(pair, "PRINT", 2);
    }
}
