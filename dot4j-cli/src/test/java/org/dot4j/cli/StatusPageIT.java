package org.dot4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The status page of a real {@code dot4 serve} in front of a real {@code dot4 sim}, rendered by a real headless
 * browser (Debian's chromium; CI installs it): while an ECHO connection through a service port stays open, the page
 * names the device, that channel and its byte count, and {@code /api/status} says the same as JSON; the simulated
 * printer's EPSON-CTRL and PML status show too.
 */
@Timeout(120)
class StatusPageIT {
    /** Bytes echoed on the channel: a count no other figure on the page has. */
    static final int ECHOED = 12_345;

    @TempDir
    Path dir;
    final HttpClient http = HttpClient.newHttpClient();

    @Test
    void theBrowserShowsTheDeviceAChannelOpenedDuringTheTestAndItsByteCount() throws Exception {
        HeadlessChromium chromium = new HeadlessChromium(dir, "the status page");
        Path device = dir.resolve("mfp.sock");
        int echoPort = PortRig.freePort();
        try (Dot4Process sim = Dot4Process.startServer("sim", "--listen", "unix-listen:" + device, "--spool",
                dir.resolve("spool").toString())) {
            sim.awaitLine("listening on ", 60);
            try (Dot4Process serve = Dot4Process.startServer("serve", "--device", "mfp=unix:" + device, "--port",
                    "ECHO=" + echoPort, "--socket", dir.resolve("control.sock").toString(), "--http", "127.0.0.1:0",
                    "--proxy", "mfp=unix-listen:" + dir.resolve("proxy.sock"))) {
                URI page = URI.create(serve.awaitLine("status page on ", 60).substring("status page on ".length()).strip());
                awaitStatus(page, s -> device(s).get("up").equals(true)
                        && MiniJson.object(MiniJson.array(s.get("ports")).getFirst()).get("listening").equals(true));
                try (Socket echo = new Socket(InetAddress.getLoopbackAddress(), echoPort)) {
                    echoBytes(echo);
                    Map<String, Object> status = awaitStatus(page, s -> echoChannel(s).filter(c ->
                            c.get("bytesSent").equals((long) ECHOED) && c.get("bytesReceived").equals((long) ECHOED)).isPresent()
                            && inks(s).size() == 4 && MiniJson.object(device(s).get("printer")).containsKey("hp"));
                    String owner = (String) echoChannel(status).orElseThrow().get("owner");
                    assertThat(owner).isEqualTo("port mfp:ECHO=" + echoPort + " #1");
                    assertThat(device(status)).containsEntry("name", "mfp").containsEntry("revision", 32L)
                            .containsEntry("reconnects", 0L).containsEntry("failedAttempts", 0L);
                    assertThat(MiniJson.object(device(status).get("history"))).containsEntry("periodMs", 1000L)
                            .containsEntry("capacity", 300L);
                    assertThat(inks(status)).first().isEqualTo(Map.of("colour", "Black", "level", 80L));
                    assertThat(MiniJson.array(status.get("proxies"))).containsExactly(Map.of("device", "mfp",
                            "address", "unix:" + dir.resolve("proxy.sock"), "programs", List.of()));
                    assertThat(MiniJson.object(device(status).get("printer"))).containsEntry("state", "ready")
                            .containsEntry("hp", Map.of("device", "running", "printer", "idle")).containsEntry("problem", null);

                    String dom = chromium.dumpDom(page);
                    assertThat(dom).containsPattern("<article class=\"device\" data-device=\"mfp\"><h3>mfp<span class=\"badge up\">UP</span>")
                            .contains("unix:" + device).contains("Black ").contains(" 80%").contains("<strong>ready</strong>")
                            .contains("HP status: device <strong>running</strong>, printer <strong>idle</strong>")
                            .contains("unix:" + dir.resolve("proxy.sock") + "</td>");
                    String row = channelRow(dom, owner);
                    assertThat(row).contains("<td class=\"num sent\">12,345</td>").contains("<td class=\"num received\">12,345</td>")
                            .contains("<td class=\"\">OPEN</td>").contains("<svg class=\"graph\"").contains("<polyline class=\"sent\"");
                }
                Dot4Process.Result ctl = Dot4Process.run(60, null, "ctl", "status", "--socket", dir.resolve("control.sock").toString());
                assertThat(ctl.stdout()).as(ctl.toString()).contains("status page on " + page + "\n");
            }
        }
    }

    /** Sends {@link #ECHOED} bytes and reads them back, leaving the connection (and its channel) open. */
    private static void echoBytes(Socket echo) throws Exception {
        OutputStream out = echo.getOutputStream();
        out.write(new byte[ECHOED]);
        out.flush();
        InputStream in = echo.getInputStream();
        assertThat(in.readNBytes(ECHOED)).hasSize(ECHOED);
    }

    /** The table row of the channel {@code owner} holds. */
    private static String channelRow(String dom, String owner) {
        Matcher m = Pattern.compile("<tr data-channel=\"mfp/\\d+\">(.*?)</tr>").matcher(dom);
        while (m.find()) {
            if (m.group(1).contains("<td class=\"\">" + owner + "</td>")) {
                return m.group(1);
            }
        }
        throw new AssertionError("no channel row of " + owner + " in the rendered page:\n" + dom);
    }

    /** Asks /api/status (bounded, 30 s) until {@code wanted} holds for the parsed document; returns it. */
    private Map<String, Object> awaitStatus(URI page, Predicate<Map<String, Object>> wanted) throws Exception {
        String last = "";
        for (long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30); System.nanoTime() < end; Thread.sleep(100)) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(page.resolve("api/status")).build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json; charset=utf-8");
            last = r.body();
            Map<String, Object> status = MiniJson.object(MiniJson.parse(last));
            if (wanted.test(status)) {
                return status;
            }
        }
        throw new AssertionError("/api/status never showed what the test waits for; last:\n" + last);
    }

    private static Map<String, Object> device(Map<String, Object> status) {
        return MiniJson.object(MiniJson.array(status.get("devices")).getFirst());
    }

    private static Optional<Map<String, Object>> echoChannel(Map<String, Object> status) {
        return MiniJson.array(status.get("channels")).stream().map(MiniJson::object)
                .filter(c -> ((String) c.get("owner")).startsWith("port mfp:ECHO=")).findFirst();
    }

    private static List<Object> inks(Map<String, Object> status) {
        Object printer = device(status).get("printer");
        return printer == null || MiniJson.object(printer).get("inks") == null ? List.of()
                : MiniJson.array(MiniJson.object(printer).get("inks"));
    }
}
