package org.dot4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** End to end: the simulator on a pseudo-terminal, the demo, and the benchmark, as separate processes. */
@Timeout(300)
class Dot4PtyAndDemoIT {

    @TempDir
    Path dir;

    @Test
    void simulatorOnAPtyServesProbeAndAPrintJob() throws Exception {
        Path spool = Files.createDirectories(dir.resolve("spool"));
        try (Dot4Process sim = Dot4Process.startServer("sim", "--listen", "pty", "--spool", spool.toString())) {
            String uri = sim.awaitLine("listening on ", 60).substring("listening on ".length()).strip();
            assertThat(uri).startsWith("tty:/dev/pts/");
            Dot4Process.Result probe = Dot4Process.run(60, null, "probe", uri);
            assertThat(probe.exitCode()).as(probe.toString()).isZero();
            assertThat(probe.stdout()).containsPattern("(?m)^2\\s+PRINT");
            Path job = dir.resolve("job.txt");
            Files.writeString(job, "hello over a pty\n".repeat(10_000));
            Dot4Process.Result send = Dot4Process.run(120, null, "send", uri, "PRINT", job.toString());
            assertThat(send.exitCode()).as(send.toString()).isZero();
            Path spooled = awaitJob(spool);
            assertThat(Files.mismatch(spooled, job)).isEqualTo(-1L);
        }
    }

    @Test
    void demoRunsEveryStepExitsZeroAndLeavesNoTemporaryFiles() throws Exception {
        Path tmp = Files.createDirectories(dir.resolve("tmp"));
        Dot4Process.Result r = Dot4Process.runWithEnv(180, java.util.Map.of("TMPDIR", tmp.toString()), "demo");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.stdout()).contains("PRINT").contains("identical").contains("ECHO").containsPattern("Black\\s+\\d+%")
                .contains("demo passed").contains("spooled to " + tmp + "/dot4-demo-spool");
        try (var left = Files.list(tmp)) {
            assertThat(left).as("files the demo left in its TMPDIR").isEmpty();
        }
    }

    @Test
    void benchReportsEachLinkBesideItsRawThroughput() throws Exception {
        Dot4Process.Result r = Dot4Process.run(240, null, "bench", "--time", "200ms", "--repeat", "2", "--rounds", "50",
                "--links", "mem,unix,unix-proc", "--channels", "4");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.stdout()).contains("% OF RAW").containsPattern("(?m)^mem\\s+[0-9.]+\\s+[0-9.]+\\s+\\d+%\\s+\\d+-\\d+%")
                .containsPattern("(?m)^unix\\s+[0-9.]+\\s+[0-9.]+\\s+\\d+%")
                // The sim in another process took each job whole (the bench checks the spooled size).
                .containsPattern("(?m)^unix-proc\\s+[0-9.]+\\s+[0-9.]+\\s+\\d+%")
                .containsPattern("through the daemon \\(control socket, mem link\\): [0-9.]+ MB/s = \\d+% of the in-process host")
                .containsPattern("4 channels on one mem link: [0-9.]+ MB/s in all, .* Jain index [01]\\.\\d{3}");
    }

    private static Path awaitJob(Path spool) throws Exception {
        for (int i = 0; i < 300; i++) {
            try (var s = Files.list(spool)) {
                var found = s.filter(p -> p.getFileName().toString().endsWith(".prn")).findFirst();
                if (found.isPresent()) {
                    return found.get();
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no job appeared in " + spool);
    }
}
