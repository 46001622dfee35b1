package org.dot4j.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.dot4j.daemon.Dot4DeviceContract.assertStatus;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.dot4j.api.ChannelType;
import org.dot4j.api.CreateSocketData;
import org.dot4j.api.IoResult;
import org.dot4j.api.NtStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A device that goes away is reported down, requests fail cleanly, and it is reconnected when it returns. */
@Timeout(30)
class ReconnectTest {

    @TempDir
    Path dir;

    @Test
    void aLostDeviceIsShownDownThenReconnectedForNewClients() throws Exception {
        DaemonConfig.Backoff quick = new DaemonConfig.Backoff(Duration.ofMillis(50), Duration.ofMillis(200));
        try (DaemonFixture fixture = DaemonFixture.start(dir, List.of(), c -> c.withBackoff(quick));
             DaemonClient before = fixture.client()) {
            DeviceSupervisor device = fixture.daemon().device(DaemonFixture.DEVICE);
            int socket = before.createSocket(CreateSocketData.forSocket(TestPeripheral.ECHO, ChannelType.PACKET, 65536, 4096, 4096))
                    .hostSocketId();

            fixture.unplug();
            assertThat(device.awaitDown(Duration.ofSeconds(5))).isTrue();
            // Between attempts the report names the next one; during an attempt it has none: wait for the former.
            ClientIsolationTest.waitUntil(() -> fixture.daemon().statusReport().matches("(?s).*DOWN since.*next attempt in.*")
                    || !device.state().host().isEmpty());
            assertThat(device.state().reconnects()).isZero();
            assertStatus(() -> before.openChannel(socket, false), NtStatus.STATUS_DEVICE_NOT_CONNECTED);

            fixture.plugIn();
            assertThat(device.awaitUp(Duration.ofSeconds(5))).isTrue();
            assertThat(device.state().reconnects()).isEqualTo(1);
            assertThat(fixture.daemon().statusReport()).contains("UP since").contains("reconnects 1");
            try (DaemonClient after = fixture.client()) {
                int handle = after.openChannel(after.createSocket(CreateSocketData.forSocket(TestPeripheral.ECHO,
                        ChannelType.PACKET, 65536, 4096, 4096)).hostSocketId(), false);
                after.write(handle, new byte[] {42}, 0, 1, 5000);
                assertThat(after.read(handle, new byte[4], 0, 4, 5000)).isEqualTo(IoResult.success(1));
            }
        }
    }
}
