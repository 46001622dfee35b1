package org.dot4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.dot4j.api.ChannelType;
import org.dot4j.api.CreateSocketData;
import org.dot4j.api.IoResult;
import org.dot4j.daemon.DaemonClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real daemon as a process ({@code dot4 serve}) in front of a simulated peripheral process ({@code dot4 sim}):
 * Java clients on the control socket, {@code nc} and CUPS's unmodified socket backend on a service port, all at
 * once; a client killed mid-transfer; the device link cut and restored.
 */
@Timeout(300)
class DaemonIT {
    /** Blocking tasks get a platform thread each: the common pool has one thread on two cores and would serialise them, and a virtual thread blocked in a FileChannel read is not released by close. */
    private static final java.util.concurrent.ExecutorService BLOCKING = java.util.concurrent.Executors.newThreadPerTaskExecutor(Thread.ofPlatform().daemon().factory());


    static final Path CUPS_SOCKET_BACKEND = Path.of("/usr/lib/cups/backend-available/socket");

    @TempDir
    Path dir;
    Path spool;
    Path deviceSocket;
    Path control;
    int port;
    Dot4Process sim;
    Dot4Process daemon;

    @BeforeEach
    void start() throws Exception {
        spool = Files.createDirectories(dir.resolve("spool"));
        deviceSocket = dir.resolve("mfp.sock");
        control = dir.resolve("control.sock");
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        sim = startSim();
        daemon = Dot4Process.startServer("serve", "--device", "mfp=unix:" + deviceSocket, "--port", "PRINT=" + port,
                "--socket", control.toString());
        daemon.awaitLine("serving on ", 60);
        awaitStatus("UP", 30);
    }

    @AfterEach
    void stop() throws Exception {
        daemon.close();
        sim.close();
    }

    @Test
    void javaClientsNcAndCupsPrintAtOnceAndEveryJobIsSpooledIntact() throws Exception {
        List<byte[]> jobs = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            byte[] job = new byte[(3 << 20) + i * 1000];
            new Random(i).nextBytes(job);
            jobs.add(job);
        }
        Path ncJob = Files.write(dir.resolve("nc.job"), jobs.get(2));
        Path cupsJob = Files.write(dir.resolve("cups.job"), jobs.get(3));
        List<CompletableFuture<?>> all = new ArrayList<>();
        all.add(CompletableFuture.runAsync(() -> printThroughControlSocket(jobs.get(0)), BLOCKING));
        all.add(CompletableFuture.runAsync(() -> printThroughControlSocket(jobs.get(1)), BLOCKING));
        all.add(CompletableFuture.runAsync(() -> run(List.of("sh", "-c", "nc -N 127.0.0.1 " + port + " < " + ncJob), List.of()), BLOCKING));
        all.add(CompletableFuture.runAsync(() -> run(List.of(CUPS_SOCKET_BACKEND.toString(), "1", "tester", "dot4j job", "1", "", cupsJob.toString()),
                List.of("DEVICE_URI=socket://127.0.0.1:" + port)), BLOCKING));
        CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(180, TimeUnit.SECONDS);
        Set<String> expected = new HashSet<>();
        jobs.forEach(j -> expected.add(sha256(j)));
        assertThat(awaitSpooled(4)).isEqualTo(expected);
    }

    @Test
    void killingAClientMidTransferClosesItsChannelAndOthersCarryOn() throws Exception {
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), DaemonClientMain.class.getName(), control.toString());
        Process victim = pb.redirectErrorStream(true).start();
        String first = new java.io.BufferedReader(new java.io.InputStreamReader(victim.getInputStream())).readLine();
        assertThat(first).isEqualTo("writing");
        awaitStatusMatching("(?s).*channels:\\s*\\n\\s+\\S.*", 30);
        CompletableFuture<Void> other = CompletableFuture.runAsync(() -> printThroughControlSocket(new byte[2 << 20]), BLOCKING);
        victim.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        other.get(120, TimeUnit.SECONDS);
        // The killed client's channel is closed on the device: no channel is left in the daemon's report.
        awaitStatusMatching("(?s).*channels:\\s*\\n\\s+\\(none\\).*", 30);
    }

    @Test
    void theDaemonSurvivesItsDeviceLinkBeingCutAndRestored() throws Exception {
        sim.process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        awaitStatus("DOWN", 30);
        sim = startSim();
        awaitStatus("UP", 60);
        byte[] job = new byte[1 << 20];
        new Random(9).nextBytes(job);
        printThroughControlSocket(job);
        assertThat(awaitSpooled(1)).contains(sha256(job));
    }

    private Dot4Process startSim() throws Exception {
        Dot4Process p = Dot4Process.startServer("sim", "--listen", "unix-listen:" + deviceSocket, "--spool", spool.toString());
        p.awaitLine("listening on ", 60);
        return p;
    }

    private void printThroughControlSocket(byte[] job) {
        try (DaemonClient client = DaemonClient.connect(control, "mfp")) {
            int socket = client.createSocket(CreateSocketData.forService("PRINT", ChannelType.STREAM, 65536, 16384, 16384)).hostSocketId();
            int handle = client.openChannel(socket, false);
            IoResult r = client.write(handle, job, 0, job.length, 60_000);
            assertThat(r).isEqualTo(IoResult.success(job.length));
            client.closeChannel(handle);
            client.destroySocket(socket);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void run(List<String> command, List<String> env) {
        try {
            ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
            for (String e : env) {
                pb.environment().put(e.substring(0, e.indexOf('=')), e.substring(e.indexOf('=') + 1));
            }
            Process p = pb.start();
            String out = new String(p.getInputStream().readAllBytes());
            assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).as(command + ": " + out).isZero();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private String status() throws Exception {
        Dot4Process.Result r = Dot4Process.run(60, null, "ctl", "status", "--socket", control.toString());
        return r.stdout();
    }

    private void awaitStatus(String deviceState, int seconds) throws Exception {
        awaitStatusMatching("(?s).*mfp\\s+unix:\\S+\\s+" + deviceState + ".*", seconds);
    }

    private void awaitStatusMatching(String regex, int seconds) throws Exception {
        String last = "";
        for (long end = System.nanoTime() + seconds * 1_000_000_000L; System.nanoTime() < end; Thread.sleep(200)) {
            last = status();
            if (last.matches(regex)) {
                return;
            }
        }
        throw new AssertionError("dot4 ctl status never matched " + regex + "; last:\n" + last);
    }

    /** Digests of the whole jobs spooled, once {@code count} are there. */
    private Set<String> awaitSpooled(int count) throws Exception {
        for (int i = 0; i < 600; i++) {
            List<Path> done;
            try (var s = Files.list(spool)) {
                done = s.filter(p -> p.getFileName().toString().endsWith(".prn")).toList();
            }
            if (done.size() >= count) {
                Set<String> digests = new HashSet<>();
                for (Path p : done) {
                    digests.add(sha256(Files.readAllBytes(p)));
                }
                return digests;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("fewer than " + count + " jobs spooled in " + spool);
    }

    private static String sha256(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
