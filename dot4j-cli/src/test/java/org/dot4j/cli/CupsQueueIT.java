package org.dot4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real cupsd queue on {@code socket://} to the daemon's PRINT service port, as users set one up, with
 * {@code dot4 sim} behind it: jobs are "completed" only when the device spooled them whole, and a device that is
 * down or lost mid-job leaves the job queued until the device is back and has it all.
 */
@Timeout(300)
class CupsQueueIT {
    private static final String QUEUE = "dot4q";

    @TempDir
    Path dir;
    PortRig rig;
    PrivateCupsd cups;

    @BeforeEach
    void start() throws Exception {
        rig = PortRig.start(dir.resolve("rig"));
        cups = PrivateCupsd.start(dir.resolve("cups"));
        rig.awaitDevice("UP", 60);
        cups.addRawQueue(QUEUE, "socket://127.0.0.1:" + rig.printPort);
    }

    @AfterEach
    void stop() throws Exception {
        rig.signalSimQuietly("CONT");
        try {
            cups.close();
        } finally {
            rig.close();
        }
    }

    @Test
    void jobsOfEdgeSizesAreCompletedAndSpooledIdenticalInOrder() throws Exception {
        List<String> expected = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        Random random = new Random(1284);
        for (int size : new int[] {1, 4095, 4096, 4097, 65_535, 300_000, 2_000_000}) {
            byte[] data = new byte[size];
            random.nextBytes(data);
            expected.add(PortRig.sha256(data));
            ids.add(cups.print(QUEUE, Files.write(dir.resolve("job-" + size), data)));
        }
        for (String id : ids) {
            cups.awaitCompleted(id, 120);
        }
        assertThat(spooledInOrder()).as("spool: %s", rig.spoolSummary()).isEqualTo(expected);
    }

    @Test
    void aJobWhileTheDeviceIsDownWaitsWithAClearMessageAndCompletesWhenItIsBack() throws Exception {
        rig.signalSim("KILL");
        rig.awaitDevice("DOWN", 30);
        byte[] data = new byte[200_000];
        new Random(2).nextBytes(data);
        String id = cups.print(QUEUE, Files.write(dir.resolve("held.job"), data));
        cups.awaitQueueOrJobState(QUEUE, id, "(?s).*unavailable.*", 60);
        assertThat(cups.completed(id)).as("completed while the device is down").isFalse();
        rig.startSim();
        cups.awaitCompleted(id, 120);
        assertThat(spooledInOrder()).as("spool: %s", rig.spoolSummary()).containsExactly(PortRig.sha256(data));
    }

    @Test
    void aDeviceLostMidJobFailsTheAttemptAndTheRetryDeliversTheJobWhole() throws Exception {
        byte[] data = new byte[40_000_000];
        new Random(3).nextBytes(data);
        String id = cups.print(QUEUE, Files.write(dir.resolve("big.job"), data));
        awaitJobInProgress();
        rig.signalSim("STOP");      // hold the device mid-job, so the backend is still writing when it is lost
        rig.signalSim("KILL");
        cups.awaitQueueOrJobState(QUEUE, id, "(?s).*(Unable to write|Broken pipe|reset|unavailable).*", 60);
        assertThat(cups.completed(id)).as("completed after the device was lost mid-job").isFalse();
        rig.startSim();
        cups.awaitCompleted(id, 180);
        assertThat(spooledInOrder()).as("spool: %s", rig.spoolSummary()).containsExactly(PortRig.sha256(data));
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

    private void awaitJobInProgress() throws Exception {
        for (long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60); System.nanoTime() < end; Thread.sleep(20)) {
            if (rig.jobInProgress()) {
                return;
            }
        }
        throw new AssertionError("the job never reached the device; spool: " + rig.spoolSummary() + cups.errorLog());
    }
}
