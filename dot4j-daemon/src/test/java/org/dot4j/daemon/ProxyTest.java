package org.dot4j.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import org.dot4j.api.ChannelType;
import org.dot4j.api.CreateSocketData;
import org.dot4j.api.IoResult;
import org.dot4j.driver.Dot4Host;
import org.dot4j.driver.HostClient;
import org.dot4j.driver.HostOptions;
import org.dot4j.links.LinkUri;
import org.dot4j.links.Links;
import org.dot4j.sim.EscputilHost;
import org.dot4j.sim.RawHost;
import org.dot4j.sim.SimConfig;
import org.dot4j.sim.SimulatedPeripheral;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Programs that speak 1284.4 themselves, through a proxy on a Unix socket, to an Epson-profile {@code dot4 sim}
 * behind the daemon: Gutenprint's d4lib conversation byte for byte, print jobs checked at the simulator's spool,
 * several programs at once, a program's re-Init and disappearance, and the device going down.
 */
@Timeout(60)
class ProxyTest {

    private static final List<SimConfig.Ink> INKS = List.of(new SimConfig.Ink(SimConfig.Ink.BLACK, 71),
            new SimConfig.Ink(SimConfig.Ink.CYAN, 52), new SimConfig.Ink(SimConfig.Ink.MAGENTA, 33),
            new SimConfig.Ink(SimConfig.Ink.YELLOW, 14));

    @TempDir
    Path dir;
    SimulatedPeripheral sim;
    Dot4Daemon daemon;
    final List<AutoCloseable> programs = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        Path device = dir.resolve("device.sock");
        sim = SimulatedPeripheral.serve(Links.listen(LinkUri.parse("unix-listen:" + device)),
                SimConfig.defaults(dir.resolve("spool")).withProfile(SimConfig.Profile.EPSON)
                        .withEpsonStatus(new SimConfig.EpsonStatus(SimConfig.PrinterState.READY, 0, INKS)));
        DaemonConfig config = DaemonConfig.fromArgs(List.of("mfp=unix:" + device), List.of(), Optional.empty(),
                Optional.of(dir.resolve("control.sock"))).plusProxies(List.of("mfp=unix-listen:" + proxyPath()));
        daemon = Dot4Daemon.start(config);
        assertThat(daemon.awaitConnected("mfp", Duration.ofSeconds(10))).isTrue();
        assertThat(daemon.proxyAddresses()).containsExactly("unix:" + proxyPath());
    }

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable p : programs) {
            p.close();
        }
        daemon.close();
        sim.close();
    }

    @Test
    void d4libsConversationReadsTheDevicesInkLevelsByteForByteForTwoProgramsAtOnce() throws Exception {
        RawHost first = rawProgram();
        RawHost second = rawProgram();
        CompletableFuture<byte[]> other = CompletableFuture.supplyAsync(() -> readInk(second));

        byte[] payload = EscputilHost.readInkLevels(first);

        assertThat(EscputilHost.inkEntries(payload)).containsExactly(
                new int[] {0, 0, 71}, new int[] {3, 1, 52}, new int[] {4, 2, 33}, new int[] {5, 3, 14});
        assertThat(other.get()).isEqualTo(payload);
        // escputil exits without CloseChannel: its channel stays open on the device until the program starts over.
        assertThat(EscputilHost.inkEntries(EscputilHost.readInkLevels(first))).hasSize(4);
        assertThat(daemon.statusReport()).contains("proxy for mfp on unix:" + proxyPath() + ", 2 program(s)");
    }

    @Test
    void jobsOfEdgeSizesArriveWholeBesideAnotherProgramsOpenChannel() throws Exception {
        HostClient echo = program("echo");
        int echoHandle = echo.openChannel(echo.createSocket(CreateSocketData.forService("ECHO", ChannelType.PACKET,
                0, 0, 0)).hostSocketId(), false);
        HostClient jobs = program("jobs");
        int[] sizes = {0, 1, 16377, 16378, 16379, 65536, 1_000_000};
        Random random = new Random(42);
        List<String> sent = new ArrayList<>();
        for (int size : sizes) {
            byte[] job = new byte[size];
            random.nextBytes(job);
            int socket = jobs.createSocket(CreateSocketData.forService("EPSON-DATA", ChannelType.STREAM, 0, 0, 0))
                    .hostSocketId();
            int handle = jobs.openChannel(socket, false);
            assertThat(jobs.write(handle, job, 0, job.length, 10_000).bytes()).isEqualTo(size);
            jobs.closeChannel(handle);
            jobs.destroySocket(socket);
            if (size > 0) {
                sent.add(sha256(job));
            }
        }

        // A channel that carried no data leaves no job file (issue 9): six jobs. Not checked in order: the proxy
        // closes job N on the device before it opens job N+1, but the simulator names and publishes each job on its
        // own service thread, so its spool can swap two small jobs (seen 1 in 8 runs on a loaded machine).
        List<String> spooled = new ArrayList<>();
        for (Path job : sim.awaitJobs(sent.size(), Duration.ofSeconds(20))) {
            assertThat(job.getFileName().toString()).endsWith(".prn");
            spooled.add(sha256(Files.readAllBytes(job)));
        }
        assertThat(spooled).containsExactlyInAnyOrderElementsOf(sent);
        assertThat(echoMessage(echo, echoHandle, "still here")).isEqualTo("still here");
    }

    @Test
    void aProgramThatStartsOverOrVanishesEndsOnlyItsOwnChannels() throws Exception {
        HostClient echo = program("echo");
        int echoHandle = echo.openChannel(echo.createSocket(CreateSocketData.forService("ECHO", ChannelType.PACKET,
                0, 0, 0)).hostSocketId(), false);
        RawHost restarting = rawProgram();
        EscputilHost.readInkLevels(restarting);
        EscputilHost.readInkLevels(restarting);            // Init again: resets that program's channel only
        assertThat(echoMessage(echo, echoHandle, "after a re-Init")).isEqualTo("after a re-Init");

        restarting.close();                                 // vanishes with its control channel open
        awaitDeviceChannels(1);                             // only the echo program's channel is left on the device
        assertThat(echoMessage(echo, echoHandle, "after a vanished program")).isEqualTo("after a vanished program");
    }

    @Test
    void theDeviceGoingDownEndsTheProgramsLink() throws Exception {
        Dot4Host programHost = Dot4Host.connect(Links.connect(LinkUri.parse("unix:" + proxyPath()), Duration.ofSeconds(5)),
                HostOptions.defaults());
        programs.add(programHost);
        HostClient echo = programHost.newClient("echo");
        int handle = echo.openChannel(echo.createSocket(CreateSocketData.forService("ECHO", ChannelType.PACKET,
                0, 0, 0)).hostSocketId(), false);
        assertThat(echoMessage(echo, handle, "up")).isEqualTo("up");

        sim.close();

        assertThat(programHost.awaitTerminated(Duration.ofSeconds(20))).as("the program's link ended").isTrue();
    }

    private Path proxyPath() {
        return dir.resolve("proxy.sock");
    }

    private RawHost rawProgram() throws Exception {
        RawHost host = new RawHost(Links.connect(LinkUri.parse("unix:" + proxyPath()), Duration.ofSeconds(5)));
        programs.add(host);
        return host;
    }

    private static byte[] readInk(RawHost host) {
        try {
            return EscputilHost.readInkLevels(host);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A dot4j host as a program on the proxy, with one client. */
    private HostClient program(String name) throws Exception {
        Dot4Host host = Dot4Host.connect(Links.connect(LinkUri.parse("unix:" + proxyPath()), Duration.ofSeconds(5)),
                HostOptions.defaults());
        programs.add(host);
        return host.newClient(name);
    }

    private static String echoMessage(HostClient client, int handle, String text) throws Exception {
        byte[] message = text.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        client.write(handle, message, 0, message.length, 5_000);
        byte[] back = new byte[message.length];
        int got = 0;
        while (got < back.length) {
            IoResult r = client.read(handle, back, got, back.length - got, 5_000);
            assertThat(r.bytes()).as("echo answered").isPositive();
            got += r.bytes();
        }
        return new String(back, java.nio.charset.StandardCharsets.US_ASCII);
    }

    private void awaitDeviceChannels(int count) throws InterruptedException {
        Dot4Host device = daemon.device("mfp").host().orElseThrow();
        long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (device.channels().size() != count) {
            assertThat(System.nanoTime() - end).as("device channels %s, expected %d", device.channels(), count).isNegative();
            Thread.sleep(20);
        }
    }

    private static String sha256(byte[] data) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    }
}
