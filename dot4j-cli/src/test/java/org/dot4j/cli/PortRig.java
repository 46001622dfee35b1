package org.dot4j.cli;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A real {@code dot4 sim} process behind a real {@code dot4 serve} process with service ports, and the clients users
 * point at them: {@code nc -N} and CUPS's unmodified socket backend. Jobs are checked against what the simulated
 * peripheral spooled, by SHA-256.
 */
final class PortRig implements AutoCloseable {
    /** CUPS's socket backend, unmodified (the Debian package installs it here). */
    static final Path CUPS_SOCKET_BACKEND = Path.of("/usr/lib/cups/backend/socket");
    /** How long one client process may take; far above any job here, so only a hang reaches it. */
    static final long CLIENT_SECONDS = 120;

    final Path dir;
    final Path spool;
    final Path deviceSocket;
    final Path control;
    final int printPort;
    final int scanPort;
    final int echoPort;
    /** A port for a service the simulated peripheral lacks. */
    final int faxPort;
    Dot4Process sim;
    final Dot4Process daemon;

    private PortRig(Path dir) throws Exception {
        this.dir = dir;
        spool = Files.createDirectories(dir.resolve("spool"));
        deviceSocket = dir.resolve("mfp.sock");
        control = dir.resolve("control.sock");
        printPort = freePort();
        scanPort = freePort();
        echoPort = freePort();
        faxPort = freePort();
        sim = startSim();
        daemon = Dot4Process.startServer("serve", "--device", "mfp=unix:" + deviceSocket, "--port", "PRINT=" + printPort,
                "--port", "HP-SCAN=" + scanPort, "--port", "ECHO=" + echoPort, "--port", "FAX=" + faxPort, "--socket", control.toString());
        daemon.awaitLine("serving on ", 60);
    }

    /** Starts both processes in {@code dir}; the daemon is serving once this returns, the device may still connect. */
    static PortRig start(Path dir) throws Exception {
        return new PortRig(dir);
    }

    /**
     * Waits (bounded) until {@code dot4 ctl status} shows the device in {@code state} (UP or DOWN); for UP, also
     * until the ports of the services it has listen.
     */
    void awaitDevice(String state, long seconds) throws Exception {
        String ports = state.equals("UP") ? "(?=.*mfp:PRINT=\\d+, \\d+ connection\\(s\\), listening)"
                + "(?=.*mfp:ECHO=\\d+, \\d+ connection\\(s\\), listening)" : "";
        awaitStatus("(?s)" + ports + ".*mfp\\s+unix:\\S+\\s+" + state + ".*", seconds);
    }

    /** Waits (bounded) until the text of {@code file} matches {@code regex}. */
    static void awaitFile(Path file, String regex, long seconds) throws Exception {
        String last = "";
        for (long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds); System.nanoTime() < end; Thread.sleep(100)) {
            last = Files.exists(file) ? Files.readString(file) : "";
            if (last.matches(regex)) {
                return;
            }
        }
        throw new AssertionError(file + " never matched " + regex + "; last:\n" + last);
    }

    /** Waits (bounded) until {@code dot4 ctl status} matches {@code regex}. */
    void awaitStatus(String regex, long seconds) throws Exception {
        String last = "";
        for (long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds); System.nanoTime() < end; Thread.sleep(100)) {
            last = Dot4Process.run(60, null, "ctl", "status", "--socket", control.toString()).stdout();
            if (last.matches(regex)) {
                return;
            }
        }
        throw new AssertionError("dot4 ctl status never matched " + regex + "; last:\n" + last);
    }

    /** As {@link #signalSim} for clean-up: a simulator that already ended is fine. */
    void signalSimQuietly(String signal) throws Exception {
        if (sim.process.isAlive()) {
            new ProcessBuilder("kill", "-" + signal, Long.toString(sim.process.pid())).start().waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** Sends {@code signal} (STOP, CONT, TERM, KILL) to the simulated peripheral. */
    void signalSim(String signal) throws Exception {
        Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(sim.process.pid())).inheritIO().start();
        if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
            throw new AssertionError("kill -" + signal + " failed");
        }
    }

    /** (Re)starts the simulated peripheral on the same socket and spool. */
    Dot4Process startSim() throws Exception {
        Dot4Process p = Dot4Process.startServer("sim", "--listen", "unix-listen:" + deviceSocket, "--spool", spool.toString());
        p.awaitLine("listening on ", 60);
        sim = p;
        return p;
    }

    /** The process id of the simulated peripheral, for SIGSTOP/SIGKILL. */
    long simPid() {
        return sim.process.pid();
    }

    /** Starts {@code nc -N 127.0.0.1 port < job}, its output to {@code out}. */
    Process startNc(int port, Path job, Path out) throws IOException {
        return new ProcessBuilder("nc", "-N", "127.0.0.1", Integer.toString(port))
                .redirectInput(job.toFile()).redirectOutput(out.toFile()).redirectError(out.resolveSibling(out.getFileName() + ".err").toFile())
                .start();
    }

    /** Starts {@code nc -N 127.0.0.1 port} reading the job from the test through its stdin, its output to {@code out}. */
    Process startNcFedByTest(int port, Path out) throws IOException {
        return new ProcessBuilder("nc", "-N", "127.0.0.1", Integer.toString(port))
                .redirectOutput(out.toFile()).redirectError(out.resolveSibling(out.getFileName() + ".err").toFile()).start();
    }

    /** Starts CUPS's socket backend printing {@code job} to {@code port}, as cupsd would run it. */
    Process startCupsBackend(int port, Path job, Path out) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(CUPS_SOCKET_BACKEND.toString(), "1", "tester", "dot4j job", "1", "", job.toString())
                .redirectErrorStream(true).redirectOutput(out.toFile());
        pb.environment().put("DEVICE_URI", "socket://127.0.0.1:" + port);
        return pb.start();
    }

    /** Waits for {@code p} (bounded) and returns its exit code. */
    static int exitCode(Process p) throws InterruptedException {
        if (!p.waitFor(CLIENT_SECONDS, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("client " + p.info().commandLine().orElse("?") + " did not end within " + CLIENT_SECONDS + " s");
        }
        return p.exitValue();
    }

    /** Finished job files (complete and incomplete), by name, once no job is being written. */
    Map<String, byte[]> finishedJobs() throws IOException {
        Map<String, byte[]> jobs = new TreeMap<>();
        try (var files = Files.list(spool)) {
            for (Path p : files.toList()) {
                String name = p.getFileName().toString();
                if (!name.endsWith(".part")) {
                    jobs.put(name, Files.readAllBytes(p));
                }
            }
        }
        return jobs;
    }

    /** Waits (bounded) until the job being spooled holds {@code bytes} bytes: the device has taken them. */
    void awaitJobInProgress(long bytes, long seconds) throws Exception {
        for (long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds); System.nanoTime() < end; Thread.sleep(50)) {
            try (var files = Files.list(spool)) {
                for (Path p : files.filter(f -> f.getFileName().toString().endsWith(".part")).toList()) {
                    if (Files.size(p) >= bytes) {
                        return;
                    }
                }
            }
        }
        throw new AssertionError("no job of " + bytes + " bytes in progress within " + seconds + " s; spool: " + spoolSummary());
    }

    /** True while a job file is still being written. */
    boolean jobInProgress() throws IOException {
        try (var files = Files.list(spool)) {
            return files.anyMatch(p -> p.getFileName().toString().endsWith(".part"));
        }
    }

    /**
     * Digests of the non-empty complete jobs spooled, sorted, once they match {@code expected} (sorted digests of
     * the non-empty jobs sent) or {@code seconds} passed. Empty jobs are left out on both sides: a simulator may
     * or may not spool a channel that carried nothing.
     */
    List<String> awaitCompleteDigests(List<String> expected, long seconds) throws Exception {
        return awaitCompleteDigests(expected, seconds, job -> false);
    }

    /** As {@link #awaitCompleteDigests(List, long)}, leaving out spooled jobs that {@code ignored} accepts. */
    List<String> awaitCompleteDigests(List<String> expected, long seconds, Predicate<byte[]> ignored) throws Exception {
        List<String> got = List.of();
        for (long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds); System.nanoTime() < end; Thread.sleep(50)) {
            got = completeDigests(ignored);
            if (got.equals(expected) && !jobInProgress()) {
                return got;
            }
        }
        return got;
    }

    /** Sorted digests of the non-empty complete ({@code .prn}) jobs spooled that {@code ignored} rejects. */
    private List<String> completeDigests(Predicate<byte[]> ignored) throws IOException {
        List<String> digests = new ArrayList<>();
        for (Map.Entry<String, byte[]> e : finishedJobs().entrySet()) {
            if (e.getKey().endsWith(".prn") && e.getValue().length > 0 && !ignored.test(e.getValue())) {
                digests.add(sha256(e.getValue()));
            }
        }
        digests.sort(null);
        return digests;
    }

    /** A one-line summary of the spool for failure messages: each file's name and size. */
    String spoolSummary() throws IOException {
        StringBuilder s = new StringBuilder();
        try (var files = Files.list(spool)) {
            for (Path p : files.sorted().toList()) {
                s.append(p.getFileName()).append('=').append(Files.size(p)).append(' ');
            }
        }
        return s.toString();
    }

    static String sha256(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket free = new ServerSocket(0)) {
            return free.getLocalPort();
        }
    }

    @Override
    public void close() throws Exception {
        try {
            daemon.close();
        } finally {
            sim.close();
        }
    }
}
