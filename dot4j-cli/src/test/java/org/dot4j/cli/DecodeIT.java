package org.dot4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Traces and their decoding as a user runs them: {@code dot4 send --trace} against {@code dot4 sim --trace}, then
 * {@code dot4 decode} of both ends' traces (text and JSON Lines), tshark reading the same file, and decode's answers to
 * the fixtures and to files that are not captures.
 */
@Timeout(300)
class DecodeIT {

    @TempDir
    Path dir;

    @SuppressWarnings("unchecked")
    private static Map<String, Object> printChannel(Map<String, Object> summary) {
        List<Object> links = MiniJson.array(summary.get("links"));
        assertThat(links).hasSize(1);
        Map<String, Object> link = MiniJson.object(links.get(0));
        assertThat(link.get("violations")).isEqualTo(0L);
        return MiniJson.array(link.get("channels")).stream().map(MiniJson::object)
                .filter(c -> "PRINT".equals(c.get("service"))).findFirst().orElseThrow();
    }

    private static Map<String, Object> summaryOf(String jsonLines) {
        Map<String, Object> summary = null;
        for (String line : jsonLines.split("\n")) {
            Map<String, Object> event = MiniJson.object(MiniJson.parse(line)); // every line is one JSON text
            assertThat(event).containsKey("type");
            if (event.get("type").equals("summary")) {
                summary = event;
            }
        }
        assertThat(summary).as("a summary line").isNotNull();
        return summary;
    }

    @Test
    void aTracedJobDecodesWithAllItsBytesFromBothEndsAndTsharkReadsTheTrace() throws Exception {
        byte[] job = new byte[150_001];
        new Random(14).nextBytes(job);
        Path file = Files.write(dir.resolve("job.bin"), job);
        Path hostTrace = dir.resolve("host.pcapng");
        Path simTrace = dir.resolve("sim.pcapng");
        try (SimProcess sim = SimProcess.start(dir, 0, "unix-listen:" + dir.resolve("mfp.sock"), "--trace", simTrace.toString())) {
            Dot4Process.Result sent = Dot4Process.run(60, null, "send", "-q", "--trace", hostTrace.toString(), sim.uri,
                    "PRINT", file.toString());
            assertThat(sent.exitCode()).as(sent.toString()).isZero();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!Files.exists(dir.resolve("spool/job-0001.prn"))) { // the sim has written its last record by then
                assertThat(System.nanoTime()).as("the job spooled within 30 s").isLessThan(deadline);
                Thread.sleep(20);
            }
        }
        for (Path trace : List.of(hostTrace, simTrace)) {
            Dot4Process.Result text = Dot4Process.run(60, null, "decode", trace.toString());
            assertThat(text.exitCode()).as(text.toString()).isZero();
            assertThat(text.stdout()).contains("OpenChannel 2/2").contains("[PRINT]").contains("0 violations");

            Dot4Process.Result json = Dot4Process.run(60, null, "decode", "--json", trace.toString());
            assertThat(json.exitCode()).as(json.toString()).isZero();
            Map<String, Object> h2p = MiniJson.object(printChannel(summaryOf(json.stdout())).get("h2p"));
            assertThat(h2p.get("bytes")).as(trace + ": the job's bytes").isEqualTo((long) job.length);
        }
        Process tshark = new ProcessBuilder("tshark", "-r", hostTrace.toString(), "-X",
                "lua_script:" + Path.of(Dot4Process.command()).resolveSibling("tools/wireshark/dot4.lua"))
                .redirectErrorStream(true).start();
        String out = new String(tshark.getInputStream().readAllBytes());
        assertThat(tshark.waitFor()).as(out).isZero();
        assertThat(out).contains("DOT4").contains("OpenChannel 2/2").doesNotContain("Malformed");
    }

    @Test
    void theDaemonTracesADeviceFromItsStartAndOnDemandThroughCtlTrace() throws Exception {
        byte[] job = new byte[70_000];
        new Random(5).nextBytes(job);
        Path file = Files.write(dir.resolve("job.bin"), job);
        Path control = dir.resolve("control.sock");
        Path serveTrace = dir.resolve("serve.pcapng");
        Path ctlTrace = dir.resolve("ctl.pcapng");
        try (SimProcess sim = SimProcess.start(dir, 0, "unix-listen:" + dir.resolve("mfp.sock"));
             Dot4Process serve = Dot4Process.startServer("serve", "--socket", control.toString(), "--device",
                     "mfp=" + sim.uri, "--trace", "mfp=" + serveTrace)) {
            serve.awaitLine("serving on ", 60);
            try (Dot4Process ctl = Dot4Process.start(null, "ctl", "--socket", control.toString(), "trace", "mfp",
                    ctlTrace.toString(), "--for", "60s")) {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                while (!Files.exists(ctlTrace) || Files.size(ctlTrace) == 0) { // the trace's header: recording has begun
                    assertThat(System.nanoTime()).as("ctl trace began within 30 s").isLessThan(deadline);
                    Thread.sleep(20);
                }
                Dot4Process.Result sent = Dot4Process.run(60, null, "send", "-q", "dot4d:mfp?socket=" + control, "PRINT",
                        file.toString());
                assertThat(sent.exitCode()).as(sent.toString()).isZero();
            }
        }
        for (Path trace : List.of(serveTrace, ctlTrace)) {
            Dot4Process.Result json = Dot4Process.run(60, null, "decode", "--json", trace.toString());
            assertThat(json.exitCode()).as(json.toString()).isZero();
            Map<String, Object> h2p = MiniJson.object(printChannel(summaryOf(json.stdout())).get("h2p"));
            assertThat(h2p.get("bytes")).as(trace + ": the job's bytes").isEqualTo((long) job.length);
        }
        assertThat(Dot4Process.run(60, null, "decode", "--summary", serveTrace.toString()).stdout())
                .as("traced from the device's first connection").contains("0x20 (IEEE 1284.4)");
    }

    @Test
    void theUsbmonFixtureDecodesWithoutViolationAndDamagedFilesSayWhy() throws Exception {
        Path fixture = Path.of(Dot4Process.command()).resolveSibling("testdata/usbmon/dot4-gadget.pcapng");
        Dot4Process.Result ok = Dot4Process.run(60, null, "decode", "--summary", fixture.toString());
        assertThat(ok.exitCode()).as(ok.toString()).isZero();
        assertThat(ok.stdout()).contains("usb 1.2: 0x20 (IEEE 1284.4), 121 packets, 0 violations");

        Path text = Files.writeString(dir.resolve("notes.txt"), "not a capture\n");
        Dot4Process.Result notCapture = Dot4Process.run(60, null, "decode", text.toString());
        assertThat(notCapture.exitCode()).isEqualTo(1);
        assertThat(notCapture.stderr()).contains("not a pcap or pcapng capture").doesNotContain("Exception");

        byte[] whole = Files.readAllBytes(fixture);
        Path cut = Files.write(dir.resolve("cut.pcapng"), java.util.Arrays.copyOf(whole, whole.length / 2));
        Dot4Process.Result truncated = Dot4Process.run(60, null, "decode", "--summary", cut.toString());
        assertThat(truncated.exitCode()).isEqualTo(1);
        assertThat(truncated.stderr()).contains("truncated");
        assertThat(truncated.stdout()).as("what came before the cut").contains("usb 1.2: 0x20");

        Dot4Process.Result missing = Dot4Process.run(60, null, "decode", dir.resolve("nope").toString());
        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.stderr()).contains("does not exist");
    }

    @Test
    void aViolationIsFlaggedWithItsSectionAndTheExitStatusSaysSo() throws Exception {
        // Init, OpenChannel 2/2 granted 0 credit, then data anyway
        byte[] h2p = hex("0000000801000020" + "0000000f0100" + "01" + "0202" + "4000" + "4000" + "0000" + "020200090000414243");
        byte[] p2h = hex("000000090100800020" + "000000120100" + "8100" + "0202" + "4000" + "4000" + "0000" + "0000");
        Path h = Files.write(dir.resolve("h2p.bin"), h2p);
        Path p = Files.write(dir.resolve("p2h.bin"), p2h);
        Dot4Process.Result r = Dot4Process.run(60, null, "decode", "--raw", h.toString(), p.toString());
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCode.CHECK_FAILED);
        assertThat(r.stdout()).contains("!! §5.1 data without credit: host held 0 credit on 2/2 (receiver answers Error 0x81)");
    }

    private static byte[] hex(String s) {
        return java.util.HexFormat.of().parseHex(s);
    }
}
