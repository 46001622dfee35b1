package org.dot4j.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.dot4j.driver.MemoryLink;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reference §12, point by point: what a peripheral must do to satisfy real hosts, checked with exact bytes from a
 * raw host. §12.10 (make a tty raw before the host opens it) is about pty links, not about this simulator: the
 * tty link tests in dot4j-links cover raw mode.
 */
@Timeout(20)
class PeripheralRequirementsTest {

    @TempDir
    Path spool;
    SimulatedPeripheral sim;
    RawHost host;

    @AfterEach
    void stop() throws Exception {
        if (host != null) {
            host.close();
        }
        if (sim != null) {
            sim.close();
        }
    }

    private void start(SimConfig.Profile profile) {
        MemoryLink[] link = MemoryLink.pair("requirements");
        sim = SimulatedPeripheral.serveLink(link[1], SimConfig.defaults(spool).withProfile(profile));
        host = new RawHost(link[0]);
    }

    private void enterEpson() throws Exception {
        assertThat(host.exchange(Wire.ENTRY)).isEqualTo(RawHost.bytes(Wire.ENTRY_REPLY));
        assertThat(host.exchange(Wire.init(0x10))).isEqualTo(RawHost.bytes("00 00 00 09 01 00 80 00 10"));
    }

    @Test
    void s12_1_entryPacketIsAnsweredInAnyStateAndANulFloodBeforeItIsIgnored() throws Exception {
        start(SimConfig.Profile.EPSON);
        host.send(new byte[16 * 1024]); // d4lib's send_nulls
        assertThat(host.exchange(Wire.ENTRY)).as("before Init, after the flood").isEqualTo(RawHost.bytes(Wire.ENTRY_REPLY));
        assertThat(host.exchange(Wire.init(0x10))).isEqualTo(RawHost.bytes("00 00 00 09 01 00 80 00 10"));
        assertThat(host.exchange(Wire.ENTRY)).as("after Init").isEqualTo(RawHost.bytes(Wire.ENTRY_REPLY));
        assertThat(Wire.u8(host.exchange(Wire.openChannel10(EscputilHost.CTRL, 512, 512)), 7)).isZero();
        assertThat(host.exchange(Wire.ENTRY)).as("with a channel open").isEqualTo(RawHost.bytes(Wire.ENTRY_REPLY));
    }

    @Test
    void s12_2_initIsAnsweredWithTheRevisionAskedAndResetsChannels() throws Exception {
        start(SimConfig.Profile.EPSON);
        assertThat(host.exchange(Wire.init(0x20))).isEqualTo(RawHost.bytes("00 00 00 09 01 00 80 00 20"));
        assertThat(host.exchange(Wire.init(0x10))).isEqualTo(RawHost.bytes("00 00 00 09 01 00 80 00 10"));
        assertThat(Wire.u8(host.exchange(Wire.openChannel10(EscputilHost.CTRL, 512, 512)), 7)).isZero();

        assertThat(host.exchange(Wire.init(0x10))).isEqualTo(RawHost.bytes("00 00 00 09 01 00 80 00 10"));

        byte[] creditReply = host.exchange(Wire.creditRequest10(EscputilHost.CTRL));
        assertThat(Wire.u8(creditReply, 7)).as("result: channel not open (gone with the reset)").isEqualTo(0x08);
        byte[] reopened = host.exchange(Wire.openChannel10(EscputilHost.CTRL, 512, 512));
        assertThat(Wire.u8(reopened, 7)).as("result: success, not 'already open'").isZero();
    }

    @Test
    void s12_3_openChannelReplyHasTheLayoutOfTheRevision() throws Exception {
        start(SimConfig.Profile.EPSON);
        enterEpson();
        assertThat(host.exchange(Wire.openChannel10(EscputilHost.CTRL, 512, 512))).as("rev 0x10: 16 bytes")
                .isEqualTo(RawHost.bytes("00 00 00 10 01 00 81 00 02 02 02 00 02 00 00 00"));

        assertThat(host.exchange(Wire.init(0x20))).isEqualTo(RawHost.bytes("00 00 00 09 01 00 80 00 20"));
        byte[] reply = host.exchange(Wire.openChannel20(SocketLayout.EPSON_DATA, 16384, 16384, 0xFFFF));
        assertThat(reply).as("rev 0x20: 18 bytes").hasSize(18);
        assertThat(Arrays.copyOf(reply, 14)).isEqualTo(RawHost.bytes("00 00 00 12 01 00 81 00 40 40 40 00 40 00"));
        assertThat(Wire.u16(reply, 16)).as("credit granted to the host at bytes 16-17, as HPLIP reads it").isPositive();
    }

    @Test
    void s12_4_getSocketIdEchoesTheNameAndReturnsTheLayoutsSockets() throws Exception {
        start(SimConfig.Profile.HP);
        assertThat(host.exchange(Wire.init(0x20))).isEqualTo(RawHost.bytes("00 00 00 09 01 00 80 00 20"));
        Map<String, Integer> expected = new HashMap<>(Map.of("HP-MESSAGE", 1, "PRINT", 2, "EPSON-CTRL", 3, "HP-SCAN", 4, "ECHO", 6, "HP-STATUS", 9));
        for (var e : expected.entrySet()) {
            byte[] name = e.getKey().getBytes(StandardCharsets.US_ASCII);
            byte[] reply = host.exchange(Wire.getSocketId(e.getKey()));
            byte[] body = EscputilHost.concat(new byte[] {(byte) 0x89, 0x00, (byte) (int) e.getValue()}, name);
            assertThat(reply).as(e.getKey()).isEqualTo(Wire.packet(0, 0, 1, 0, body));
            assertThat(Wire.u16(reply, 2)).isEqualTo(9 + name.length);
        }
        byte[] unknown = host.exchange(Wire.getSocketId("NO-SUCH-SERVICE"));
        assertThat(Wire.u8(unknown, 7)).as("name to socket id failed").isEqualTo(0x0A);

        host.close();
        sim.close();
        start(SimConfig.Profile.EPSON);
        enterEpson();
        assertThat(Wire.u8(host.exchange(Wire.getSocketId("EPSON-CTRL")), 8)).isEqualTo(0x02);
        assertThat(Wire.u8(host.exchange(Wire.getSocketId("EPSON-DATA")), 8)).isEqualTo(0x40);
        assertThat(Wire.u8(host.exchange(Wire.getSocketId("PRINT")), 7)).as("no PRINT in the Epson profile").isEqualTo(0x0A);
    }

    @Test
    void s12_5_everyReplyCarriesCreditOneAndAnEpsonHostIsSentNothingUnsolicited() throws Exception {
        start(SimConfig.Profile.EPSON);
        EscputilHost.readInkLevels(host);
        // Let anything unsolicited the simulator might send arrive before the audit (escputil waits 10 s).
        host.send(Wire.credit(EscputilHost.CTRL, 1));
        host.next();

        int unansweredCommands = 0;
        int creditFromHost = 0;
        List<RawHost.Entry> timeline = host.timeline();
        for (RawHost.Entry e : timeline) {
            byte[] p = e.bytes();
            boolean transaction = p[0] == 0 && p[1] == 0;
            if (e.fromHost()) {
                if (transaction) {
                    unansweredCommands++;
                    if (p[6] == 0x03) {
                        creditFromHost += Wire.u16(p, 9);
                    }
                }
                continue;
            }
            if (transaction) {
                assertThat(Wire.u8(p, 6) & 0x80).as("a reply, never a command: %s", e).isEqualTo(0x80);
                assertThat(Wire.u8(p, 4)).as("header credit of %s", e).isEqualTo(1);
                assertThat(unansweredCommands).as("a host command waits for %s", e).isPositive();
                unansweredCommands--;
            } else {
                assertThat(creditFromHost).as("the host granted credit before %s", e).isPositive();
                creditFromHost--;
            }
        }
        assertThat(unansweredCommands).as("every command answered:\n" + host.timelineText()).isZero();
    }

    @Test
    void s12_6_creditRequestIsAnsweredWithCredit() throws Exception {
        start(SimConfig.Profile.EPSON);
        enterEpson();
        assertThat(Wire.u8(host.exchange(Wire.openChannel10(SocketLayout.EPSON_DATA, 4102, 512)), 7)).isZero();
        byte[] reply = host.exchange(Wire.creditRequest10(SocketLayout.EPSON_DATA));
        assertThat(reply).hasSize(12);
        assertThat(Arrays.copyOf(reply, 10)).isEqualTo(RawHost.bytes("00 00 00 0C 01 00 84 00 40 40"));
        assertThat(Wire.u16(reply, 10)).as("EC and ES fail on 0").isPositive();
    }

    @Test
    void s12_7_statusAnswerIsOnePacketWithinTheSizeSentOnlyAfterTheHostsCredit() throws Exception {
        start(SimConfig.Profile.EPSON);
        enterEpson();
        assertThat(Wire.u8(host.exchange(Wire.openChannel10(EscputilHost.CTRL, 512, 512)), 7)).isZero();
        assertThat(Wire.u16(host.exchange(Wire.creditRequest10(EscputilHost.CTRL)), 10)).isPositive();
        host.send(EscputilHost.STATUS_REQUEST);
        // Wait until the service has queued its answer: it must still wait for credit.
        Await.until(Duration.ofSeconds(5), () -> sim.channels().stream().anyMatch(c -> c.queuedToSend() > 0),
                () -> "an answer queued on " + sim.channels());
        assertThat(host.queued()).as("nothing sent before the host's credit").isZero();

        assertThat(host.exchange(Wire.credit(EscputilHost.CTRL, 1))).isEqualTo(RawHost.bytes("00 00 00 0A 01 00 83 00 02 02"));
        byte[] answer = host.next();
        assertThat(Arrays.copyOf(answer, 2)).containsExactly(2, 2);
        assertThat(answer.length).isLessThanOrEqualTo(512);
        assertThat(Wire.u8(answer, 5)).isEqualTo(0x01);
        assertThat(new String(answer, 6, 10, StandardCharsets.US_ASCII)).isEqualTo("@BDC ST2\r\n");
        assertThat(Wire.u16(answer, 2) - 6).as("the whole answer").isEqualTo(EpsonReplies.status(sim.epsonStatus()).length);
        List<RawHost.Entry> timeline = host.timeline();
        int creditAt = -1;
        for (int i = 0; i < timeline.size(); i++) {
            byte[] p = timeline.get(i).bytes();
            if (timeline.get(i).fromHost() && p[0] == 0 && p[6] == 0x03) {
                creditAt = i;
            }
            if (!timeline.get(i).fromHost() && p[0] != 0) {
                assertThat(creditAt).as("data only after the host's Credit:\n" + host.timelineText()).isBetween(0, i);
            }
        }
    }

    @Test
    void s12_8_openChannelForAnOpenChannelIsAnsweredAlreadyOpenAndTheChannelStillWorks() throws Exception {
        start(SimConfig.Profile.EPSON);
        enterEpson();
        assertThat(Wire.u8(host.exchange(Wire.openChannel10(EscputilHost.CTRL, 512, 512)), 7)).isZero();
        byte[] again = host.exchange(Wire.openChannel10(EscputilHost.CTRL, 512, 512));
        assertThat(again).as("the engine answers 6 (GP closes and retries; EC/ES take it as success)")
                .isEqualTo(RawHost.bytes("00 00 00 10 01 00 81 06 02 02 02 00 02 00 00 00"));
        assertThat(host.exchange(Wire.credit(EscputilHost.CTRL, 1))).isEqualTo(RawHost.bytes("00 00 00 0A 01 00 83 00 02 02"));
        assertThat(Wire.u16(host.exchange(Wire.creditRequest10(EscputilHost.CTRL)), 10)).isPositive();
        byte[] answer = host.exchange(EscputilHost.STATUS_REQUEST);
        assertThat(new String(answer, 6, 10, StandardCharsets.US_ASCII)).isEqualTo("@BDC ST2\r\n");
    }

    @Test
    void s12_9_aHostThatVanishesLeavesItsJobIncompleteAndTheNextHostStartsFresh() throws Exception {
        start(SimConfig.Profile.EPSON);
        enterEpson();
        assertThat(Wire.u8(host.exchange(Wire.openChannel10(SocketLayout.EPSON_DATA, 4102, 512)), 7)).isZero();
        assertThat(Wire.u16(host.exchange(Wire.creditRequest10(SocketLayout.EPSON_DATA)), 10)).isGreaterThanOrEqualTo(3);
        byte[] cut = new byte[3 * 4096];
        Arrays.fill(cut, (byte) 'A');
        for (int i = 0; i < 3; i++) {
            host.send(Wire.data(SocketLayout.EPSON_DATA, 0, 1, Arrays.copyOfRange(cut, i * 4096, (i + 1) * 4096)));
        }
        EscputilHost.readInkLevels(host); // the next host: escputil, which itself vanishes with channel 2 open

        assertThat(sim.awaitJobs(1, Duration.ofSeconds(5)).getFirst().getFileName().toString()).isEqualTo("job-0001.prn.incomplete");
        assertThat(Files.readAllBytes(sim.spooledJobs().getFirst())).isEqualTo(cut);

        enterEpson(); // and one more host, which prints a whole job on the channel the first one left open
        assertThat(Wire.u8(host.exchange(Wire.openChannel10(SocketLayout.EPSON_DATA, 4102, 512)), 7)).isZero();
        assertThat(Wire.u8(host.exchange(Wire.openChannel10(EscputilHost.CTRL, 512, 512)), 7)).isZero();
        assertThat(Wire.u16(host.exchange(Wire.creditRequest10(SocketLayout.EPSON_DATA)), 10)).isPositive();
        host.send(Wire.data(SocketLayout.EPSON_DATA, 0, 1, "whole job".getBytes(StandardCharsets.US_ASCII)));
        byte[] closeReply = host.exchange(Wire.packet(0, 0, 1, 0, 0x02, 0x40, 0x40, 0x00));
        assertThat(closeReply).isEqualTo(RawHost.bytes("00 00 00 0A 01 00 82 00 40 40"));
        Path whole = sim.awaitJobs(2, Duration.ofSeconds(5)).get(1);
        assertThat(whole.getFileName().toString()).isEqualTo("job-0002.prn");
        assertThat(Files.readString(whole)).isEqualTo("whole job");
    }
}
