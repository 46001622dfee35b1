package org.dot4j.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.dot4j.api.ChannelType;
import org.dot4j.api.CreateSocketData;
import org.dot4j.driver.ByteLink;
import org.dot4j.driver.Dot4Host;
import org.dot4j.driver.HostClient;
import org.dot4j.driver.HostOptions;
import org.dot4j.driver.LinkListener;
import org.dot4j.driver.MemoryLink;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Nothing one connection or a passing listener failure does stops the simulator accepting hosts. */
@Timeout(30)
class SimAcceptLoopTest {

    @TempDir
    Path spool;

    private static void print(MemoryLink link, String text) throws Exception {
        try (Dot4Host host = Dot4Host.connect(link, HostOptions.defaults());
             HostClient client = host.newClient("printer")) {
            int socket = client.createSocket(CreateSocketData.forService("PRINT", ChannelType.STREAM, 65536, 4096, 4096)).hostSocketId();
            int handle = client.openChannel(socket, false);
            byte[] bytes = text.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            client.write(handle, bytes, 0, bytes.length, 5_000);
            client.closeChannel(handle);
        }
    }

    @Test
    void hostsThatConnectAndCloseAtOnceDoNotStopTheListener() throws Exception {
        MemoryListener listener = new MemoryListener();
        try (SimulatedPeripheral sim = SimulatedPeripheral.serve(listener, SimConfig.defaults(spool))) {
            for (int i = 0; i < 50; i++) {
                listener.connect().close(); // a port probe: connect, close, before the simulator even started the link
            }
            print(listener.connect(), "after the probes");
            Path job = sim.awaitJobs(1, Duration.ofSeconds(10)).getFirst();
            assertThat(Files.readString(job)).isEqualTo("after the probes");
        }
    }

    @Test
    void aListenerThatFailsForAWhileIsAcceptedFromAgain() throws Exception {
        MemoryListener memory = new MemoryListener();
        AtomicInteger failuresLeft = new AtomicInteger(6);
        LinkListener failing = new LinkListener() {
            @Override
            public ByteLink accept() throws IOException {
                int left = failuresLeft.getAndDecrement();
                if (left == 1) {
                    throw new IllegalStateException("a listener bug");
                }
                if (left > 1) {
                    throw new IOException("Too many open files");
                }
                return memory.accept();
            }

            @Override
            public String address() {
                return memory.address();
            }

            @Override
            public void close() {
                memory.close();
            }
        };
        try (SimulatedPeripheral sim = SimulatedPeripheral.serve(failing, SimConfig.defaults(spool))) {
            print(memory.connect(), "after the failures");
            assertThat(Files.readString(sim.awaitJobs(1, Duration.ofSeconds(10)).getFirst())).isEqualTo("after the failures");
            assertThat(failuresLeft.get()).isNegative();
        }
    }
}
