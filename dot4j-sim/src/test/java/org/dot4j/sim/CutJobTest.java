package org.dot4j.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.dot4j.driver.MemoryLink;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Only the host's CloseChannel makes a job whole; every other end of its channel spools it as incomplete. */
@Timeout(20)
class CutJobTest {

    @TempDir
    Path spool;
    SimulatedPeripheral sim;
    RawHost host;

    @BeforeEach
    void start() throws Exception {
        MemoryLink[] link = MemoryLink.pair("cut");
        sim = SimulatedPeripheral.serveLink(link[1], SimConfig.defaults(spool));
        host = new RawHost(link[0]);
        assertThat(host.exchange(Wire.init(0x20))).isEqualTo(RawHost.bytes("00 00 00 09 01 00 80 00 20"));
        byte[] open = host.exchange(Wire.openChannel20(SocketLayout.PRINT, 16384, 16384, 0xFFFF));
        assertThat(Wire.u8(open, 7)).isZero();
        assertThat(Wire.u16(open, 16)).as("credit for the data packet").isPositive();
        host.send(Wire.data(SocketLayout.PRINT, 0, 0, "half a job".getBytes(StandardCharsets.US_ASCII)));
    }

    @AfterEach
    void stop() throws Exception {
        host.close();
        sim.close();
    }

    @Test
    void aHostThatExitsWithItsChannelOpenLeavesAnIncompleteJob() throws Exception {
        assertThat(host.exchange(Wire.exit())).isEqualTo(RawHost.bytes("00 00 00 08 01 00 88 00"));
        Path job = sim.awaitJobs(1, Duration.ofSeconds(5)).getFirst();
        assertThat(job.getFileName().toString()).isEqualTo("job-0001.prn.incomplete");
        assertThat(Files.readString(job)).isEqualTo("half a job");
    }

    @Test
    void aHostThatClosesItsChannelLeavesAWholeJob() throws Exception {
        byte[] reply;
        while ((reply = host.exchange(Wire.closeChannel20(SocketLayout.PRINT)))[6] == 0x03) {
            host.send(Wire.creditReply(reply[7], reply[8])); // a Credit the simulator pushed meanwhile
        }
        Path job = sim.awaitJobs(1, Duration.ofSeconds(5)).getFirst();
        assertThat(job.getFileName().toString()).isEqualTo("job-0001.prn");
        assertThat(Files.readString(job)).isEqualTo("half a job");
    }
}
