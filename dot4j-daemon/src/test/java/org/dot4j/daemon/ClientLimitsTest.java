package org.dot4j.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.dot4j.daemon.Dot4DeviceContract.assertStatus;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.dot4j.api.ChannelType;
import org.dot4j.api.CreateSocketData;
import org.dot4j.api.NtStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * One user cannot deny the device to others: sockets are limited per client, channels per user over all its
 * connections, and control clients together leave channels for the service ports.
 */
@Timeout(60)
class ClientLimitsTest {
    private static final int LIMIT = 4;

    @TempDir
    Path dir;
    DaemonFixture fixture;

    @BeforeEach
    void start() throws Exception {
        fixture = DaemonFixture.start(dir, List.of("ECHO=0"), c -> c.withLimits(new DaemonConfig.Limits(LIMIT, 16L << 20)));
    }

    @AfterEach
    void stop() throws IOException {
        fixture.close();
    }

    @Test
    void aClientGetsNoMoreThanTwoSocketsPerChannelItMayOpen() throws Exception {
        try (DaemonClient a = fixture.client()) {
            for (int i = 0; i < ClientQuota.SOCKETS_PER_CHANNEL * LIMIT; i++) {
                echoSocket(a);
            }
            assertStatus(() -> echoSocket(a), NtStatus.STATUS_INSUFFICIENT_RESOURCES);
        }
    }

    @Test
    void severalConnectionsOfOneUserShareOneChannelLimit() throws Exception {
        try (DaemonClient a = fixture.client(); DaemonClient b = fixture.client()) {
            int[] held = new int[LIMIT];
            for (int i = 0; i < LIMIT; i++) {
                held[i] = (i % 2 == 0 ? a : b).openChannel(echoSocket(i % 2 == 0 ? a : b), false);
            }
            int spare = echoSocket(b);
            assertStatus(() -> b.openChannel(spare, false), NtStatus.STATUS_INSUFFICIENT_RESOURCES);
            a.closeChannel(held[0]);
            assertThat(b.openChannel(spare, false)).isPositive();
        }
        // The connections ended: once the daemon has removed both sessions (it notices the close on its own
        // threads: wait for that, do not race it), their channels no longer count against the user.
        ClientIsolationTest.waitUntil(() -> {
            String report = fixture.daemon().statusReport();
            return !report.contains("#1 pid") && !report.contains("#2 pid");
        });
        try (DaemonClient c = fixture.client()) {
            for (int i = 0; i < LIMIT; i++) {
                c.openChannel(echoSocket(c), false);
            }
        }
    }

    @Test
    void controlClientsTogetherLeaveChannelsForServicePorts() throws Exception {
        SharedQuota quota = new SharedQuota(SharedQuota.CONTROL_CHANNELS + 1);
        for (int i = 0; i < SharedQuota.CONTROL_CHANNELS; i++) {
            quota.acquire("uid:user" + (i % 3), "dev");
        }
        assertStatus(() -> quota.acquire("uid:other", "dev"), NtStatus.STATUS_INSUFFICIENT_RESOURCES);
        quota.acquire("uid:other", "another-device");
        quota.release("uid:user0", "dev", 1);
        quota.acquire("uid:other", "dev");
        assertThat(quota.heldBy("uid:other")).isEqualTo(2);
    }

    private static int echoSocket(DaemonClient client) throws Exception {
        return client.createSocket(CreateSocketData.forSocket(TestPeripheral.ECHO, ChannelType.PACKET, 65536, 4096, 4096))
                .hostSocketId();
    }
}
