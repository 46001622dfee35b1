package org.dot4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.dot4j.daemon.JsonWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code dot4 decode --timeline} as a user runs it: a job that {@code dot4 send} traced against {@code dot4 sim}
 * (the host runs out of credit and waits: stalls), drawn, then rendered by a real headless chromium whose DOM the
 * test reads back; and the timeline's answers to an empty capture, raw dumps, damage and bad output paths.
 */
@Timeout(300)
class DecodeTimelineIT {

    /** Counts what chromium parsed and rendered into {@code <pre id="result">}, as JSON. */
    private static final String PROBE = """
            const t0 = performance.now();
            const parse = text => new DOMParser().parseFromString(text, "image/svg+xml");
            const doc = parse(SVG);
            const svg = document.importNode(doc.documentElement, true);
            document.body.appendChild(svg);
            const box = svg.getBBox(); // lays the drawing out
            const ms = performance.now() - t0;
            const all = s => [...svg.querySelectorAll(s)];
            const stalls = all('.lane[data-channel="2/2"] .stall.h2p').map(r => r.querySelector('title').textContent);
            document.getElementById('result').textContent = JSON.stringify({
              errors: doc.getElementsByTagName('parsererror').length,
              brokenErrors: parse(SVG.substring(0, SVG.length / 2)).getElementsByTagName('parsererror').length,
              root: doc.documentElement.localName,
              title: doc.querySelector('title').textContent,
              lanes: all('.lane').map(l => l.getAttribute('data-channel')),
              labels: all('.lane .label').map(t => t.textContent),
              stalls: stalls.length,
              stalled: stalls.map(t => parseInt(t.match(/: (\\d+) stalls?,/)[1])).reduce((a, b) => a + b, 0),
              packets: all('.lane[data-channel="2/2"] .packets.h2p').map(p => p.getTotalLength() > 0),
              credit: all('.lane[data-channel="2/2"] .credit.h2p').map(p => p.getTotalLength() > 0),
              violations: all('.lane .violation').length,
              ticks: all('.tick').length,
              width: Math.round(box.width), ms: Math.round(ms)});
            """;

    @TempDir
    Path dir;

    @Test
    void aTracedJobsTimelineRendersInChromiumWithItsLanesItsCreditAndEveryStall() throws Exception {
        HeadlessChromium chromium = new HeadlessChromium(dir, "decode's timeline");
        byte[] job = new byte[1_000_000];
        new Random(14).nextBytes(job);
        Path trace = dir.resolve("host.pcapng");
        try (SimProcess sim = SimProcess.start(dir, 0, "unix-listen:" + dir.resolve("mfp.sock"))) {
            Dot4Process.Result sent = Dot4Process.run(60, null, "send", "-q", "--trace", trace.toString(), sim.uri, "PRINT",
                    Files.write(dir.resolve("job.bin"), job).toString());
            assertThat(sent.exitCode()).as(sent.toString()).isZero();
        }
        Path svg = dir.resolve("job.svg");
        Dot4Process.Result drawn = Dot4Process.run(60, null, "decode", "--summary", "--timeline", svg.toString(), trace.toString());
        assertThat(drawn.exitCode()).as(drawn.toString()).isZero();
        assertThat(drawn.stderr()).isEqualTo("timeline written to " + svg + "\n");
        assertThat(drawn.stdout()).contains("0 violations").doesNotContain("OpenChannel 2/2");
        long stallEvents = Dot4Process.run(60, null, "decode", "--json", trace.toString()).stdout().lines()
                .map(l -> MiniJson.object(MiniJson.parse(l)))
                .filter(e -> e.get("type").equals("stall") && e.get("dir").equals("H>P")).count();
        assertThat(stallEvents).as("the host waited for credit: a timeline without stalls would prove little").isPositive();
        assertThat(dir.toFile().list()).as("no staged file left").noneMatch(n -> n.endsWith(".tmp"));

        String direct = chromium.dumpDom(svg.toUri()); // chromium's own SVG document parser
        assertThat(direct).contains("<svg").doesNotContain("parsererror");

        Map<String, Object> r = rendered(chromium, Files.readString(svg));
        assertThat(r).containsEntry("errors", 0L).containsEntry("root", "svg")
                .containsEntry("title", "dot4 decode timeline: " + trace).containsEntry("violations", 0L);
        assertThat(r.get("brokenErrors")).as("half a drawing is caught, so 0 errors above means well-formed").isEqualTo(1L);
        assertThat(MiniJson.array(r.get("lanes"))).containsExactly("0/0", "2/2");
        assertThat(MiniJson.array(r.get("labels"))).containsExactly("0/0 transactions", "2/2 PRINT");
        assertThat((long) r.get("stalls")).isBetween(1L, stallEvents);
        assertThat(r.get("stalled")).as("every stall counted in a rectangle's tooltip").isEqualTo(stallEvents);
        assertThat(MiniJson.array(r.get("packets"))).containsExactly(true);
        assertThat(MiniJson.array(r.get("credit"))).containsExactly(true);
        assertThat((long) r.get("ticks")).isBetween(5L, 12L);
        assertThat((long) r.get("width")).isGreaterThan(1000);
        System.out.println("timeline of " + stallEvents + " stalls: " + Files.size(svg) + " bytes, parsed and laid out in "
                + r.get("ms") + " ms");
    }

    /**
     * The counts {@link #PROBE} made of {@code svg} in chromium. The drawing goes in as a JSON string, which is a
     * JavaScript one too, and JsonWriter's cannot end the script element early: it escapes '&lt;'.
     */
    private Map<String, Object> rendered(HeadlessChromium chromium, String svg) throws Exception {
        Path page = Files.writeString(dir.resolve("probe.html"), "<!DOCTYPE html><html><body><pre id=\"result\">not run</pre>"
                + "<script>const SVG = " + new JsonWriter().value(svg) + ";\n" + PROBE + "</script></body></html>");
        String dom = chromium.dumpDom(page.toUri());
        Matcher m = Pattern.compile("<pre id=\"result\">(.*?)</pre>", Pattern.DOTALL).matcher(dom);
        assertThat(m.find()).as("the result in chromium's DOM:\n%s", dom).isTrue();
        String json = m.group(1).replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&");
        assertThat(json).as("the probe ran").startsWith("{");
        return MiniJson.object(MiniJson.parse(json));
    }

    @Test
    void anEmptyCaptureRawDumpsDamageAndBadOutputPathsAreAnsweredClearly() throws Exception {
        Path empty = Files.write(dir.resolve("empty.pcap"), ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN)
                .putInt(0xA1B2C3D4).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0).putInt(65535).putInt(220)
                .array());
        Path fixture = Path.of(Dot4Process.command()).resolveSibling("testdata/usbmon/dot4-gadget.pcapng");
        Path both = dir.resolve("both.svg");
        Dot4Process.Result two = Dot4Process.run(60, null, "decode", "--summary", "--timeline", both.toString(),
                fixture.toString(), empty.toString());
        assertThat(two.exitCode()).as(two.toString()).isZero();
        String drawing = wellFormed(both);
        assertThat(drawing).contains(">" + empty + ": no 1284.4 packets</text>").contains(fixture + ": usb 1.2: 121 packets")
                .contains("data-channel=\"2/2\"").contains("data-channel=\"6/6\"");

        // Init, OpenChannel 2/2 granted 0 credit, then data anyway: a violation, drawn by packet number
        Path h = Files.write(dir.resolve("h2p.bin"), java.util.HexFormat.of().parseHex("0000000801000020"
                + "0000000f0100" + "01" + "0202" + "4000" + "4000" + "0000" + "020200090000414243"));
        Path p = Files.write(dir.resolve("p2h.bin"), java.util.HexFormat.of().parseHex("000000090100800020"
                + "000000120100" + "8100" + "0202" + "4000" + "4000" + "0000" + "0000"));
        Path rawSvg = dir.resolve("raw.svg");
        Dot4Process.Result raw = Dot4Process.run(60, null, "decode", "--raw", h.toString(), p.toString(), "--timeline",
                rawSvg.toString());
        assertThat(raw.exitCode()).as("violations still say so: " + raw).isEqualTo(ExitCode.CHECK_FAILED);
        assertThat(raw.stdout()).contains("!! §5.1 data without credit");
        assertThat(wellFormed(rawSvg)).contains("packet number on the link (raw dumps have no times)")
                .containsPattern("<rect class=\"violation\"[^>]*><title>1 violation at packets 4 to 4, first: §5.1");

        byte[] whole = Files.readAllBytes(fixture);
        Path cut = Files.write(dir.resolve("cut.pcapng"), java.util.Arrays.copyOf(whole, whole.length / 2));
        Path cutSvg = dir.resolve("cut.svg");
        Dot4Process.Result damaged = Dot4Process.run(60, null, "decode", "--summary", "--timeline", cutSvg.toString(),
                cut.toString());
        assertThat(damaged.exitCode()).isEqualTo(ExitCode.FAILED);
        assertThat(damaged.stderr()).contains("truncated").contains("timeline written to " + cutSvg);
        assertThat(wellFormed(cutSvg)).contains("decoding stopped before the end, the drawing shows what came before")
                .contains("data-channel=\"0/0\"");

        Dot4Process.Result noDir = Dot4Process.run(60, null, "decode", "--timeline", dir.resolve("no/such/t.svg").toString(),
                fixture.toString());
        assertThat(noDir.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(noDir.stderr()).contains("does not exist").doesNotContain("Exception");
        assertThat(noDir.stdout()).as("refused before decoding").isEmpty();

        Path copy = Files.write(dir.resolve("copy.pcapng"), whole);
        Dot4Process.Result overInput = Dot4Process.run(60, null, "decode", "--timeline", copy.toString(), copy.toString());
        assertThat(overInput.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(overInput.stderr()).contains("is an input file");
        assertThat(Files.readAllBytes(copy)).isEqualTo(whole);
    }

    /** The file's text, after an XML parser read it whole (it throws on a malformed document). */
    private static String wellFormed(Path svg) throws Exception {
        byte[] bytes = Files.readAllBytes(svg);
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        assertThat(f.newDocumentBuilder().parse(new ByteArrayInputStream(bytes)).getDocumentElement().getTagName())
                .isEqualTo("svg");
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
