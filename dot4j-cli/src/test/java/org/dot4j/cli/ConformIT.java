package org.dot4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Element;

/**
 * End to end: {@code dot4 conform} judges {@code dot4 sim} over a Unix socket and TCP, as an HP-style and as an
 * Epson peripheral, and {@code dot4 conform --role host} judges {@code dot4 send}; a peer that never answers fails
 * with exit status 6; bad command lines are refused with 2 and an unreachable peer with 3.
 */
@Timeout(600)
class ConformIT {

    @TempDir
    Path dir;

    @Test
    void theSimulatorPassesEveryCaseOverAUnixSocketAndTheJUnitFileSaysSo() throws Exception {
        int cases = listedCases("conform", "--list");
        try (SimProcess sim = SimProcess.start(dir, 0, "unix-listen:" + dir.resolve("mfp.sock"))) {
            Path junit = dir.resolve("junit.xml");
            Dot4Process.Result r = Dot4Process.run(300, null, "conform", sim.uri, "--strict", "--junit", junit.toString());
            assertThat(r.exitCode()).as(r.toString()).isZero();
            assertThat(r.stdout()).contains("PASSED the peripheral at " + sim.uri + ": " + cases + " cases: " + cases + " passed, 0 failed, 0 skipped");
            assertJUnit(junit, cases, 0, 0);
        }
    }

    @Test
    void theSimulatorPassesEveryCaseOverTcp() throws Exception {
        try (SimProcess sim = SimProcess.start(dir, 0, "tcp-listen://127.0.0.1:0")) {
            assertThat(sim.uri).startsWith("tcp://127.0.0.1:");
            Dot4Process.Result r = Dot4Process.run(300, null, "conform", sim.uri, "--strict");
            assertThat(r.exitCode()).as(r.toString()).isZero();
            assertThat(r.stdout()).containsPattern("PASSED the peripheral at tcp://127\\.0\\.0\\.1:\\d+: \\d+ cases: \\d+ passed, 0 failed, 0 skipped");
        }
    }

    @Test
    void theSimulatorAsAnEpsonPrinterPassesWithTheEntryPacketAndRevision0x10() throws Exception {
        try (SimProcess sim = SimProcess.start(dir, 0, "unix-listen:" + dir.resolve("epson.sock"), "--profile", "epson")) {
            Path junit = dir.resolve("epson.xml");
            Dot4Process.Result r = Dot4Process.run(300, null, "conform", sim.uri, "--epson", "--junit", junit.toString());
            assertThat(r.exitCode()).as(r.toString()).isZero();
            assertThat(r.stdout()).contains("revision 0x10 (Epson draft) with Epson's entry packet")
                    .contains("services: EPSON-CTRL 2, ECHO 6, EPSON-DATA 64")
                    .containsPattern("(?m)^3\\.6\\.2 +SHOULD skip +.*\\n +skipped: at revision 0x10 a peripheral sends no Error packets");
            int skipped = count(r.stdout(), "(?m)^\\S+ +(MUST|SHOULD) +skip ");
            assertThat(skipped).isPositive();
            assertJUnit(junit, listedCases("conform", "--list"), 0, skipped);
        }
    }

    @Test
    void oneSectionRunsAlone() throws Exception {
        try (SimProcess sim = SimProcess.start(dir, 0, "unix-listen:" + dir.resolve("one.sock"))) {
            Dot4Process.Result r = Dot4Process.run(120, null, "conform", sim.uri, "7", "--section", "3.5.1");
            assertThat(r.exitCode()).as(r.toString()).isZero();
            assertThat(r.stdout()).containsPattern("(?m)^7\\.3\\.1 ").containsPattern("(?m)^7\\.6\\.3 ").containsPattern("(?m)^3\\.5\\.1 ")
                    .doesNotContainPattern("(?m)^(1|2|3\\.3|3\\.5\\.2|4|5|6)\\.");
            assertThat(r.stdout()).contains(": 9 cases: 9 passed");
        }
    }

    @Test
    void dot4SendPassesAsTheHostUnderTestIn1284_4EpsonAndMlc() throws Exception {
        Path job = dir.resolve("job.bin");
        byte[] data = new byte[300_000];
        new Random(7).nextBytes(data);
        Files.write(job, data);
        // mode, the send command's URI suffix and options, its service, and the cases that cannot apply
        String[][] modes = {{"0x20", "", "PRINT", "0"}, {"epson", "--epson", "EPSON-DATA", "1"}, {"mlc", "?mlc", "2", "1"}};
        int hostCases = listedCases("conform", "--role", "host", "--list");
        for (String[] mode : modes) {
            Path socket = dir.resolve("host-" + mode[0] + ".sock");
            Path junit = dir.resolve("host-" + mode[0] + ".xml");
            try (Dot4Process judge = Dot4Process.startServer("conform", "--role", "host", "--listen", "unix-listen:" + socket,
                    "--timeout", "3s", "--junit", junit.toString())) {
                judge.awaitLine("listening on unix:" + socket, 60);
                Dot4Process.Result sent = mode[1].startsWith("--")
                        ? Dot4Process.run(120, null, "send", mode[1], "unix:" + socket, mode[2], job.toString())
                        : Dot4Process.run(120, null, "send", "unix:" + socket + mode[1], mode[2], job.toString());
                assertThat(sent.exitCode()).as(mode[0] + ": " + sent).isZero();
                String line = judge.awaitLine("PASSED the host on unix-listen:" + socket, 60);
                assertThat(line).contains(hostCases + " cases: ");
                assertThat(judge.await(30).exitCode()).isZero();
                // at 0x10 nothing is pushed (3.7.1 skips); MLC has no GetSocketID (4.1.1 skips)
                assertJUnit(junit, hostCases, 0, Integer.parseInt(mode[3]));
            }
        }
    }

    @Test
    void aPeerThatNeverAnswersFailsItsCasesWithExitStatus6() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread.ofPlatform().daemon().start(() -> swallow(silent));
            String uri = "tcp://127.0.0.1:" + silent.getLocalPort();
            Dot4Process.Result r = Dot4Process.run(120, null, "conform", uri, "3.3", "--timeout", "300ms");
            assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCode.CHECK_FAILED);
            assertThat(r.stdout()).containsPattern("(?m)^3\\.3\\.1 +MUST +FAIL ").contains("no INIT reply within 300 ms")
                    .contains("-> Init  00 00 00 08 01 00 00 20").contains("FAILED the peripheral at " + uri + ": 10 cases: 0 passed, 9 failed, 0 skipped, 1 SHOULD not met");
        }
    }

    @Test
    void badCommandLinesAndUnreachablePeersAreRefusedWithAReason() throws Exception {
        Dot4Process.Result none = Dot4Process.run(60, null, "conform");
        assertThat(none.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(none.stderr()).contains("give the peripheral's URI");
        Dot4Process.Result section = Dot4Process.run(60, null, "conform", "unix:/nonexistent", "9.9");
        assertThat(section.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(section.stderr()).contains("no case in section 9.9; see dot4 conform --list");
        Dot4Process.Result gone = Dot4Process.run(60, null, "conform", "unix:" + dir.resolve("nobody.sock"));
        assertThat(gone.exitCode()).as(gone.toString()).isEqualTo(ExitCode.NOT_CONNECTED);
        assertThat(gone.stderr()).doesNotContain("Exception");
        Dot4Process.Result noHost = Dot4Process.run(60, null, "conform", "--role", "host", "--listen",
                "unix-listen:" + dir.resolve("lonely.sock"), "--accept-timeout", "300ms");
        assertThat(noHost.exitCode()).isEqualTo(ExitCode.NOT_CONNECTED);
        assertThat(noHost.stderr()).contains("no host connected to unix:" + dir.resolve("lonely.sock") + " within 300 ms");
    }

    private static void swallow(ServerSocket server) {
        try {
            while (true) {
                Socket s = server.accept();
                Thread.ofPlatform().daemon().start(() -> {
                    try (s; InputStream in = s.getInputStream()) {
                        in.transferTo(java.io.OutputStream.nullOutputStream());
                    } catch (java.io.IOException e) {
                        // the judge hung up
                    }
                });
            }
        } catch (java.io.IOException e) {
            // closed by the test
        }
    }

    private static int listedCases(String... args) throws Exception {
        Dot4Process.Result r = Dot4Process.run(60, null, args);
        Matcher m = Pattern.compile("(?m)^(\\d+) cases$").matcher(r.stdout());
        assertThat(m.find()).as(r.toString()).isTrue();
        return Integer.parseInt(m.group(1));
    }

    private static int count(String text, String regex) {
        return (int) Pattern.compile(regex).matcher(text).results().count();
    }

    private static void assertJUnit(Path file, int tests, int failures, int skipped) throws Exception {
        Element root = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(file.toFile()).getDocumentElement();
        assertThat(root.getTagName()).isEqualTo("testsuites");
        assertThat(root.getAttribute("tests")).isEqualTo(String.valueOf(tests));
        assertThat(root.getAttribute("failures")).isEqualTo(String.valueOf(failures));
        assertThat(root.getAttribute("skipped")).isEqualTo(String.valueOf(skipped));
        assertThat(root.getElementsByTagName("testcase").getLength()).isEqualTo(tests);
    }
}
