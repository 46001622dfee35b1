package org.dot4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Debian's unmodified {@code escputil}, which speaks 1284.4 itself (Gutenprint's d4lib), reads the ink levels of an
 * Epson-profile {@code dot4 sim} through the daemon's pty proxy, while a 100 MiB job goes to the same device through
 * a service port; the job arrives whole (SHA-256 at the simulator's spool).
 */
@Timeout(180)
class EscputilProxyIT {

    private static final Path ESCPUTIL = Path.of("/usr/bin/escputil");
    private static final long JOB_BYTES = 100L << 20;
    private static final int CHUNK = 64 * 1024;
    /** The job's pace until escputil is done, so its data flows during the whole of escputil's run (about 20 s). */
    private static final long PACED_BYTES_PER_SECOND = 3L << 20;

    @TempDir
    Path dir;

    @Test
    void escputilReadsInkLevelsThroughTheProxyWhileAHundredMebibyteJobArrivesWhole() throws Exception {
        assertThat(ESCPUTIL).as("escputil is missing: apt-get install escputil").isExecutable();
        Path spool = Files.createDirectories(dir.resolve("spool"));
        Path device = dir.resolve("mfp.sock");
        int dataPort = PortRig.freePort();
        try (Dot4Process sim = Dot4Process.startServer("sim", "--listen", "unix-listen:" + device, "--spool", spool.toString(),
                     "--profile", "epson", "--ink", "K=71,C=52,M=33,Y=14");
             Dot4Process daemon = startDaemon(sim, device, dataPort)) {
            String proxyLine = daemon.awaitLine("proxy for mfp on ", 60);
            String pts = proxyLine.substring("proxy for mfp on ".length()).strip();
            assertThat(pts).matches("/dev/pts/[0-9]+");

            CountDownLatch escputilDone = new CountDownLatch(1);
            CompletableFuture<String> sent = CompletableFuture.supplyAsync(() -> sendJob(dataPort, escputilDone));
            Process escputil = new ProcessBuilder(ESCPUTIL.toString(), "-i", "-q", "-r", pts, "-m", "escp2-c88")
                    .redirectErrorStream(true).start();
            String output = new String(escputil.getInputStream().readAllBytes());
            assertThat(escputil.waitFor(120, TimeUnit.SECONDS)).as("escputil ended").isTrue();
            boolean jobStillGoing = !sent.isDone();
            escputilDone.countDown();

            assertThat(escputil.exitValue()).as(output + "\n--- daemon\n" + daemon.stderrText()).isZero();
            assertThat(output.lines().map(String::strip).map(l -> l.replaceAll("\\s+", " ")).toList())
                    .as(output).containsSubsequence("Black 71", "Cyan 52", "Magenta 33", "Yellow 14");
            assertThat(jobStillGoing).as("the job was still being sent when escputil ended").isTrue();

            String digest = sent.get(120, TimeUnit.SECONDS);
            Path job = awaitJob(spool);
            assertThat(Files.size(job)).isEqualTo(JOB_BYTES);
            assertThat(sha256(job)).isEqualTo(digest);
        }
    }

    private static Dot4Process startDaemon(Dot4Process sim, Path device, int dataPort) throws Exception {
        sim.awaitLine("listening on ", 60);
        return Dot4Process.startServer("serve", "--device", "mfp=unix:" + device, "--port", "EPSON-DATA=" + dataPort,
                "--proxy", "mfp=pty", "--socket", device.resolveSibling("control.sock").toString());
    }

    /** Writes the job (paced until escputil is done), ends with FIN, waits for the daemon's close; its SHA-256. */
    private static String sendJob(int port, CountDownLatch escputilDone) {
        try (Socket socket = connectWhenListening(port)) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            Random random = new Random(7);
            byte[] chunk = new byte[CHUNK];
            long start = System.nanoTime();
            for (long sent = 0; sent < JOB_BYTES; sent += CHUNK) {
                random.nextBytes(chunk);
                digest.update(chunk);
                socket.getOutputStream().write(chunk);
                long due = start + TimeUnit.SECONDS.toNanos(1) * (sent + CHUNK) / PACED_BYTES_PER_SECOND;
                long ahead = due - System.nanoTime();
                if (ahead > 0) {
                    escputilDone.await(ahead, TimeUnit.NANOSECONDS);
                }
            }
            socket.shutdownOutput();
            assertThat(socket.getInputStream().read()).as("a normal close after the job").isEqualTo(-1);
            return HexFormat.of().formatHex(digest.digest());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The service port listens once the device is up: retry refused connections for a while. */
    private static Socket connectWhenListening(int port) throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            Socket socket = new Socket();
            try {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
                return socket;
            } catch (java.net.ConnectException e) {
                socket.close();
                if (System.nanoTime() > end) {
                    throw e;
                }
                Thread.sleep(100);
            }
        }
    }

    private static Path awaitJob(Path spool) throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            try (var files = Files.list(spool)) {
                List<Path> jobs = files.filter(p -> p.getFileName().toString().endsWith(".prn")).toList();
                if (!jobs.isEmpty()) {
                    assertThat(jobs).hasSize(1);
                    return jobs.getFirst();
                }
            }
            assertThat(System.nanoTime()).as("a finished job in " + spool).isLessThan(end);
            Thread.sleep(100);
        }
    }

    private static String sha256(Path file) throws Exception {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest)) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
        }
        return HexFormat.of().formatHex(digest.digest());
    }
}
