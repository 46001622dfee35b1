package org.dot4j.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Service-port jobs that cannot be delivered whole, with real processes: while the device is down or lacks the
 * service, the port refuses connections (CUPS's socket backend keeps the job and retries); a device lost mid-job
 * makes the daemon reset the TCP connection instead of closing it normally, so a client that is still writing
 * (CUPS's socket backend) fails and a raw TCP client reads a reset, not an end of stream. A device that only
 * pauses finishes the job.
 */
@Timeout(300)
class ServicePortFailureIT {
    private static final ExecutorService BLOCKING = Executors.newThreadPerTaskExecutor(Thread.ofPlatform().daemon().factory());
    private static final String PRINT_CONNECTION = "(?s).*mfp:PRINT=\\d+, [1-9]\\d* connection.*";

    @TempDir
    Path dir;
    PortRig rig;

    @BeforeEach
    void start() throws Exception {
        rig = PortRig.start(dir);
        rig.awaitDevice("UP", 60);
    }

    @AfterEach
    void stop() throws Exception {
        rig.signalSimQuietly("CONT");
        rig.close();
    }

    @Test
    void aPortForAServiceTheDeviceLacksRefusesConnectionsAndSaysWhy() throws Exception {
        assertRefused(rig.faxPort);
        assertThat(statusText()).containsPattern("mfp:FAX=\\d+, 0 connection\\(s\\), refusing connections: device mfp has no service FAX");
        rig.close();
        assertThat(rig.daemon.stderrText()).contains("has no service FAX");
    }

    @Test
    void aPortRefusesConnectionsWhileTheDeviceIsDownAndListensWhenItIsBack() throws Exception {
        rig.signalSim("KILL");
        rig.awaitDevice("DOWN", 30);
        rig.awaitStatus("(?s).*mfp:PRINT=\\d+, 0 connection\\(s\\), refusing connections: device mfp is down.*", 30);
        assertRefused(rig.printPort);
        // A job that waited (as CUPS retries a refused connection) gets through once the device is back.
        rig.startSim();
        rig.awaitDevice("UP", 60);
        byte[] data = new byte[300_000];
        new Random(3).nextBytes(data);
        Process nc = rig.startNc(rig.printPort, Files.write(dir.resolve("after.job"), data), dir.resolve("after.out"));
        assertThat(PortRig.exitCode(nc)).isZero();
        assertThat(rig.awaitCompleteDigests(List.of(PortRig.sha256(data)), 60)).as("spool: %s", rig.spoolSummary())
                .containsExactly(PortRig.sha256(data));
    }

    @Test
    void cupsSocketBackendKeepsAJobWhileTheDeviceIsDown() throws Exception {
        rig.signalSim("KILL");
        rig.awaitDevice("DOWN", 30);
        byte[] data = new byte[200_000];
        new Random(4).nextBytes(data);
        Path out = dir.resolve("cups.out");
        Process cups = rig.startCupsBackend(rig.printPort, Files.write(dir.resolve("held.job"), data), out);
        // The backend does not report the job done while it cannot connect: it waits and retries.
        PortRig.awaitFile(out, "(?s).*(unavailable|in use|refused|busy).*", 60);
        assertThat(cups.isAlive()).as("backend still waiting; %s", Files.readString(out)).isTrue();
        rig.startSim();
        assertThat(PortRig.exitCode(cups)).as("CUPS backend exit; %s", Files.readString(out)).isZero();
        assertThat(rig.awaitCompleteDigests(List.of(PortRig.sha256(data)), 60)).as("spool: %s", rig.spoolSummary())
                .containsExactly(PortRig.sha256(data));
    }

    @Test
    void theDeviceKilledMidJobMakesCupsFailAndResetsARawClient() throws Exception {
        Path endless = fifo("endless.job");
        Process cups = rig.startCupsBackend(rig.printPort, endless, dir.resolve("cups.out"));
        Future<Throwable> feeder = BLOCKING.submit(() -> {
            try (OutputStream job = Files.newOutputStream(endless)) {
                return writeUntilFailure(job);
            }
        });
        try (Socket raw = new Socket(InetAddress.getLoopbackAddress(), rig.printPort)) {
            Future<Throwable> rawWriter = BLOCKING.submit(() -> writeUntilFailure(raw.getOutputStream()));
            rig.awaitStatus("(?s).*mfp:PRINT=\\d+, 2 connection.*", 60);
            rig.signalSim("KILL");
            assertThat(PortRig.exitCode(cups)).as("CUPS backend exit; %s", Files.readString(dir.resolve("cups.out"))).isNotZero();
            // Its next writes fail: the connection was reset (a normal close would have let them succeed).
            assertThat(rawWriter.get(60, TimeUnit.SECONDS)).isInstanceOf(SocketException.class);
        }
        assertThat(feeder.get(60, TimeUnit.SECONDS)).as("the backend stopped reading its job").isInstanceOf(IOException.class);
    }

    @Test
    void aDeviceLostMidJobIsLoggedWithTheBytesItTook() throws Exception {
        byte[] data = new byte[300_000];
        new Random(5).nextBytes(data);
        Process nc = rig.startNcFedByTest(rig.printPort, dir.resolve("nc.out"));
        OutputStream job = nc.getOutputStream();
        job.write(data);
        job.flush();
        // Every byte is on the device's side while the client still holds its job open.
        rig.awaitJobInProgress(data.length, 60);
        // TERM, not KILL: the simulator's orderly stop ends the channel before the link, which released the
        // connection's handle first, and the count was read through the handle (it said 0 bytes).
        rig.signalSim("TERM");
        String line = "resetting the TCP connection after 300000 of the 300000 bytes from the client went to the"
                + " device and 0 came back";
        assertThat(rig.daemon.awaitStderr(line, 30)).contains(line);
        try {
            job.close();
        } catch (IOException e) {
            // nc may have gone with the reset already: then its stdin is closed.
        }
        PortRig.exitCode(nc);
    }

    @Test
    void aDeviceStalledFifteenSecondsMidJobFinishesItWhole() throws Exception {
        byte[] data = new byte[8 << 20];
        new Random(15).nextBytes(data);
        Process nc = rig.startNcFedByTest(rig.printPort, dir.resolve("nc.out"));
        try (OutputStream job = nc.getOutputStream()) {
            job.write(data, 0, data.length / 2);
            rig.awaitStatus(PRINT_CONNECTION, 60);
            rig.signalSim("STOP");
            Thread.sleep(TimeUnit.SECONDS.toMillis(15));    // the stall itself, longer than the reply timeout
            rig.signalSim("CONT");
            job.write(data, data.length / 2, data.length - data.length / 2);
        }
        assertThat(PortRig.exitCode(nc)).isZero();
        assertThat(rig.awaitCompleteDigests(List.of(PortRig.sha256(data)), 60)).as("spool: %s", rig.spoolSummary())
                .containsExactly(PortRig.sha256(data));
    }

    @Test
    void killingOneClientMidJobLeavesTheOthersWhole() throws Exception {
        Process victim = rig.startNcFedByTest(rig.printPort, dir.resolve("victim.out"));
        OutputStream victimInput = victim.getOutputStream();
        victimInput.write(new byte[100_000]);
        victimInput.flush();
        rig.awaitStatus(PRINT_CONNECTION, 60);
        List<String> expected = new ArrayList<>();
        List<Process> others = new ArrayList<>();
        Random random = new Random(9);
        for (int i = 0; i < 5; i++) {
            byte[] data = new byte[200_000 + i];
            random.nextBytes(data);
            expected.add(PortRig.sha256(data));
            others.add(rig.startNc(rig.printPort, Files.write(dir.resolve("other" + i), data), dir.resolve("other" + i + ".out")));
        }
        victim.destroyForcibly();
        for (Process p : others) {
            assertThat(PortRig.exitCode(p)).isZero();
        }
        expected.sort(null);
        // The victim's zero bytes may be spooled too: a killed nc's FIN looks like the normal end of its job.
        assertThat(rig.awaitCompleteDigests(expected, 30, ServicePortFailureIT::allZero))
                .as("spool: %s", rig.spoolSummary()).isEqualTo(expected);
    }

    private static void assertRefused(int port) {
        assertThatThrownBy(() -> new Socket(InetAddress.getLoopbackAddress(), port).close())
                .isInstanceOf(ConnectException.class).hasMessageContaining("refused");
    }

    private String statusText() throws Exception {
        return Dot4Process.run(60, null, "ctl", "status", "--socket", rig.control.toString()).stdout();
    }

    private Path fifo(String name) throws Exception {
        Path path = dir.resolve(name);
        Process mkfifo = new ProcessBuilder("mkfifo", path.toString()).inheritIO().start();
        assertThat(mkfifo.waitFor(10, TimeUnit.SECONDS) && mkfifo.exitValue() == 0).as("mkfifo " + path).isTrue();
        return path;
    }

    /** Writes zeros to {@code out} until a write fails and returns that failure; the test's timeout bounds it. */
    private static Throwable writeUntilFailure(OutputStream out) {
        byte[] chunk = new byte[64 * 1024];
        try {
            while (true) {
                out.write(chunk);
            }
        } catch (IOException e) {
            return e;
        }
    }

    private static boolean allZero(byte[] job) {
        for (byte b : job) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }

}
