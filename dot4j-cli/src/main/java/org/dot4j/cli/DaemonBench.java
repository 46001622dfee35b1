package org.dot4j.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.dot4j.daemon.DaemonClient;
import org.dot4j.daemon.DaemonConfig;
import org.dot4j.daemon.DeviceSpec;
import org.dot4j.daemon.Dot4Daemon;
import org.dot4j.driver.ByteLink;
import org.dot4j.driver.Dot4Peripheral;
import org.dot4j.driver.LinkListener;
import org.dot4j.links.LinkUri;
import org.dot4j.links.Links;

/**
 * {@code dot4 bench}'s daemon figure: a job through {@code dot4 serve}'s control socket (client, Unix socket, daemon,
 * in-memory link, peripheral, all in this process), to compare with the same job from an in-process host.
 */
final class DaemonBench {
    private static final Duration START = Duration.ofSeconds(30);
    private static final AtomicInteger RUNS = new AtomicInteger();

    private final LinkBench bench;

    DaemonBench(LinkBench bench) {
        this.bench = bench;
    }

    /** MB/s of a job sent for at least {@code minNanos} through the daemon, closed once the peripheral took it all. */
    double run(long minNanos) throws Exception {
        String link = "mem:bench-daemon-" + RUNS.incrementAndGet();
        Path dir = Files.createTempDirectory("dot4-bench-daemon");
        Path socket = dir.resolve(DaemonConfig.SOCKET_FILE);
        try (LinkListener listener = Links.listen(LinkUri.parse(link))) {
            // The peripheral stays up until the client is done: its CloseChannel reply must still go out.
            CompletableFuture<Dot4Peripheral> device = CompletableFuture.supplyAsync(() -> {
                try {
                    return Dot4Peripheral.start(listener.accept(), LinkBench.services());
                } catch (java.io.IOException e) {
                    throw new IllegalStateException("the bench's peripheral failed: " + e.getMessage(), e);
                }
            }, BenchCommand.BLOCKING);
            CompletableFuture<long[]> sink = device.thenApplyAsync(p -> LinkBench.sink(p, LinkBench.SINK), BenchCommand.BLOCKING);
            DaemonConfig config = DaemonConfig.of(List.of(DeviceSpec.of("bench", link)), List.of()).withControlSocket(socket);
            try (Dot4Daemon daemon = Dot4Daemon.start(config)) {
                if (!daemon.awaitConnected("bench", START)) {
                    throw new IllegalStateException("the bench's daemon did not reach its device within " + START);
                }
                try (DaemonClient client = DaemonClient.connect(socket, "bench")) {
                    long start = System.nanoTime();
                    long sent = bench.send(client, LinkBench.SINK, minNanos);
                    long[] got = sink.get();
                    if (got[0] != sent) {
                        throw new IllegalStateException("through the daemon the sink received " + got[0] + " of " + sent + " bytes");
                    }
                    return got[0] / ((got[1] - start) / 1e9) / 1e6;
                }
            } finally {
                device.thenAccept(Dot4Peripheral::close);
            }
        } finally {
            Files.deleteIfExists(socket);
            Files.deleteIfExists(dir);
        }
    }
}
