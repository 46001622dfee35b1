package org.dot4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code dot4 sim}'s spool as real hosts fill it: a host killed mid-job leaves an incomplete job, a channel without
 * data leaves no file, and a symlink planted in the spool at the next job's name is neither followed nor replaced.
 */
@Timeout(300)
class SimSpoolIT {

    @TempDir
    Path dir;

    private static List<String> files(Path spool) throws Exception {
        try (var s = Files.list(spool)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private static void awaitFile(Path file, long seconds) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!Files.exists(file)) {
            assertThat(System.nanoTime() - deadline).as(file + " within " + seconds + " s: " + files(file.getParent())).isNegative();
            Thread.sleep(20);
        }
    }

    @Test
    void anEmptyJobLeavesNoFileAndAPlantedSymlinkIsNeitherFollowedNorReplaced() throws Exception {
        Path spool = dir.resolve("spool");
        try (SimProcess sim = SimProcess.start(dir, 0, "unix-listen:" + dir.resolve("mfp.sock"))) {
            Path victim = Files.writeString(dir.resolve("victim"), "precious");
            Files.createSymbolicLink(spool.resolve("job-0001.prn.part"), victim);
            Files.createSymbolicLink(spool.resolve("job-0002.prn.part"), victim);
            Path empty = Files.write(dir.resolve("empty.job"), new byte[0]);
            Dot4Process.Result r = Dot4Process.run(60, null, "send", sim.uri, "PRINT", empty.toString());
            assertThat(r.exitCode()).as(r.toString()).isZero();

            Path job = Files.writeString(dir.resolve("job.txt"), "a real job");
            r = Dot4Process.run(60, null, "send", sim.uri, "PRINT", job.toString());
            assertThat(r.exitCode()).as(r.toString()).isZero();

            awaitFile(spool.resolve("job-0003.prn"), 30);
            assertThat(Files.readString(spool.resolve("job-0003.prn"))).isEqualTo("a real job");
            assertThat(Files.readString(victim)).as("the planted links' target").isEqualTo("precious");
            assertThat(files(spool)).as("no file for the empty job")
                    .containsExactly("job-0001.prn.part", "job-0002.prn.part", "job-0003.prn");
        }
    }

    @Test
    void aHostKilledMidJobLeavesAnIncompleteJob() throws Exception {
        Path spool = dir.resolve("spool");
        try (SimProcess sim = SimProcess.start(dir, 0, "unix-listen:" + dir.resolve("mfp.sock"))) {
            // The job comes from a pipe that stays open: the host is mid-job for as long as the test wants.
            Process send = new ProcessBuilder(Dot4Process.command(), "send", sim.uri, "PRINT", "-")
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            try {
                byte[] part = new byte[1 << 20];
                new Random(9).nextBytes(part);
                send.getOutputStream().write(part);
                send.getOutputStream().flush();
                awaitFile(spool.resolve("job-0001.prn.part"), 60);
            } finally {
                send.destroyForcibly(); // SIGKILL: no CloseChannel, no Exit
                send.waitFor(30, TimeUnit.SECONDS);
            }
            awaitFile(spool.resolve("job-0001.prn.incomplete"), 30);
            assertThat(Files.size(spool.resolve("job-0001.prn.incomplete"))).isPositive().isLessThanOrEqualTo(1 << 20);
            assertThat(files(spool)).containsExactly("job-0001.prn.incomplete");
        }
    }
}
