package org.dot4j.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.dot4j.driver.MemoryLink;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Whole conversations of real hosts, replayed byte for byte by a raw host. */
@Timeout(20)
class HostConversationTest {

    @TempDir
    Path spool;
    SimulatedPeripheral sim;
    RawHost host;

    @AfterEach
    void stop() throws Exception {
        host.close();
        sim.close();
    }

    private void start(SimConfig config) {
        MemoryLink[] link = MemoryLink.pair("conversation");
        sim = SimulatedPeripheral.serveLink(link[1], config);
        host = new RawHost(link[0]);
    }

    @Test
    void escputilReadsTheConfiguredInkLevelsWithTheBytesOfSection4_3() throws Exception {
        SimConfig.EpsonStatus status = new SimConfig.EpsonStatus(SimConfig.PrinterState.READY, 0, List.of(
                new SimConfig.Ink(SimConfig.Ink.BLACK, 80), new SimConfig.Ink(SimConfig.Ink.CYAN, 60),
                new SimConfig.Ink(SimConfig.Ink.MAGENTA, 40), new SimConfig.Ink(SimConfig.Ink.YELLOW, 20)));
        start(SimConfig.defaults(spool).withProfile(SimConfig.Profile.EPSON).withEpsonStatus(status));

        byte[] payload = EscputilHost.readInkLevels(host);

        // escputil names entries by the first byte (0 Black, 3 Cyan, 4 Magenta, 5 Yellow) and prints the third.
        assertThat(EscputilHost.inkEntries(payload)).containsExactly(
                new int[] {0, 0, 80}, new int[] {3, 1, 60}, new int[] {4, 2, 40}, new int[] {5, 3, 20});
    }

    @Test
    void escputilSeesAChangedStatusOnItsNextRun() throws Exception {
        start(SimConfig.defaults(spool).withProfile(SimConfig.Profile.EPSON));
        EscputilHost.readInkLevels(host);
        sim.setEpsonStatus(new SimConfig.EpsonStatus(SimConfig.PrinterState.BUSY, 0,
                List.of(new SimConfig.Ink(SimConfig.Ink.BLACK, 5))));

        byte[] payload = EscputilHost.readInkLevels(host); // a second run on the same link, as after Q-G9

        assertThat(EscputilHost.inkEntries(payload)).containsExactly(new int[] {0, 0, 5});
        assertThat(payload[12]).as("status field").isEqualTo((byte) EpsonReplies.FIELD_STATUS);
        assertThat(payload[14]).as("busy").isEqualTo((byte) SimConfig.PrinterState.BUSY.code());
    }

    @Test
    void hplipLikeHostPrintsOnCreditFromTheOpenReplyAndPushedCreditWithoutEverAsking() throws Exception {
        start(SimConfig.defaults(spool));
        assertThat(host.exchange(Wire.init(0x20))).isEqualTo(RawHost.bytes("00 00 00 09 01 00 80 00 20"));
        assertThat(Wire.u8(host.exchange(Wire.getSocketId("PRINT")), 8)).isEqualTo(SocketLayout.PRINT);
        byte[] open = host.exchange(Wire.openChannel20(SocketLayout.PRINT, 16384, 16384, 0xFFFF));
        assertThat(open).hasSize(18);
        assertThat(Wire.u8(open, 7)).isZero();
        int credit = Wire.u16(open, 16);
        assertThat(credit).as("credit in the OpenChannelReply").isPositive();

        int payloadSize = 16384 - 6;
        int packets = 40;
        byte[] job = new byte[packets * payloadSize];
        new Random(4).nextBytes(job);
        int pushed = 0;
        for (int sent = 0; sent < packets; ) {
            if (credit > 0) {
                host.send(Wire.data(SocketLayout.PRINT, 0, 0, Arrays.copyOfRange(job, sent * payloadSize, (sent + 1) * payloadSize)));
                sent++;
                credit--;
                continue;
            }
            credit += takePushedCredit(host.next(Duration.ofSeconds(5)));
            pushed++;
        }
        host.send(Wire.closeChannel20(SocketLayout.PRINT));
        byte[] p;
        while ((p = host.next())[6] == 0x03) {
            takePushedCredit(p); // Credit commands still on their way when the close went out
        }
        assertThat(p).isEqualTo(RawHost.bytes("00 00 00 0A 01 00 82 00 02 02"));

        assertThat(pushed).as("the simulator pushed Credit commands").isPositive();
        Path spooled = sim.awaitJobs(1, Duration.ofSeconds(5)).getFirst();
        assertThat(spooled.getFileName().toString()).isEqualTo("job-0001.prn");
        assertThat(Files.readAllBytes(spooled)).isEqualTo(job);
    }

    /** Answers a Credit command from the simulator as HPLIP does; returns the credit it granted. */
    private int takePushedCredit(byte[] p) throws Exception {
        assertThat(p[0] == 0 && p[1] == 0 && p[6] == 0x03).as("a Credit command, got " + RawHost.hex(p)).isTrue();
        assertThat(Arrays.copyOfRange(p, 7, 9)).containsExactly(SocketLayout.PRINT, SocketLayout.PRINT);
        host.send(Wire.creditReply(p[7], p[8]));
        return Wire.u16(p, 9);
    }
}
