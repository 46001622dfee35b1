package org.dot4j.cli;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.URISyntaxException;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.dot4j.driver.Deadline;
import org.dot4j.driver.Dot4Host;
import org.dot4j.driver.HostClient;
import org.dot4j.links.LinkUri;
import org.dot4j.links.Links;

/**
 * {@code dot4 bench}'s process row: this process as the host, {@code dot4 sim} in another process over a Unix
 * socket with its spool on, beside the raw stream over the same kind of socket into a file in another process.
 */
final class ProcessBench {
    private static final Duration START = Duration.ofSeconds(30);

    private final LinkBench bench;
    private final Path dir;
    /** The {@code dot4 sim} every run talks to; started by the first. */
    private Process sim;

    ProcessBench(LinkBench bench) throws IOException {
        this.bench = bench;
        this.dir = Files.createTempDirectory("dot4-bench-proc");
    }

    /** MB/s of the raw stream from here to a file written by another process, sent for at least {@code minNanos}. */
    double raw(long minNanos) throws Exception {
        Path sock = dir.resolve("raw.sock");
        Path file = dir.resolve("raw.out");
        Process sink = child(List.of("-cp", jar().toString(), RawSink.class.getName(), sock.toString(), file.toString()));
        try {
            awaitSocket(sock, sink);
            try (SocketChannel out = connect(sock)) {
                long start = System.nanoTime();
                long bytes = 0;
                ByteBuffer chunk = ByteBuffer.allocateDirect(LinkBench.CHUNK);
                while (System.nanoTime() - start < minNanos) {
                    chunk.clear();
                    while (chunk.hasRemaining()) {
                        out.write(chunk);
                    }
                    bytes += LinkBench.CHUNK;
                }
                out.shutdownOutput();
                // The sink closes once everything is on file.
                while (out.read(ByteBuffer.allocate(1)) >= 0) {
                    Thread.onSpinWait();
                }
                double mbps = LinkBench.mbps(bytes, start);
                check(file, bytes);
                return mbps;
            }
        } finally {
            stop(sink);
            Files.deleteIfExists(sock);
            Files.deleteIfExists(file);
        }
    }

    /**
     * MB/s of a job to {@code dot4 sim}'s PRINT in another process, spooled, closed once the sim took it all. The sim
     * is started by the first run and serves every later one, as a peripheral or daemon stays up between jobs: a
     * fresh process each run measured its JIT compiling the job's path.
     */
    double dot4(long minNanos) throws Exception {
        Path sock = dir.resolve("sim.sock");
        Path spool = dir.resolve("spool");
        if (sim == null) {
            // The sim's print channel is sized like the in-process rows' sink (LinkBench.services()): with its
            // default 64 KiB buffer one credit round trip across processes per 64 KiB is what would be measured.
            sim = child(List.of("-jar", jar().toString(), "sim", "--listen", "unix-listen:" + sock, "--spool", spool.toString(),
                    "--print-buffer", Integer.toString(LinkBench.SINK_BUFFER), "--print-packet", Integer.toString(LinkBench.SINK_PACKET)));
            awaitSocket(sock, sim);
            connect(sock).close(); // the socket file exists a moment before the child listens on it
        }
        try (Dot4Host host = Dot4Host.connect(Links.connect(LinkUri.parse("unix:" + sock), START), bench.hostOptions());
             HostClient client = host.newClient("bench")) {
            long start = System.nanoTime();
            long bytes = bench.send(client, LinkBench.SINK, minNanos);
            double mbps = LinkBench.mbps(bytes, start);
            Path job = awaitJob(spool, sim);
            check(job, bytes);
            Files.delete(job);
            return mbps;
        }
    }

    /** Stops the sim and removes the run's temporary directory. */
    void close() throws IOException, InterruptedException {
        if (sim != null) {
            stop(sim);
        }
        TempTrees.delete(dir);
    }

    /** A connection to {@code sock}, retried while refused (bound, not yet listening) until the start deadline. */
    private static SocketChannel connect(Path sock) throws Exception {
        Deadline deadline = Deadline.ofMillis(START.toMillis());
        while (true) {
            SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
            try {
                channel.connect(UnixDomainSocketAddress.of(sock));
                return channel;
            } catch (java.net.ConnectException e) {
                channel.close();
                if (deadline.expired()) {
                    throw new IllegalStateException("the bench's child process refused connections on " + sock, e);
                }
                Thread.sleep(10);
            }
        }
    }

    private Process child(List<String> args) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElse("java"));
        cmd.addAll(List.of("--enable-native-access=ALL-UNNAMED", "-XX:+UseSerialGC"));
        cmd.addAll(args);
        // The child's log goes to a file: the bench's own output stays a table.
        return new ProcessBuilder(cmd).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.appendTo(dir.resolve("children.log").toFile())).start();
    }

    private static Path jar() {
        try {
            Path path = Path.of(ProcessBench.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            if (!Files.isRegularFile(path)) {
                throw new IllegalStateException("the process row needs dot4 run from its jar (./dot4), not from " + path);
            }
            return path;
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void awaitSocket(Path sock, Process child) throws Exception {
        Deadline deadline = Deadline.ofMillis(START.toMillis());
        while (!Files.exists(sock)) {
            if (!child.isAlive()) {
                throw new IllegalStateException("the bench's child process exited with status " + child.exitValue());
            }
            if (deadline.expired()) {
                throw new IllegalStateException("the bench's child process did not listen on " + sock + " within " + START);
            }
            Thread.sleep(10);
        }
    }

    private static Path awaitJob(Path spool, Process sim) throws Exception {
        Deadline deadline = Deadline.ofMillis(START.toMillis());
        while (!deadline.expired()) {
            if (Files.isDirectory(spool)) {
                try (Stream<Path> s = Files.list(spool)) {
                    var job = s.filter(p -> p.getFileName().toString().endsWith(".prn")).findFirst();
                    if (job.isPresent()) {
                        return job.get();
                    }
                }
            }
            if (!sim.isAlive()) {
                throw new IllegalStateException("dot4 sim exited with status " + sim.exitValue() + " before it spooled the job");
            }
            Thread.sleep(10);
        }
        throw new IllegalStateException("dot4 sim spooled no complete job in " + spool + " within " + START);
    }

    private static void check(Path file, long bytes) throws IOException {
        long size = Files.size(file);
        if (size != bytes) {
            throw new IllegalStateException(file + " holds " + size + " bytes, not the " + bytes + " sent");
        }
    }

    private static void stop(Process child) throws InterruptedException {
        child.destroy();
        if (!child.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) {
            child.destroyForcibly().waitFor();
        }
    }
}
