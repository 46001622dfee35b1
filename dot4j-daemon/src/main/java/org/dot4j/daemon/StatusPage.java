package org.dot4j.daemon;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The status page: a small read-only web server (the JDK's {@code com.sun.net.httpserver}) with the page
 * ({@code /}: HTML, script and style bundled as resources, nothing fetched from elsewhere; the script asks
 * {@code /api/status} every second and draws the tables and graphs) and the JSON document behind it. GET and
 * HEAD only (405 otherwise), 404 for any other path.
 *
 * <p>On a loopback address a request must name a loopback host ({@code Host: 127.0.0.1:PORT}, {@code localhost},
 * {@code [::1]}), else 403: a web page elsewhere could otherwise point a name of its own at 127.0.0.1 (DNS
 * rebinding) and read the status from the user's browser.
 *
 * <p>Thread-safe: each request runs on a virtual thread of its own.
 */
final class StatusPage implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(StatusPage.class);
    /** The JSON document's path. */
    static final String API_STATUS = "/api/status";
    /** Hosts a loopback page answers to: localhost, 127.x.x.x, [::1], each with an optional port. */
    private static final Pattern LOOPBACK_HOST = Pattern.compile(
            "(localhost|127(\\.\\d{1,3}){3}|\\[(0{0,4}:){2,7}0{0,3}1\\])(:\\d{1,5})?", Pattern.CASE_INSENSITIVE);
    private static final String HTML = "text/html; charset=utf-8";
    private static final String JSON = "application/json; charset=utf-8";
    private static final String TEXT = "text/plain; charset=utf-8";

    private final HttpServer server;
    private final ExecutorService executor;
    private final HttpSpec spec;
    private final Supplier<String> status;
    private final Map<String, Asset> assets;
    private final URI uri;

    /** A bundled file and its content type. */
    private record Asset(byte[] body, String type) {}

    private StatusPage(HttpServer server, ExecutorService executor, HttpSpec spec, Supplier<String> status,
                       Map<String, Asset> assets) {
        this.server = server;
        this.executor = executor;
        this.spec = spec;
        this.status = status;
        this.assets = assets;
        this.uri = URI.create(spec.url(server.getAddress().getPort()));
    }

    /**
     * Binds the address and starts serving.
     *
     * @param status makes the JSON document, once per request
     * @throws IOException when the address cannot be bound, saying which
     */
    static StatusPage open(HttpSpec spec, Supplier<String> status) throws IOException {
        Asset html = asset("index.html", HTML);
        Map<String, Asset> assets = Map.of("/", html, "/index.html", html,
                "/app.js", asset("app.js", "text/javascript; charset=utf-8"),
                "/style.css", asset("style.css", "text/css; charset=utf-8"));
        HttpServer server;
        try {
            server = HttpServer.create(spec.address(), 0);
        } catch (IOException e) {
            throw new IOException("cannot listen on " + spec + " for the status page: " + e.getMessage()
                    + "; is another program using that port?", e);
        }
        ExecutorService executor = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("dot4-http-", 1).factory());
        server.setExecutor(executor);
        StatusPage page = new StatusPage(server, executor, spec, status, assets);
        server.createContext("/", page::handle);
        server.start();
        return page;
    }

    /** The page's address, e.g. {@code http://127.0.0.1:8631/}. */
    URI uri() {
        return uri;
    }

    /** Stops serving; requests under way are cut off. */
    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private void handle(HttpExchange exchange) {
        try (exchange) {
            String method = exchange.getRequestMethod();
            String path = exchange.getRequestURI().getPath();
            if (!method.equals("GET") && !method.equals("HEAD")) {
                exchange.getResponseHeaders().set("Allow", "GET, HEAD");
                send(exchange, 405, TEXT, "only GET and HEAD are served here\n");
            } else if (spec.loopback() && !loopbackHost(exchange.getRequestHeaders().getFirst("Host"))) {
                send(exchange, 403, TEXT, "this page answers to 127.0.0.1, [::1] and localhost only\n");
            } else if (API_STATUS.equals(path)) {
                send(exchange, 200, JSON, status.get());
            } else if (assets.containsKey(path)) {
                Asset asset = assets.get(path);
                send(exchange, 200, asset.type(), asset.body());
            } else {
                send(exchange, 404, TEXT, "no such page: " + path + "; the status page is " + uri + "\n");
            }
        } catch (IOException e) {
            // The browser went away mid-answer.
            log.debug("status page: {} {}: {}", exchange.getRequestMethod(), exchange.getRequestURI(), e.getMessage());
        }
    }

    static boolean loopbackHost(String host) {
        return host != null && LOOPBACK_HOST.matcher(host.strip()).matches();
    }

    private static void send(HttpExchange exchange, int code, String type, String body) throws IOException {
        send(exchange, code, type, body.getBytes(StandardCharsets.UTF_8));
    }

    private static void send(HttpExchange exchange, int code, String type, byte[] body) throws IOException {
        Headers headers = exchange.getResponseHeaders();
        headers.set("Content-Type", type);
        headers.set("Cache-Control", "no-store");
        headers.set("X-Content-Type-Options", "nosniff");
        headers.set("Referrer-Policy", "no-referrer");
        headers.set("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'");
        if (exchange.getRequestMethod().toUpperCase(Locale.ROOT).equals("HEAD")) {
            // The JDK's server wants -1 for HEAD and the length set by hand.
            headers.set("Content-Length", Integer.toString(body.length));
            exchange.sendResponseHeaders(code, -1);
            return;
        }
        exchange.sendResponseHeaders(code, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    /** A bundled file, read once at start. */
    private static Asset asset(String name, String type) throws IOException {
        try (InputStream in = StatusPage.class.getResourceAsStream("page/" + name)) {
            if (in == null) {
                throw new IOException("the status page's page/" + name + " is missing from the jar; rebuild dot4j");
            }
            return new Asset(in.readAllBytes(), type);
        }
    }
}
