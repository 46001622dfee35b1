package org.dot4j.cli;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The real {@code ./dot4} command run as a separate process, as a user runs it. The path comes from the
 * {@code dot4.command} system property that the build sets.
 */
final class Dot4Process implements AutoCloseable {
    /** Blocking tasks get a platform thread each: the common pool has one thread on two cores and would serialise them, and a virtual thread blocked in a FileChannel read is not released by close. */
    private static final java.util.concurrent.ExecutorService BLOCKING = java.util.concurrent.Executors.newThreadPerTaskExecutor(Thread.ofPlatform().daemon().factory());


    final Process process;
    private final CompletableFuture<byte[]> stdout;
    private final CompletableFuture<byte[]> stderr;
    /** What the process wrote to stderr so far: a server's log is readable while it runs. */
    private final ByteArrayOutputStream stderrSoFar = new ByteArrayOutputStream();

    private Dot4Process(Process process, boolean streamStdout) {
        this.process = process;
        this.stdout = streamStdout ? CompletableFuture.completedFuture(new byte[0])
                : collect(process.getInputStream(), new ByteArrayOutputStream());
        this.stderr = collect(process.getErrorStream(), stderrSoFar);
    }

    /** The command's path. */
    static String command() {
        String path = System.getProperty("dot4.command");
        if (path == null) {
            throw new IllegalStateException("run through Maven (mvn verify), which sets -Ddot4.command");
        }
        return Path.of(path).toAbsolutePath().normalize().toString();
    }

    /** Starts {@code dot4 args}, feeding {@code stdin} (or nothing). */
    static Dot4Process start(Path stdin, String... args) throws IOException {
        return start(stdin, false, args);
    }

    /** Starts a long-running {@code dot4 args} whose stdout the caller reads line by line. */
    static Dot4Process startServer(String... args) throws IOException {
        return start(null, true, args);
    }

    private static Dot4Process start(Path stdin, boolean streamStdout, String... args) throws IOException {
        return start(stdin, streamStdout, Map.of(), args);
    }

    private static Dot4Process start(Path stdin, boolean streamStdout, Map<String, String> env, String... args)
            throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(command());
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().putAll(env);
        pb.redirectInput(stdin == null ? ProcessBuilder.Redirect.from(new java.io.File("/dev/null")) : ProcessBuilder.Redirect.from(stdin.toFile()));
        return new Dot4Process(pb.start(), streamStdout);
    }

    /** Runs {@code dot4 args} to completion (at most {@code seconds}). */
    static Result run(long seconds, Path stdin, String... args) throws Exception {
        try (Dot4Process p = start(stdin, args)) {
            return p.await(seconds);
        }
    }

    /** Runs {@code dot4 args} to completion (at most {@code seconds}) with {@code env} added to its environment. */
    static Result runWithEnv(long seconds, Map<String, String> env, String... args) throws Exception {
        try (Dot4Process p = start(null, false, env, args)) {
            return p.await(seconds);
        }
    }

    /** Reads stdout lines until one starts with {@code prefix}; returns it (long-running commands). */
    String awaitLine(String prefix, long seconds) throws Exception {
        BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        CompletableFuture<String> line = CompletableFuture.supplyAsync(() -> {
            try {
                for (String l = reader.readLine(); l != null; l = reader.readLine()) {
                    if (l.startsWith(prefix)) {
                        return l;
                    }
                }
                return null;
            } catch (IOException e) {
                return null;
            }
        }, BLOCKING);
        String found;
        try {
            found = line.get(seconds, TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("dot4 printed no '" + prefix + "' within " + seconds + " s (alive: " + process.isAlive() + ")");
        }
        if (found == null) {
            throw new AssertionError("dot4 ended without printing '" + prefix + "'; stderr: " + stderrText());
        }
        return found;
    }

    Result await(long seconds) throws Exception {
        if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("dot4 did not finish within " + seconds + " s; stderr: " + stderrText());
        }
        return new Result(process.exitValue(), stdout.get(5, TimeUnit.SECONDS), new String(stderr.get(5, TimeUnit.SECONDS), StandardCharsets.UTF_8));
    }

    /** Waits (bounded) until stderr holds {@code text}; returns what it holds then (see {@link #stderrText}). */
    String awaitStderr(String text, long seconds) throws Exception {
        for (long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds); System.nanoTime() < end; Thread.sleep(50)) {
            String now = stderrText();
            if (now.contains(text)) {
                return now;
            }
        }
        throw new AssertionError("dot4 wrote no '" + text + "' to stderr within " + seconds + " s; stderr: " + stderrText());
    }

    /** Everything written to stderr so far (the last 16 KiB of a long log). */
    String stderrText() {
        byte[] text;
        synchronized (stderrSoFar) {
            text = stderrSoFar.toByteArray();
        }
        int from = Math.max(0, text.length - 16 * 1024);
        return (from > 0 ? "[...]" : "") + new String(text, from, text.length - from, StandardCharsets.UTF_8);
    }

    @Override
    public void close() throws Exception {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }

    /** Copies {@code in} into {@code sink} (locked per chunk) until the process closes it; completes with it all. */
    private static CompletableFuture<byte[]> collect(InputStream in, ByteArrayOutputStream sink) {
        return CompletableFuture.supplyAsync(() -> {
            byte[] chunk = new byte[8192];
            try {
                for (int n; (n = in.read(chunk)) >= 0; ) {
                    synchronized (sink) {
                        sink.write(chunk, 0, n);
                    }
                }
            } catch (IOException e) {
                // the process ended
            }
            synchronized (sink) {
                return sink.toByteArray();
            }
        }, BLOCKING);
    }

    /** How a finished command ended. */
    record Result(int exitCode, byte[] stdoutBytes, String stderr) {
        String stdout() {
            return new String(stdoutBytes, StandardCharsets.UTF_8);
        }

        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- stdout\n" + stdout() + "\n--- stderr\n" + stderr;
        }
    }
}
