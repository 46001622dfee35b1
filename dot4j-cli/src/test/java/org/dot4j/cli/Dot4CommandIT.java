package org.dot4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * End to end: the real {@code ./dot4} command as separate processes — a simulated peripheral on a Unix socket
 * and hosts probing it, printing to it, talking to its ECHO and EPSON-CTRL services.
 */
@Timeout(300)
class Dot4CommandIT {

    @TempDir
    static Path dir;
    static Dot4Process sim;
    static String uri;
    static Path spool;

    @BeforeAll
    static void startSimulator() throws Exception {
        spool = Files.createDirectories(dir.resolve("spool"));
        Path socket = dir.resolve("mfp.sock");
        sim = Dot4Process.startServer("sim", "--listen", "unix-listen:" + socket, "--spool", spool.toString(),
                "--ink", "K=80,C=60,M=40,Y=20");
        uri = sim.awaitLine("listening on ", 60).substring("listening on ".length()).strip();
        assertThat(uri).isEqualTo("unix:" + socket);
    }

    @AfterAll
    static void stopSimulator() throws Exception {
        sim.close();
    }

    @Test
    void probeListsTheSimulatorsServices() throws Exception {
        Dot4Process.Result r = Dot4Process.run(60, null, "probe", uri);
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.stdout()).contains("0x20 (IEEE 1284.4)")
                .containsPattern("(?m)^2\\s+PRINT").containsPattern("(?m)^4\\s+HP-SCAN").containsPattern("(?m)^6\\s+ECHO")
                .contains("EPSON-CTRL");
    }

    @Test
    void sendingFiftyMebibytesSpoolsAnIdenticalJob() throws Exception {
        Path job = dir.resolve("job.bin");
        byte[] data = new byte[50 << 20];
        new Random(42).nextBytes(data);
        Files.write(job, data);
        long before = jobs().size();
        Dot4Process.Result r = Dot4Process.run(240, null, "send", uri, "PRINT", job.toString());
        assertThat(r.exitCode()).as("%s\n--- the simulator's log\n%s", r, sim.stderrText()).isZero();
        assertThat(r.stderr()).containsPattern("sent 52428800 bytes in [0-9.]+ s \\([0-9.]+ MB/s\\)");
        Path spooled = awaitNewJob(before);
        assertThat(Files.mismatch(spooled, job)).as("first differing byte of " + spooled).isEqualTo(-1L);
    }

    @Test
    void catThroughEchoReturnsEveryByteValue() throws Exception {
        Path input = dir.resolve("binary.bin");
        byte[] data = new byte[256 * 64];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) i;
        }
        Files.write(input, data);
        Dot4Process.Result r = Dot4Process.run(60, input, "cat", uri, "ECHO", "--packet", "--idle", "1s");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.stdoutBytes()).isEqualTo(data);
    }

    @Test
    void statusShowsTheInkLevelsTheSimulatorWasGiven() throws Exception {
        Dot4Process.Result r = Dot4Process.run(60, null, "status", uri);
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.stdout()).containsPattern("Black\\s+80%").containsPattern("Cyan\\s+60%")
                .containsPattern("Magenta\\s+40%").containsPattern("Yellow\\s+20%");
    }

    @Test
    void theEpsonDialectWorksOnTheSameLink() throws Exception {
        // --epson: the entry packet, Init revision 0x10, credit only by CreditRequest (reference §7.3, §12).
        Dot4Process.Result r = Dot4Process.run(60, null, "status", "--epson", uri);
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.stdout()).containsPattern("Black\\s+80%");
        Dot4Process.Result probe = Dot4Process.run(60, null, "probe", uri + "?epson-entry");
        assertThat(probe.exitCode()).as(probe.toString()).isZero();
        assertThat(probe.stdout()).contains("0x10 (Epson draft)").containsPattern("(?m)^2\\s+PRINT");
    }

    @Test
    void aRefusedConnectionExitsWithStatusThreeAndSaysWhy() throws Exception {
        Dot4Process.Result r = Dot4Process.run(60, null, "probe", "unix:" + dir.resolve("nobody-here.sock"));
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCode.NOT_CONNECTED);
        assertThat(r.stderr()).contains("nobody-here.sock");
    }

    @Test
    void aSimPrintBufferThatCannotHoldItsPacketExitsWithStatusTwoAndSaysWhatToGive() throws Exception {
        Dot4Process.Result r = Dot4Process.run(60, null, "sim", "--listen", "unix-listen:" + dir.resolve("never.sock"),
                "--print-buffer", "1000", "--print-packet", "4096");
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCode.USAGE);
        assertThat(r.stderr()).contains("a print buffer of 1000 bytes cannot hold one packet of 4096; give at least 4090");
    }

    @Test
    void aBadUriExitsWithStatusTwoAndListsTheAcceptedForms() throws Exception {
        Dot4Process.Result r = Dot4Process.run(60, null, "probe", "bogus:thing");
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCode.USAGE);
        assertThat(r.stderr()).contains("tcp://HOST:PORT").contains("unix:");
    }

    @Test
    void anUnknownServiceExitsWithStatusFourListingTheDevicesServices() throws Exception {
        Dot4Process.Result r = Dot4Process.run(60, null, "send", uri, "NO-SUCH-SERVICE", "/dev/null");
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCode.REFUSED);
        assertThat(r.stderr()).contains("the device has no service NO-SUCH-SERVICE; it offers ").contains("PRINT (socket 2)")
                .contains("HP-SCAN (socket 4)").contains("ECHO (socket 6)").contains("EPSON-CTRL (socket 3)");
        Dot4Process.Result cat = Dot4Process.run(60, null, "cat", uri, "SCAN");
        assertThat(cat.exitCode()).as(cat.toString()).isEqualTo(ExitCode.REFUSED);
        assertThat(cat.stderr()).contains("no service SCAN; it offers").contains("HP-SCAN (socket 4)");
    }

    static java.util.List<Path> jobs() throws Exception {
        try (var s = Files.list(spool)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".prn")).sorted().toList();
        }
    }

    static Path awaitNewJob(long before) throws Exception {
        for (int i = 0; i < 300; i++) {
            var now = jobs();
            if (now.size() > before) {
                return now.get(now.size() - 1);
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no new job appeared in " + spool);
    }
}
