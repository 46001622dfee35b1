package org.dot4j.cli;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * A real cupsd of its own, from Debian's package, in a directory of the test's: its own configuration, spool, logs
 * and loopback port, so it neither needs nor disturbs a system CUPS. It runs as root (as on CI) and runs backends
 * as user lp, as a system cupsd does. Queues, jobs and their states go through CUPS's own lpadmin, lp and lpstat.
 */
final class PrivateCupsd implements AutoCloseable {
    private static final long COMMAND_SECONDS = 60;

    final Path dir;
    final int port;
    private final Process cupsd;

    private PrivateCupsd(Path dir, int port, Process cupsd) {
        this.dir = dir;
        this.port = port;
        this.cupsd = cupsd;
    }

    /** Writes the configuration under {@code dir} (which backends running as lp must be able to traverse) and starts cupsd. */
    static PrivateCupsd start(Path dir) throws Exception {
        return start(dir, Optional.empty());
    }

    /**
     * As {@link #start(Path)}, with the packaged {@code dot4} backend (packaging/cups/dot4, running {@code dot4cmd}
     * instead of /usr/bin/dot4) among Debian's backends, in a ServerBin of the test's own.
     */
    static PrivateCupsd start(Path dir, Optional<Path> dot4cmd) throws Exception {
        if (!"root".equals(System.getProperty("user.name"))) {
            throw new AssertionError("PrivateCupsd runs cupsd, which must start as root to run backends as lp; run as root (CI does)");
        }
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        Files.createDirectories(dir);
        for (Path d = dir; d != null && d.startsWith(tmp) && !d.equals(tmp); d = d.getParent()) {
            Files.setPosixFilePermissions(d, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        for (String sub : List.of("conf", "spool", "tmp", "cache", "state", "log")) {
            Files.createDirectories(dir.resolve(sub));
        }
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        // Retry a failed job every second: a device that is back gets the whole job again soon.
        Files.writeString(dir.resolve("conf/cupsd.conf"), String.join("\n",
                "Listen 127.0.0.1:" + port, "LogLevel debug", "ErrorPolicy retry-job", "JobRetryInterval 1",
                "JobRetryLimit 100", "WebInterface No", "Browsing No", "DefaultAuthType None",
                "<Location />", "  Order allow,deny", "  Allow all", "</Location>",
                "<Location /admin>", "  Order allow,deny", "  Allow all", "</Location>",
                "<Policy default>", "  <Limit All>", "    Order deny,allow", "  </Limit>", "</Policy>", ""));
        Files.writeString(dir.resolve("conf/cups-files.conf"), String.join("\n",
                "ServerRoot " + dir.resolve("conf"), "RequestRoot " + dir.resolve("spool"), "TempDir " + dir.resolve("tmp"),
                "CacheDir " + dir.resolve("cache"), "StateDir " + dir.resolve("state"),
                "ErrorLog " + dir.resolve("log/error_log"), "AccessLog " + dir.resolve("log/access_log"),
                "PageLog " + dir.resolve("log/page_log"), "Printcap " + dir.resolve("state/printcap"),
                "ServerBin " + serverBin(dir, dot4cmd), "DataDir /usr/share/cups", "User lp", "Group lp", "SystemGroup root", ""));
        Process cupsd = new ProcessBuilder("cupsd", "-f", "-c", dir.resolve("conf/cupsd.conf").toString(),
                "-s", dir.resolve("conf/cups-files.conf").toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("log/cupsd.out").toFile()).start();
        PrivateCupsd server = new PrivateCupsd(dir, port, cupsd);
        try {
            server.awaitRunning();
        } catch (Throwable e) {
            server.close();
            throw e;
        }
        return server;
    }

    /** Debian's /usr/lib/cups, or a copy of its layout of links with the dot4 backend added (mode 0744: run as root). */
    private static Path serverBin(Path dir, Optional<Path> dot4cmd) throws IOException {
        Path system = Path.of("/usr/lib/cups");
        if (dot4cmd.isEmpty()) {
            return system;
        }
        Path bin = Files.createDirectories(dir.resolve("serverbin"));
        Path backends = Files.createDirectories(bin.resolve("backend"));
        try (var entries = Files.list(system)) {
            for (Path entry : entries.toList()) {
                if (!entry.getFileName().toString().equals("backend")) {
                    Files.createSymbolicLink(bin.resolve(entry.getFileName()), entry);
                }
            }
        }
        try (var entries = Files.list(system.resolve("backend"))) {
            for (Path entry : entries.toList()) {
                if (entry.getFileName().toString().equals("dot4")) {
                    continue;                           // an installed package's backend: the test's own replaces it
                }
                Files.createSymbolicLink(backends.resolve(entry.getFileName()), entry.toRealPath());
            }
        }
        Path packaged = Path.of(System.getProperty("dot4.command")).resolveSibling("packaging/cups/dot4");
        Path backend = backends.resolve("dot4");
        Files.writeString(backend, Files.readString(packaged).replace("/usr/bin/dot4", dot4cmd.get().toString()));
        Files.setPosixFilePermissions(backend, PosixFilePermissions.fromString("rwxr--r--"));
        return bin;
    }

    private void awaitRunning() throws Exception {
        String last = "";
        for (long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(COMMAND_SECONDS); System.nanoTime() < end; Thread.sleep(100)) {
            if (!cupsd.isAlive()) {
                throw new AssertionError("cupsd ended: " + Files.readString(dir.resolve("log/cupsd.out")) + errorLog());
            }
            last = run("lpstat", "-r");
            if (last.contains("scheduler is running")) {
                return;
            }
        }
        throw new AssertionError("cupsd never ran; lpstat -r: " + last + errorLog());
    }

    /** Adds an enabled raw queue {@code name} printing to {@code deviceUri}. */
    void addRawQueue(String name, String deviceUri) throws Exception {
        run("lpadmin", "-p", name, "-E", "-v", deviceUri);
    }

    /** Submits {@code file} to {@code queue} with lp and returns the job id ("queue-N"). */
    String print(String queue, Path file) throws Exception {
        String out = run("lp", "-d", queue, file.toString());
        String[] words = out.trim().split("\\s+");
        if (words.length < 4 || !out.startsWith("request id is ")) {
            throw new AssertionError("lp said: " + out);
        }
        return words[3];
    }

    /** Whether lpstat lists {@code jobId} among the completed jobs. */
    boolean completed(String jobId) throws Exception {
        return ids(run("lpstat", "-W", "completed", "-o")).contains(jobId);
    }

    /** Waits (bounded) until {@code jobId} is completed. */
    void awaitCompleted(String jobId, long seconds) throws Exception {
        for (long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds); System.nanoTime() < end; Thread.sleep(200)) {
            if (completed(jobId)) {
                return;
            }
        }
        throw new AssertionError(jobId + " not completed within " + seconds + " s; " + run("lpstat", "-l", "-o") + errorLog());
    }

    /** What {@code lpinfo -v} lists: the device classes and URIs every backend reports. */
    String lpinfo() throws Exception {
        return run("lpinfo", "-v");
    }

    /** The queue's printer attributes as CUPS's ipptool prints them (Get-Printer-Attributes), e.g. marker-levels. */
    String printerAttributes(String queue) throws Exception {
        Process p = new ProcessBuilder("ipptool", "-T", "30", "-t", "-v", "ipp://127.0.0.1:" + port + "/printers/" + queue,
                "/usr/share/cups/ipptool/get-printer-attributes.test").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(COMMAND_SECONDS, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("ipptool did not end");
        }
        return out;
    }

    /** What {@code lpstat -l -p queue} says of the queue: its state and the backend's last message. */
    String queueState(String queue) throws Exception {
        return run("lpstat", "-l", "-p", queue);
    }

    /**
     * Waits (bounded) until what the queue says ({@link #queueState}) or what the scheduler logged of job {@code id}
     * matches {@code regex}. The queue's message lasts only while the backend runs (see {@link #awaitLogged}), so a
     * poll can fall between two attempts; the job's log lines keep it.
     */
    void awaitQueueOrJobState(String queue, String id, String regex, long seconds) throws Exception {
        String job = "[Job " + id.substring(id.lastIndexOf('-') + 1) + "] ";
        Path log = dir.resolve("log/error_log");
        awaitMatch(() -> {
            StringBuilder said = new StringBuilder(queueState(queue));
            if (Files.exists(log)) {
                for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
                    if (line.contains(job)) {
                        said.append('\n').append(line);
                    }
                }
            }
            return said.toString();
        }, "queue " + queue + " and job " + id, regex, last -> last.matches(regex), seconds);
    }

    /**
     * Waits (bounded) until the scheduler's log matches {@code regex}: what a job's backend said and what the
     * scheduler did about it. The queue's message and the job's status line last only while a backend runs (CUPS
     * clears them when it holds the job for a retry), so polls with lpstat miss them; the log keeps them.
     */
    void awaitLogged(String regex, long seconds) throws Exception {
        Path log = dir.resolve("log/error_log");
        Pattern pattern = Pattern.compile(regex, Pattern.DOTALL);
        awaitMatch(() -> Files.exists(log) ? new String(Files.readAllBytes(log), StandardCharsets.UTF_8) : "", "the scheduler's log", regex,
                text -> pattern.matcher(text).find(), seconds);
    }

    private interface Poll {
        String get() throws Exception;
    }

    private void awaitMatch(Poll poll, String what, String regex, Predicate<String> matches,
                            long seconds) throws Exception {
        String last = "";
        for (long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds); System.nanoTime() < end; Thread.sleep(200)) {
            last = poll.get();
            if (matches.test(last)) {
                return;
            }
        }
        String tail = last.length() > 2000 ? "..." + last.substring(last.length() - 2000) : last;
        throw new AssertionError(what + " never matched " + regex + "; last: " + tail + errorLog());
    }

    /** The scheduler's log, for failure messages. */
    String errorLog() throws IOException {
        Path log = dir.resolve("log/error_log");
        if (!Files.exists(log)) {
            return "";
        }
        // the scheduler logs every lpstat poll at debug level: what the jobs and backends did is the rest
        List<String> lines = Files.readAllLines(log).stream().filter(l -> !l.contains("[Client ")
                && !l.contains("cupsdSetBusyState")).toList();
        return "\nerror_log (last lines):\n" + String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    }

    private static List<String> ids(String lpstat) {
        List<String> ids = new ArrayList<>();
        for (String line : lpstat.split("\n")) {
            if (!line.isBlank()) {
                ids.add(line.trim().split("\\s+")[0]);
            }
        }
        return ids;
    }

    /** Runs a CUPS client command against this scheduler; its stdout, or an error with its output. */
    private String run(String... command) throws Exception {
        List<String> args = new ArrayList<>(List.of(command[0], "-h", "127.0.0.1:" + port));
        args.addAll(List.of(command).subList(1, command.length));
        Process p = new ProcessBuilder(args).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(COMMAND_SECONDS, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(String.join(" ", args) + " did not end");
        }
        String text = new String(out, StandardCharsets.UTF_8);
        if (p.exitValue() != 0 && !command[0].equals("lpstat")) {
            throw new AssertionError(String.join(" ", args) + " exited " + p.exitValue() + ": " + text);
        }
        return text;
    }

    @Override
    public void close() throws Exception {
        cupsd.destroy();
        if (!cupsd.waitFor(20, TimeUnit.SECONDS)) {
            cupsd.destroyForcibly();
        }
    }
}
