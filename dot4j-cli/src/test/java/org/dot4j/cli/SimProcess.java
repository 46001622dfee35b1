package org.dot4j.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A {@code dot4 sim} process whose stdout and stderr go to files, so a test can read its log while it runs; and,
 * optionally, with a low limit on open files, so lasting accept failures (EMFILE) can be provoked.
 */
final class SimProcess implements AutoCloseable {

    private static final long POLL_MILLIS = 20;

    final Process process;
    final String uri;
    private final Path stderr;

    private SimProcess(Process process, String uri, Path stderr) {
        this.process = process;
        this.uri = uri;
        this.stderr = stderr;
    }

    /**
     * Starts {@code dot4 sim --listen LISTEN --spool DIR/spool OPTIONS} with its output under {@code dir}, and waits
     * (60 s at most) for its "listening on" line; {@code openFiles} &gt; 0 sets {@code ulimit -n} first.
     */
    static SimProcess start(Path dir, int openFiles, String listen, String... options) throws Exception {
        List<String> cmd = new ArrayList<>();
        if (openFiles > 0) {
            cmd.addAll(List.of("bash", "-c", "ulimit -n " + openFiles + " && exec \"$@\"", "bash"));
        }
        cmd.addAll(List.of(Dot4Process.command(), "sim", "--listen", listen, "--spool", dir.resolve("spool").toString()));
        cmd.addAll(List.of(options));
        Path out = dir.resolve("sim.out");
        Path err = dir.resolve("sim.err");
        Process p = new ProcessBuilder(cmd).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        SimProcess sim = new SimProcess(p, null, err);
        String line = sim.awaitFileLine(out, l -> l.startsWith("listening on "), 60);
        return new SimProcess(p, line.substring("listening on ".length()).strip(), err);
    }

    /** Its log so far. */
    String log() throws IOException {
        return Files.readString(stderr);
    }

    /** Lines of its log that contain {@code text}. */
    long logLines(String text) throws IOException {
        return log().lines().filter(l -> l.contains(text)).count();
    }

    /** Waits (at most {@code seconds}) until its log has a line with {@code text}; returns that line. */
    String awaitLog(String text, long seconds) throws Exception {
        return awaitFileLine(stderr, l -> l.contains(text), seconds);
    }

    private String awaitFileLine(Path file, Predicate<String> wanted, long seconds) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (true) {
            if (Files.exists(file)) {
                var found = Files.readAllLines(file).stream().filter(wanted).findFirst();
                if (found.isPresent()) {
                    return found.get();
                }
            }
            if (!process.isAlive() || System.nanoTime() - deadline > 0) {
                throw new AssertionError("dot4 sim wrote no awaited line to " + file.getFileName() + " within " + seconds
                        + " s (alive: " + process.isAlive() + "); its log:\n" + (Files.exists(stderr) ? Files.readString(stderr) : ""));
            }
            Thread.sleep(POLL_MILLIS);
        }
    }

    @Override
    public void close() throws Exception {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
