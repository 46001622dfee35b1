package org.dot4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Jobs through the daemon's service ports, from real {@code nc -N} processes, each checked by SHA-256 against what
 * the simulated peripheral spooled: every byte a client sent before its FIN reaches the device, and an exit status
 * of 0 means the job arrived whole.
 */
@Timeout(300)
class ServicePortStressIT {

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
        rig.close();
    }

    @Test
    void twentySequentialNcJobsOfTwentyBytesAndOf200KbAreEachSpooledWhole() throws Exception {
        List<byte[]> jobs = new ArrayList<>();
        Random random = new Random(1);
        for (int size : new int[] {20, 200_000}) {
            for (int i = 0; i < 20; i++) {
                byte[] job = new byte[size];
                random.nextBytes(job);
                jobs.add(job);
            }
        }
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < jobs.size(); i++) {
            Path job = Files.write(dir.resolve("job" + i), jobs.get(i));
            Process nc = rig.startNc(rig.printPort, job, dir.resolve("nc" + i + ".out"));
            assertThat(PortRig.exitCode(nc)).as("nc exit status for job %d", i).isZero();
            expected.add(PortRig.sha256(jobs.get(i)));
        }
        expected.sort(null);
        assertThat(rig.awaitCompleteDigests(expected, 30)).as("spool: %s", rig.spoolSummary()).isEqualTo(expected);
    }
}
