package org.dot4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.dot4j.sim.ScanService;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * End to end in HP MLC (reference §6): the real {@code ./dot4} as separate processes, {@code dot4 sim} listening on
 * tcp, unix and a pty, and hosts that select MLC with {@code ?mlc} on the URI: probe names the revision, a job sent
 * with {@code dot4 send} is spooled with the same SHA-256, ECHO returns every byte with {@code dot4 cat}, and HP-SCAN
 * (fixed socket 4 in MLC) sends the sim's image, with {@code dot4 cat --summary} counting it.
 */
@Timeout(300)
class MlcCommandIT {

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"tcp-listen://127.0.0.1:0", "unix-listen:SOCKET", "pty"})
    void aHostInMlcPrintsAndEchoesThroughTheSimulator(String listen) throws Exception {
        Path spool = Files.createDirectories(dir.resolve("spool"));
        String address = listen.replace("SOCKET", dir.resolve("mfp.sock").toString());
        try (Dot4Process sim = Dot4Process.startServer("sim", "--listen", address, "--spool", spool.toString())) {
            String uri = sim.awaitLine("listening on ", 60).substring("listening on ".length()).strip();
            for (String mlc : List.of("?mlc", "?mlc=miser")) {
                Dot4Process.Result probe = Dot4Process.run(60, null, "probe", uri + mlc);
                assertThat(probe.exitCode()).as(probe.toString()).isZero();
                assertThat(probe.stdout()).contains("0x03 (HP MLC)").containsPattern("(?m)^2\\s+PRINT\\s+fixed id");

                Path job = dir.resolve("job" + mlc.length() + ".bin");
                byte[] data = new byte[3 << 20];
                new Random(mlc.length()).nextBytes(data);
                Files.write(job, data);
                int before = jobs(spool).size();
                Dot4Process.Result send = Dot4Process.run(120, null, "send", uri + mlc, "PRINT", job.toString());
                assertThat(send.exitCode()).as(send.toString()).isZero();
                assertThat(send.stderr()).containsPattern("sent 3145728 bytes in [0-9.]+ s");
                Path spooled = awaitNewJob(spool, before);
                assertThat(sha256(spooled)).as("SHA-256 of " + spooled).isEqualTo(sha256(job));

                Path input = dir.resolve("binary.bin");
                byte[] bytes = new byte[256 * 64];
                for (int i = 0; i < bytes.length; i++) {
                    bytes[i] = (byte) i;
                }
                Files.write(input, bytes);
                Dot4Process.Result cat = Dot4Process.run(60, input, "cat", uri + mlc, "ECHO", "--packet", "--idle", "1s");
                assertThat(cat.exitCode()).as(cat.toString()).isZero();
                assertThat(cat.stdoutBytes()).isEqualTo(bytes);

                Path request = dir.resolve("scan-request.txt");
                Files.writeString(request, "SCAN 65536\n");
                Dot4Process.Result scan = Dot4Process.run(60, request, "cat", uri + mlc, "HP-SCAN", "--idle", "1s", "--summary");
                assertThat(scan.exitCode()).as(scan.toString()).isZero();
                byte[] image = new byte[65536];
                for (int i = 0; i < image.length; i++) {
                    image[i] = ScanService.patternByte(i);
                }
                assertThat(scan.stdoutBytes()).isEqualTo(image);
                assertThat(scan.stderr()).containsPattern("received 65536 bytes in [0-9.]+ s \\([0-9.]+ MB/s\\) from HP-SCAN");
            }
        }
    }

    private static String sha256(Path file) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }

    private static List<Path> jobs(Path spool) throws Exception {
        try (var s = Files.list(spool)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".prn")).sorted().toList();
        }
    }

    /** Waits for the spool to hold one more finished job than {@code before} (the sim renames it to .prn when whole). */
    private static Path awaitNewJob(Path spool, int before) throws Exception {
        for (int i = 0; i < 300; i++) {
            List<Path> now = jobs(spool);
            if (now.size() > before) {
                return now.getLast();
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no new job appeared in " + spool);
    }
}
