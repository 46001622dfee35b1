package org.dot4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged CUPS backend {@code dot4} (packaging/cups/dot4) in a real, private cupsd: a raw queue on
 * {@code dot4://daemon/mfp} to {@code dot4 sim} behind {@code dot4 serve}. Jobs are checked at the simulator's spool
 * by SHA-256, CUPS's job states with lpstat; discovery is the backend run without arguments, as lpinfo runs it.
 */
@Timeout(300)
class CupsBackendIT {

    private static final String QUEUE = "dot4b";

    @TempDir
    Path dir;
    PortRig rig;
    PrivateCupsd cups;

    @BeforeEach
    void start() throws Exception {
        rig = PortRig.start(dir.resolve("rig"));
        cups = PrivateCupsd.start(dir.resolve("cups"), Optional.of(Path.of(Dot4Process.command())));
        rig.awaitDevice("UP", 60);
        cups.addRawQueue(QUEUE, "dot4://daemon/mfp?socket=" + rig.control);
    }

    @AfterEach
    void stop() throws Exception {
        try {
            cups.close();
        } finally {
            rig.close();
        }
    }

    @Test
    void jobsAreCompletedSpooledIdenticalInOrderAndTheInkLevelsReachCups() throws Exception {
        List<String> expected = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        Random random = new Random(44);
        for (int size : new int[] {1, 16_384, 300_000}) {
            byte[] data = new byte[size];
            random.nextBytes(data);
            expected.add(PortRig.sha256(data));
            ids.add(cups.print(QUEUE, Files.write(dir.resolve("job-" + size), data)));
        }
        for (String id : ids) {
            cups.awaitCompleted(id, 120);
        }
        assertThat(spooledInOrder()).as("spool: %s", rig.spoolSummary()).isEqualTo(expected);
        String attributes = cups.printerAttributes(QUEUE);
        assertThat(attributes).as(attributes).containsPattern("marker-levels \\(1setOf integer\\) = 80,60,40,20")
                .contains("marker-names (1setOf nameWithoutLanguage) = black,cyan,magenta,yellow");
    }

    @Test
    void aJobWhileTheDeviceIsDownIsRetriedWithAClearMessageAndCompletesWhenItIsBack() throws Exception {
        rig.signalSim("KILL");
        rig.awaitDevice("DOWN", 30);
        byte[] data = new byte[200_000];
        new Random(5).nextBytes(data);
        String id = cups.print(QUEUE, Files.write(dir.resolve("held.job"), data));
        String job = "\\[Job " + id.substring(id.lastIndexOf('-') + 1) + "\\] ";
        cups.awaitLogged(job + "The printer is not reachable; the job will be retried: STATUS_DEVICE_NOT_CONNECTED"
                + ".*" + job + "Backend returned status 6 \\(retry job later\\)", 60);
        assertThat(cups.completed(id)).as("completed while the device is down").isFalse();
        rig.startSim();
        cups.awaitCompleted(id, 120);
        assertThat(spooledInOrder()).as("spool: %s", rig.spoolSummary()).containsExactly(PortRig.sha256(data));
    }

    @Test
    void discoveryListsTheDaemonsDevicesForLpinfo() throws Exception {
        Path runtime = Files.createDirectories(dir.resolve("runtime/dot4"));
        Files.createSymbolicLink(runtime.resolve("control.sock"), rig.control);
        Path backend = dir.resolve("cups/serverbin/backend/dot4");
        ProcessBuilder pb = new ProcessBuilder(backend.toString()).redirectError(dir.resolve("discovery.err").toFile());
        pb.environment().put("XDG_RUNTIME_DIR", runtime.getParent().toString());
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isZero();
        assertThat(out).contains("direct dot4://daemon/mfp \"Unknown\" \"dot4 daemon device mfp (unix:" + rig.deviceSocket + ")\"");
        // Run by cupsd as lpinfo asks, with no daemon of its own there: the scheme is offered for typing a URI.
        assertThat(cups.lpinfo()).contains("direct dot4\n");
    }

    /** Digests of the complete ({@code .prn}) jobs the device spooled, in the order it spooled them. */
    private List<String> spooledInOrder() throws Exception {
        List<String> digests = new ArrayList<>();
        for (Map.Entry<String, byte[]> job : rig.finishedJobs().entrySet()) {
            if (job.getKey().endsWith(".prn")) {
                digests.add(PortRig.sha256(job.getValue()));
            }
        }
        return digests;
    }
}
