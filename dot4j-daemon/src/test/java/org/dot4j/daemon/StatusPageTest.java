package org.dot4j.daemon;

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
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The status page over real HTTP: its files, the JSON document, and what it refuses. */
@Timeout(30)
class StatusPageTest {

    @TempDir
    Path dir;
    DaemonFixture fixture;
    URI page;
    final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void start() throws Exception {
        fixture = DaemonFixture.start(dir, List.of("PRINT=0"),
                c -> c.withHttp(Optional.of(HttpSpec.parse("127.0.0.1:0", false))));
        page = fixture.daemon().statusPage().orElseThrow();
    }

    @AfterEach
    void stop() throws Exception {
        http.close();
        fixture.close();
    }

    @Test
    void thePageAndItsScriptAndStyleAreServedFromTheJar() throws Exception {
        HttpResponse<String> html = get("/");
        assertThat(html.statusCode()).isEqualTo(200);
        assertThat(html.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
        assertThat(html.body()).contains("<script src=\"app.js\"").contains("style.css").doesNotContain("http://", "https://");
        assertThat(get("/app.js").body()).contains("api/status");
        assertThat(get("/style.css").headers().firstValue("Content-Type")).hasValue("text/css; charset=utf-8");
    }

    @Test
    void theJsonDocumentDescribesTheDeviceAndItsPortsAndNamesThePage() throws Exception {
        HttpResponse<String> json = get("/api/status");
        assertThat(json.statusCode()).isEqualTo(200);
        assertThat(json.headers().firstValue("Content-Type")).hasValue("application/json; charset=utf-8");
        assertThat(json.headers().firstValue("Cache-Control")).hasValue("no-store");
        assertThat(json.body()).startsWith("{\"time\":\"").contains("\"statusPage\":\"" + page + "\"")
                .contains("\"name\":\"dev\",\"uri\":\"unix:" + dir).contains("\"up\":true").contains("\"revision\":32")
                .contains("\"service\":\"PRINT\"").contains("\"history\":{\"periodMs\":1000,\"capacity\":300,");
        assertThat(fixture.daemon().statusReport()).contains("status page on " + page + "\n");
    }

    @Test
    void aPrintJobOnAServicePortIsListedWithItsBytesOnceItEnded() throws Exception {
        int port = fixture.daemon().boundPort(DaemonFixture.DEVICE, "PRINT");
        byte[] job = new byte[70_000];
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.getOutputStream().write(job);
            socket.shutdownOutput();
            assertThat(socket.getInputStream().read()).isEqualTo(-1);
        }
        assertThat(fixture.peripheral().nextPrintJob(java.time.Duration.ofSeconds(10))).hasSize(job.length);
        ClientIsolationTest.waitUntil(() -> body("/api/status").contains("\"jobs\":[{"));
        // The port is named as configured: 0 here, as tests let the system choose.
        assertThat(body("/api/status")).containsPattern("\"jobs\":\\[\\{\"port\":\"dev:PRINT=0\",\"client\":\"port dev:PRINT=0 #1\",\"started\":\"[^\"]+\",\"durationMs\":\\d+,\"bytesToDevice\":70000,\"bytesFromDevice\":0,"
                + "\"outcome\":\"delivered\",\"reason\":\"the client ended its job\"}]");
    }

    @Test
    void otherPathsAre404AndOtherMethods405() throws Exception {
        assertThat(get("/nope").statusCode()).isEqualTo(404);
        assertThat(get("/api/status/x").statusCode()).isEqualTo(404);
        HttpResponse<String> post = http.send(HttpRequest.newBuilder(page.resolve("/api/status"))
                .POST(HttpRequest.BodyPublishers.ofString("x")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(post.statusCode()).isEqualTo(405);
        assertThat(post.headers().firstValue("Allow")).hasValue("GET, HEAD");
    }

    @Test
    void headAnswersWithTheLengthAndNoBody() throws Exception {
        HttpResponse<String> head = http.send(HttpRequest.newBuilder(page).method("HEAD", HttpRequest.BodyPublishers.noBody())
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.body()).isEmpty();
        assertThat(head.headers().firstValueAsLong("Content-Length").orElseThrow()).isEqualTo(get("/").body().length());
    }

    @Test
    void aRequestForAnotherHostNameIsRefusedAgainstDnsRebinding() throws Exception {
        assertThat(rawGet("evil.example:" + page.getPort())).startsWith("HTTP/1.1 403 ");
        assertThat(rawGet("localhost:" + page.getPort())).startsWith("HTTP/1.1 200 ");
        assertThat(rawGet("127.0.0.1")).startsWith("HTTP/1.1 200 ");
    }

    @Test
    void loopbackHostsAreNamesOrAddressesOfThisMachineOnly() {
        assertThat(List.of("localhost", "LOCALHOST:8631", "127.0.0.1:1", "127.1.2.3", "[::1]", "[::1]:8631",
                "[0:0:0:0:0:0:0:1]:80")).allMatch(StatusPage::loopbackHost);
        assertThat(List.of("evil.example", "localhost.evil.example", "127.0.0.1.evil.example", "[::2]", "192.168.1.2:80", ""))
                .noneMatch(StatusPage::loopbackHost);
        assertThat(StatusPage.loopbackHost(null)).isFalse();
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(page.resolve(path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private String body(String path) {
        try {
            return get(path).body();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** A GET of / with a Host header of our choosing (HttpClient sets its own). */
    private String rawGet(String host) throws Exception {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), page.getPort())) {
            OutputStream out = socket.getOutputStream();
            out.write(("GET / HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }
}
