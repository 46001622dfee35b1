package org.dot4j.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.dot4j.engine.RawWire.ascii;
import static org.dot4j.engine.RawWire.normalise;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.dot4j.engine.RawWire.Answer;
import org.dot4j.wire.ErrorCode;
import org.dot4j.wire.Revision;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What a peripheral must do to satisfy real hosts (reference §12), where the engine alone decides it: reply
 * layouts per revision, echoed service names, transaction credit 1, Init as a full reset, hosts that vanish.
 * The host side is played with the real bytes of §3.4 and §4.3 (escputil).
 */
@Timeout(20)
class PeripheralRoleTest {

    static final LocalSocket EPSON_CTRL = new LocalSocket(2, "EPSON-CTRL", ChannelMode.PACKET, 4096, 512, 512, true);
    static final LocalSocket TINY = LinkEngineBadInputTest.TINY;
    static final String ENTRY = LinkEnginePeerCommandTest.ENTRY;
    static final String INIT_10 = "00 00 00 08 01 00 00 10";
    static final String INIT_20 = "00 00 00 08 01 00 00 20";
    static final String OPEN_2_GP = "00 00 00 11 01 00 01 02 02 02 00 02 00 00 00 00 00";
    static final String OPENED_2_GP = "00 00 00 10 01 00 81 00 02 02 02 00 02 00 00 00";

    private static EnginePair peripheralWith(LocalSocket... sockets) {
        EnginePair pair = EnginePair.of(Revision.EPSON_DRAFT, 11);
        for (LocalSocket s : sockets) {
            pair.peripheral.registerSocket(s);
        }
        return pair;
    }

    private static void assertAnswer(EnginePair pair, String in, String expectedOut) {
        assertThat(RawWire.toPeripheral(pair, in).bytes()).as("answer to %s", in).isEqualTo(normalise(expectedOut));
    }

    @Test
    void escputilConversationGetsTheRepliesRealEpsonPrintersSend() {
        EnginePair pair = peripheralWith(EPSON_CTRL);
        assertAnswer(pair, ENTRY, "00 00 00 08 01 00 C5 00");
        assertAnswer(pair, INIT_10, "00 00 00 09 01 00 80 00 10");
        assertAnswer(pair, "00 00 00 11 01 00 09 " + ascii("EPSON-CTRL"), "00 00 00 13 01 00 89 00 02 " + ascii("EPSON-CTRL"));
        // §12.3: exactly 16 bytes for EC and ES; no credit, Epson hosts ask with CreditRequest (Q-E2).
        assertAnswer(pair, OPEN_2_GP, OPENED_2_GP);
        long channel = pair.acceptedOnPeripheral(new ChannelKey(2, 2));
        assertAnswer(pair, "00 00 00 0B 01 00 03 02 02 00 01", "00 00 00 0A 01 00 83 00 02 02");
        // §12.6: grant in the reply; 4096 bytes of buffer hold 8 packets of 506 bytes, below the 0x80 asked.
        assertAnswer(pair, "00 00 00 0D 01 00 04 02 02 00 80 FF FF", "00 00 00 0C 01 00 84 00 02 02 00 08");

        Answer st = RawWire.toPeripheral(pair, "02 02 00 0B 00 01 73 74 01 00 01");
        assertThat(st.bytes()).isEmpty();
        assertThat(st.events()).containsExactly(new EngineEvent.DataReceived(channel, new ChannelKey(2, 2), 5, true));
        ByteBuffer request = ByteBuffer.allocate(64);
        ReadResult r = pair.peripheral.read(channel, request);
        assertThat(r.endOfMessage()).isTrue();
        assertThat(RawWire.hex(Arrays.copyOf(request.array(), r.bytes()))).isEqualTo("73 74 01 00 01");

        // §12.7: one packet per reply, control 0x01, no piggy-backed credit for an Epson host.
        byte[] status = "@BDC ST2\r\nST:01;".getBytes(StandardCharsets.US_ASCII);
        pair.peripheral.write(channel, ByteBuffer.wrap(status), true);
        assertThat(RawWire.toPeripheral(pair, "").bytes())
                .isEqualTo(normalise("02 02 00 16 00 01 " + RawWire.hex(status)));
        // The host's single Credit is spent: the next message waits for the next Credit (GP grants 1 per read).
        pair.peripheral.write(channel, ByteBuffer.wrap(status), true);
        assertThat(RawWire.toPeripheral(pair, "").bytes()).isEmpty();
        assertAnswer(pair, "00 00 00 0B 01 00 03 02 02 00 01",
                "00 00 00 0A 01 00 83 00 02 02 02 02 00 16 00 01 " + RawWire.hex(status));
        assertThat(pair.peripheralEvents).noneMatch(e -> e instanceof EngineEvent.ViolationDetected);
    }

    @Test
    void openChannelReplyLayoutFollowsTheRevisionTheHostInitedWith() {
        EnginePair pair = peripheralWith(EPSON_CTRL);
        assertAnswer(pair, INIT_20, "00 00 00 09 01 00 80 00 20");
        // §12.3: HP1 reads the credit at 16–17 of an 18-byte reply; 4096 bytes hold 8 packets of 506.
        assertAnswer(pair, "00 00 00 0F 01 00 01 02 02 02 00 02 00 FF FF",
                "00 00 00 12 01 00 81 00 02 02 02 00 02 00 FF FF 00 08");
        assertAnswer(pair, INIT_10, "00 00 00 09 01 00 80 00 10");
        assertAnswer(pair, OPEN_2_GP, OPENED_2_GP);
    }

    @Test
    void getSocketIdReplyEchoesTheNameAsTheHostSpelledIt() {
        // §12.4: ES requires Length = 9 + name length.
        EnginePair pair = peripheralWith(EPSON_CTRL);
        assertAnswer(pair, INIT_10, "00 00 00 09 01 00 80 00 10");
        assertAnswer(pair, "00 00 00 11 01 00 09 " + ascii("epson-ctrl"), "00 00 00 13 01 00 89 00 02 " + ascii("epson-ctrl"));
        assertAnswer(pair, "00 00 00 10 01 00 09 " + ascii("EPSON-FOO"), "00 00 00 12 01 00 89 0A 00 " + ascii("EPSON-FOO"));
    }

    @Test
    void everyReplyCarriesTransactionCreditOneAndControlZero() {
        // §12.5 / §5.2: credit 1 lets the host send its next command.
        EnginePair pair = peripheralWith(EPSON_CTRL, TINY);
        List<String> commands = List.of(ENTRY, INIT_20, "00 00 00 11 01 00 09 " + ascii("EPSON-CTRL"),
                LinkEngineBadInputTest.OPEN_TINY, LinkEngineBadInputTest.OPEN_TINY, "00 00 00 0B 01 00 03 03 03 00 01",
                "00 00 00 0B 01 00 04 03 03 FF FF", "00 00 00 08 01 00 0A 03", "00 00 00 09 01 00 02 03 03",
                "00 00 00 09 01 00 02 03 03", INIT_10, OPEN_2_GP, "00 00 00 0D 01 00 04 02 02 00 80 FF FF",
                "00 00 00 0A 01 00 02 02 02 00", "00 00 00 07 01 00 08");
        for (String command : commands) {
            byte[] reply = RawWire.bytes(RawWire.toPeripheral(pair, command).bytes());
            assertThat(reply).as("reply to %s", command).hasSizeGreaterThanOrEqualTo(8);
            assertThat(reply.length).as("one packet answering %s", command).isEqualTo(((reply[2] & 0xFF) << 8) | (reply[3] & 0xFF));
            assertThat(reply[4]).as("credit of reply to %s", command).isEqualTo((byte) 1);
            assertThat(reply[5]).as("control of reply to %s", command).isZero();
            assertThat(reply[6] & 0xFF).as("opcode of reply to %s", command).isEqualTo(RawWire.bytes(command)[6] & 0xFF | 0x80);
        }
    }

    @Test
    void initResetsChannelsAndCreditButKeepsWhatWasReceivedReadable() {
        // §12.2: Init is a full reset of channels and credits.
        EnginePair pair = peripheralWith(EPSON_CTRL, TINY);
        assertAnswer(pair, INIT_20, "00 00 00 09 01 00 80 00 20");
        assertAnswer(pair, LinkEngineBadInputTest.OPEN_TINY, LinkEngineBadInputTest.TINY_OPENED);
        long old = pair.acceptedOnPeripheral(new ChannelKey(3, 3));
        assertAnswer(pair, "03 03 00 09 00 00 61 62 63", "");
        assertAnswer(pair, "00 00 00 0B 01 00 03 03 03 00 05", "00 00 00 0A 01 00 83 00 03 03");

        Answer reset = RawWire.toPeripheral(pair, INIT_20);
        assertThat(reset.bytes()).isEqualTo(normalise("00 00 00 09 01 00 80 00 20"));
        assertThat(reset.events()).contains(new EngineEvent.PeerReset(0x20), new EngineEvent.Initialized(0x20));
        assertThat(reset.events()).anyMatch(e -> e instanceof EngineEvent.ChannelClosed c && c.channelId() == old);
        assertThat(pair.peripheral.readable(old)).isEqualTo(3);

        // The old channel is gone from the wire; opening it again is a fresh channel (result 0, not 6).
        Answer stale = RawWire.toPeripheral(pair, "03 03 00 08 00 00 64 65");
        assertThat(stale.bytes()).isEqualTo(normalise("00 00 00 0A 00 00 7F 03 03 84"));
        assertAnswer(pair, LinkEngineBadInputTest.OPEN_TINY, LinkEngineBadInputTest.TINY_OPENED);
        long fresh = pair.acceptedOnPeripheral(new ChannelKey(3, 3));
        assertThat(fresh).isNotEqualTo(old);
        assertThat(pair.peripheral.channels()).filteredOn(c -> c.channelId() == fresh)
                .extracting(ChannelStatus::sendCredit, ChannelStatus::grantedToPeer)
                .containsExactly(tuple(0, 1));
        ByteBuffer dst = ByteBuffer.allocate(8);
        ReadResult r = pair.peripheral.read(old, dst);
        assertThat(r.bytes()).isEqualTo(3);
        assertThat(r.endOfChannel()).isTrue();
    }

    @Test
    void hostThatVanishesWithoutCloseOrExitCanStartOver() {
        // §12.9: escputil never sends CloseChannel or Exit; the next run starts with entry and Init.
        EnginePair pair = peripheralWith(EPSON_CTRL);
        assertAnswer(pair, ENTRY, "00 00 00 08 01 00 C5 00");
        assertAnswer(pair, INIT_10, "00 00 00 09 01 00 80 00 10");
        assertAnswer(pair, OPEN_2_GP, OPENED_2_GP);
        assertAnswer(pair, "00 00 00 0D 01 00 04 02 02 00 80 FF FF", "00 00 00 0C 01 00 84 00 02 02 00 08");
        assertAnswer(pair, "02 02 00 0B 00 01 73 74 01 00 01", "");
        // Next run: NUL flood, entry, Init, the same channel again.
        byte[] nuls = new byte[16384];
        assertThat(RawWire.toPeripheral(pair, nuls).bytes()).isEmpty();
        assertAnswer(pair, ENTRY, "00 00 00 08 01 00 C5 00");
        Answer init = RawWire.toPeripheral(pair, INIT_10);
        assertThat(init.bytes()).isEqualTo(normalise("00 00 00 09 01 00 80 00 10"));
        assertThat(init.events()).contains(new EngineEvent.PeerReset(0x10));
        assertAnswer(pair, OPEN_2_GP, OPENED_2_GP);
        assertThat(pair.peripheralEvents).filteredOn(e -> e instanceof EngineEvent.ViolationDetected)
                .extracting(e -> ((EngineEvent.ViolationDetected) e).code()).containsOnly(ErrorCode.MALFORMED_PACKET);
    }

    @Test
    void hostEngineThatReInitsFindsThePeripheralReady() {
        EnginePair pair = EnginePair.standard().initialized(LinkEngineBadInputTest.PRINT);
        RawWire.assertDataStillFlows(pair, 2);
        long again = pair.host.init();
        pair.drive();
        assertThat(EnginePair.outcome(pair.hostEvents, again)).isEqualTo(new EngineEvent.InitDone(0x20));
        assertThat(pair.peripheralEvents).contains(new EngineEvent.PeerReset(0x20));
        assertThat(pair.peripheralEvents).anyMatch(e -> e instanceof EngineEvent.ChannelClosed c
                && c.key().equals(new ChannelKey(2, 2)));
        RawWire.assertDataStillFlows(pair, 2);
    }
}
