package org.dot4j.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeoutException;
import org.dot4j.api.ChannelType;
import org.dot4j.api.CreateSocketData;
import org.dot4j.driver.Dot4Host;
import org.dot4j.driver.HostClient;
import org.dot4j.driver.HostOptions;
import org.dot4j.driver.MemoryLink;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The simulator's life: serving a listener's hosts in turn and at once, spool numbering, close. */
@Timeout(20)
class SimulatedPeripheralTest {

    static final long TIMEOUT = 5_000;

    @TempDir
    Path spool;

    private static int openPrint(HostClient client) throws Exception {
        int socket = client.createSocket(CreateSocketData.forService("PRINT", ChannelType.STREAM, 65536, 4096, 4096)).hostSocketId();
        return client.openChannel(socket, false);
    }

    private static void print(MemoryLink link, String text) throws Exception {
        try (Dot4Host host = Dot4Host.connect(link, HostOptions.defaults())) {
            HostClient client = host.newClient("printer");
            int handle = openPrint(client);
            byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
            client.write(handle, bytes, 0, bytes.length, TIMEOUT);
            client.closeChannel(handle);
        }
    }

    @Test
    void serveTakesTheNextHostAfterOneWhoseLinkDroppedAndKeepsItsCutJob() throws Exception {
        MemoryListener listener = new MemoryListener();
        try (SimulatedPeripheral sim = SimulatedPeripheral.serve(listener, SimConfig.defaults(spool))) {
            assertThat(sim.address()).isEqualTo("mem:listener");
            MemoryLink first = listener.connect();
            Dot4Host host = Dot4Host.connect(first, HostOptions.defaults());
            HostClient client = host.newClient("vanishing");
            int handle = openPrint(client);
            byte[] part = new byte[10_000];
            Arrays.fill(part, (byte) 'x');
            client.write(handle, part, 0, part.length, TIMEOUT);
            // write() only queued it: wait until the simulator spooled every byte before the cable is pulled
            Path part0 = spool.resolve("job-0001.prn" + Spool.PART_SUFFIX);
            Await.until(Duration.ofSeconds(5), () -> size(part0) == part.length, () -> part0 + " has " + size(part0) + " bytes");
            first.close(); // the host process died: no CloseChannel, no Exit
            host.close();

            Path cut = sim.awaitJobs(1, Duration.ofSeconds(5)).getFirst();
            assertThat(cut.getFileName().toString()).isEqualTo("job-0001.prn.incomplete");
            byte[] kept = Files.readAllBytes(cut);
            assertThat(Arrays.equals(kept, part)).as("all %d bytes the host sent before it died, got %d", part.length, kept.length).isTrue();

            print(listener.connect(), "second host");
            Path whole = sim.awaitJobs(2, Duration.ofSeconds(5)).get(1);
            assertThat(whole.getFileName().toString()).isEqualTo("job-0002.prn");
            assertThat(Files.readString(whole)).isEqualTo("second host");
        }
    }

    @Test
    void serveTakesSeveralHostsAtOnce() throws Exception {
        MemoryListener listener = new MemoryListener();
        try (SimulatedPeripheral sim = SimulatedPeripheral.serve(listener, SimConfig.defaults(spool))) {
            MemoryLink a = listener.connect();
            MemoryLink b = listener.connect();
            Thread other = Thread.ofVirtual().start(() -> {
                try {
                    print(b, "from b");
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
            });
            print(a, "from a");
            other.join();

            List<Path> jobs = sim.awaitJobs(2, Duration.ofSeconds(5));
            assertThat(jobs.stream().map(p -> readQuietly(p)).toList()).containsExactlyInAnyOrder("from a", "from b");
        }
    }

    @Test
    void jobNumbersContinueFromTheFilesAlreadyInTheSpool() throws Exception {
        Files.writeString(spool.resolve("job-0007.prn"), "old");
        Files.writeString(spool.resolve("job-0009.prn.incomplete"), "old");
        MemoryLink[] link = MemoryLink.pair("numbering");
        try (SimulatedPeripheral sim = SimulatedPeripheral.serveLink(link[1], SimConfig.defaults(spool))) {
            print(link[0], "new");
            assertThat(sim.awaitJobs(1, Duration.ofSeconds(5))).containsExactly(spool.resolve("job-0010.prn"));
        }
    }

    @Test
    void awaitJobsGivesUpAfterItsTimeoutNamingWhatArrived() {
        MemoryLink[] link = MemoryLink.pair("idle");
        try (SimulatedPeripheral sim = SimulatedPeripheral.serveLink(link[1], SimConfig.defaults(spool))) {
            assertThatThrownBy(() -> sim.awaitJobs(1, Duration.ofMillis(50)))
                    .isInstanceOf(TimeoutException.class).hasMessageContaining("only 0 of 1 print jobs");
        }
    }

    @Test
    void closeEndsEveryThreadEvenWithChannelsOpen() throws Exception {
        MemoryListener listener = new MemoryListener();
        SimulatedPeripheral sim = SimulatedPeripheral.serve(listener,
                SimConfig.defaults(spool).withNotifier(SimConfig.Notifier.every(Duration.ofMillis(50))));
        Dot4Host host = Dot4Host.connect(listener.connect(), HostOptions.defaults());
        HostClient client = host.newClient("open");
        openPrint(client);
        int echo = client.createSocket(CreateSocketData.forService("ECHO", ChannelType.PACKET, 65536, 4096, 4096)).hostSocketId();
        client.openChannel(echo, false);

        sim.close();
        host.close();

        assertThat(liveThreadNames()).noneMatch(n -> n.startsWith("sim-") || n.contains("mem:listener"));
        assertThat(sim.spooledJobs()).as("the open PRINT channel carried no data: no job").isEmpty();
    }

    /** Names of every live thread, virtual ones included (a JSON thread dump lists them). */
    private Iterable<String> liveThreadNames() throws Exception {
        Path dump = spool.resolve("threads.json");
        ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class)
                .dumpThreads(dump.toString(), HotSpotDiagnosticMXBean.ThreadDumpFormat.JSON);
        return Arrays.stream(Files.readString(dump).split("\"name\": \""))
                .skip(1).map(s -> s.substring(0, s.indexOf('"'))).toList();
    }

    private static long size(Path p) {
        try {
            return Files.size(p);
        } catch (java.io.IOException e) {
            return -1;
        }
    }

    private static String readQuietly(Path p) {
        try {
            return Files.readString(p);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
