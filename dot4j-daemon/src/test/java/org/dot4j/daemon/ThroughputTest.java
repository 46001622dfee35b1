package org.dot4j.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.dot4j.api.ChannelType;
import org.dot4j.api.CreateSocketData;
import org.dot4j.api.IoResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sampler keeps what each device's and each open channel's byte counters grew by between two samples; the
 * samples are taken by the test, so each holds exactly the traffic in between.
 */
@Timeout(30)
class ThroughputTest {

    @TempDir
    Path dir;

    @Test
    void eachSampleHoldsTheBytesMovedSinceThePreviousOneForTheDeviceAndItsChannel() throws Exception {
        try (DaemonFixture fixture = DaemonFixture.start(dir, List.of());
             DaemonClient client = fixture.client();
             Throughput rates = new Throughput(List.of(fixture.daemon().device(DaemonFixture.DEVICE)))) {
            rates.sample();
            int handle = client.openChannel(client.createSocket(CreateSocketData.forSocket(TestPeripheral.ECHO,
                    ChannelType.PACKET, 65536, 4096, 4096)).hostSocketId(), false);
            long channelId = onlyChannel(fixture);
            echo(client, handle, 3000);
            rates.sample();
            echo(client, handle, 1000);
            echo(client, handle, 500);
            rates.sample();

            RateRing.Samples channel = rates.channel(DaemonFixture.DEVICE, channelId).orElseThrow();
            assertThat(channel.sent()).containsExactly(3000, 1500);
            assertThat(channel.received()).containsExactly(3000, 1500);
            RateRing.Samples device = rates.device(DaemonFixture.DEVICE);
            assertThat(device.sent()).endsWith(3000, 1500);
            assertThat(device.received()).endsWith(3000, 1500);

            client.closeChannel(handle);
            rates.sample();
            assertThat(rates.channel(DaemonFixture.DEVICE, channelId)).as("a closed channel's ring is dropped").isEmpty();
            assertThat(rates.device(DaemonFixture.DEVICE).sent()).endsWith(3000, 1500, 0);
        }
    }

    @Test
    void aDeviceThatIsDownAddsEmptySamplesAndStartsFromZeroWhenItIsBack() throws Exception {
        DaemonConfig.Backoff quick = new DaemonConfig.Backoff(Duration.ofMillis(20), Duration.ofMillis(50));
        try (DaemonFixture fixture = DaemonFixture.start(dir, List.of(), c -> c.withBackoff(quick))) {
            DeviceSupervisor device = fixture.daemon().device(DaemonFixture.DEVICE);
            try (Throughput rates = new Throughput(List.of(device))) {
                try (DaemonClient client = fixture.client()) {
                    int handle = client.openChannel(client.createSocket(CreateSocketData.forSocket(TestPeripheral.ECHO,
                            ChannelType.PACKET, 65536, 4096, 4096)).hostSocketId(), false);
                    echo(client, handle, 700);
                }
                rates.sample();
                fixture.unplug();
                assertThat(device.awaitDown(Duration.ofSeconds(5))).isTrue();
                rates.sample();
                fixture.plugIn();
                assertThat(device.awaitUp(Duration.ofSeconds(5))).isTrue();
                rates.sample();
                assertThat(rates.device(DaemonFixture.DEVICE).sent()).containsExactly(700, 0, 0);
            }
        }
    }

    private static long onlyChannel(DaemonFixture fixture) {
        return fixture.daemon().device(DaemonFixture.DEVICE).host().orElseThrow().channels().getFirst().channelId();
    }

    /** Sends one message of {@code size} bytes on the echo channel and reads it back whole. */
    private static void echo(DaemonClient client, int handle, int size) throws Exception {
        byte[] message = new byte[size];
        assertThat(client.write(handle, message, 0, size, 5000)).isEqualTo(IoResult.success(size));
        byte[] back = new byte[size];
        int got = 0;
        while (got < size) {
            got += client.read(handle, back, got, size - got, 5000).bytes();
        }
    }
}
