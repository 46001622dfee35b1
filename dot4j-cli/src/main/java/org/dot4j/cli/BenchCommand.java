package org.dot4j.cli;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.dot4j.driver.HostOptions;
import org.dot4j.engine.MlcFlow;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code dot4 bench}: end-to-end throughput and latency, each beside the raw link measured in the same run. */
@Command(name = "bench", mixinStandardHelpOptions = true, footer = ExitCode.FOOTER,
        description = {"Measure host-to-peripheral throughput and round-trip latency, each beside the raw link's.",
            "Each figure is measured raw and through dot4j, interleaved and repeated; the median ratio and its spread "
                + "are printed. Links: mem, tcp, unix, usb2-sim (a simulated USB 2.0 link: 40 MB/s, 125 us, 512-byte "
                + "chunks) and unix-proc (dot4 sim in another process over a Unix socket, spooling, beside the raw "
                + "stream into a file in another process). A job through the daemon's control socket is compared with "
                + "the in-process host, and --channels N runs N busy channels at once and prints Jain's fairness index."})
final class BenchCommand implements Callable<Integer> {
    /** Blocking tasks get a platform thread each: the common pool has one thread on two cores and would serialise them, and a virtual thread blocked in a FileChannel read is not released by close. */
    static final java.util.concurrent.ExecutorService BLOCKING = java.util.concurrent.Executors.newThreadPerTaskExecutor(Thread.ofPlatform().daemon().factory());

    private static final String PROCESS = "unix-proc";

    @Option(names = "--time", defaultValue = "1s", converter = DurationConverter.class, paramLabel = "DURATION",
            description = "How long each throughput figure sends. Default: ${DEFAULT-VALUE}.")
    Duration time;

    @Option(names = "--repeat", defaultValue = "3", paramLabel = "N", description = "Repetitions of each figure. Default: ${DEFAULT-VALUE}.")
    int repeat;

    @Option(names = "--packet-size", defaultValue = "65535", description = "Largest packet, header included. Default: ${DEFAULT-VALUE}.")
    int packetSize;

    @Option(names = "--rounds", defaultValue = "500", description = "Round trips for latency. Default: ${DEFAULT-VALUE}.")
    int rounds;

    @Option(names = "--links", split = ",", defaultValue = "mem,tcp,unix,usb2-sim,unix-proc", paramLabel = "KIND",
            description = "Link kinds. Default: ${DEFAULT-VALUE}.")
    List<String> links;

    @Option(names = "--channels", defaultValue = "64", paramLabel = "N",
            description = "Busy channels sharing one in-memory link for the fairness figure; 0 skips it. Default: ${DEFAULT-VALUE}.")
    int channels;

    @Option(names = "--daemon", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Also measure a job through dot4 serve's control socket against the in-process host "
                    + "(--no-daemon skips it).")
    boolean daemon;

    @Option(names = "--mlc", description = "Speak HP MLC (revision 3, the device pushing credit) instead of IEEE 1284.4.")
    boolean mlc;

    @Option(names = "--epson", description = "Speak Epson's dialect (entry packet, revision 0x10: credit only when asked)"
            + " instead of revision 0x20.")
    boolean epson;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (mlc && epson) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "give --mlc or --epson, not both");
        }
        if (repeat < 1 || channels < 0 || channels > 200 || time.isNegative() || time.isZero()) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "--repeat must be at least 1, --channels 0 to 200 and --time above zero");
        }
        for (String label : links) {
            if (!label.equals(PROCESS)) {
                LinkPairs.parse(label);
            }
        }
        var out = spec.commandLine().getOut();
        out.printf("dot4 bench: %s, %s per throughput figure, %d repetitions (median, spread min-max), packets up to %d"
                        + " bytes, %d round trips; %d cores, Java %s%n", mlc ? "HP MLC" : epson ? "IEEE 1284.4 revision 0x10 (Epson)" : "IEEE 1284.4", time.toMillis() + " ms", repeat,
                packetSize, rounds, Runtime.getRuntime().availableProcessors(), Runtime.version());
        HostOptions dialect = mlc ? HostOptions.mlc(MlcFlow.GUSHER) : epson ? HostOptions.epson() : HostOptions.defaults();
        LinkBench bench = new LinkBench(packetSize, rounds, dialect);
        long nanos = time.toNanos();
        // Warm up the JIT on both paths first, so the first link measured is not measured cold.
        LinkBench.rawThroughput(LinkPairs.MEM.open(0), nanos / 2);
        int warm = Samples.warmUp(() -> bench.dot4(LinkPairs.MEM.open(0), nanos / 2)[0]);
        Map<String, Samples[]> figures = new LinkedHashMap<>();
        ProcessBench processes = links.contains(PROCESS) ? new ProcessBench(bench) : null;
        try {
            String warmed = "warm-up (until throughput stops rising): in-process " + warm + " runs";
            if (processes != null) {
                warmed += ", dot4 sim in another process " + Samples.warmUp(() -> processes.dot4(nanos / 2)) + " runs";
            }
            out.println(warmed);
            for (int round = 0; round < repeat; round++) {
                for (String label : links) {
                    Samples[] f = figures.computeIfAbsent(label, l -> new Samples[] {new Samples(), new Samples(),
                            new Samples(), new Samples(), new Samples()});
                    double raw;
                    double[] dot4;
                    if (label.equals(PROCESS)) {
                        raw = processes.raw(nanos);
                        dot4 = new double[] {processes.dot4(nanos), Double.NaN};
                    } else {
                        LinkPairs kind = LinkPairs.parse(label);
                        raw = LinkBench.rawThroughput(kind.open(1), nanos);
                        f[3].add(bench.rawRoundTrip(kind.open(2)));
                        dot4 = bench.dot4(kind.open(3), nanos);
                    }
                    f[0].add(raw);
                    f[1].add(dot4[0]);
                    f[2].add(dot4[0] / raw);
                    f[4].add(dot4[1]);
                }
            }
        } finally {
            if (processes != null) {
                processes.close();
            }
        }
        Table table = new Table("LINK", "RAW MB/s", "DOT4 MB/s", "% OF RAW", "SPREAD", "RAW RTT us", "DOT4 RTT us");
        figures.forEach((label, f) -> table.row(label, fmt(f[0].median()), fmt(f[1].median()),
                String.format("%.0f%%", 100 * f[2].median()),
                String.format("%.0f-%.0f%%", 100 * f[2].min(), 100 * f[2].max()),
                label.equals(PROCESS) ? "-" : fmt(f[3].median()), label.equals(PROCESS) ? "-" : fmt(f[4].median())));
        table.print(out);
        if (daemon) {
            daemon(bench, out);
        }
        if (channels > 0) {
            fairness(bench, out);
        }
        return ExitCode.OK;
    }

    /** A job through the daemon's control socket beside the same job from an in-process host, interleaved. */
    private void daemon(LinkBench bench, java.io.PrintWriter out) throws Exception {
        Samples through = new Samples();
        Samples ratio = new Samples();
        DaemonBench viaDaemon = new DaemonBench(bench);
        // The daemon's path is code of its own (client, control protocol, sessions): measured cold, its first
        // seconds went to the JIT and the figure was a third of what it is once compiled.
        out.printf("daemon warm-up (until throughput stops rising): %d runs%n", Samples.warmUp(() -> viaDaemon.run(time.toNanos() / 2)));
        for (int round = 0; round < repeat; round++) {
            double direct = bench.dot4(LinkPairs.MEM.open(5), time.toNanos())[0];
            double daemonMbps = viaDaemon.run(time.toNanos());
            through.add(daemonMbps);
            ratio.add(daemonMbps / direct);
        }
        out.printf("through the daemon (control socket, mem link): %s MB/s = %.0f%% of the in-process host (spread %.0f-%.0f%%)%n",
                fmt(through.median()), 100 * ratio.median(), 100 * ratio.min(), 100 * ratio.max());
    }

    /** N busy channels on one in-memory link: aggregate throughput, per-channel range, Jain's index per repetition. */
    private void fairness(LinkBench bench, java.io.PrintWriter out) throws Exception {
        Samples jain = new Samples();
        Samples total = new Samples();
        long least = Long.MAX_VALUE;
        long most = 0;
        for (int round = 0; round < repeat; round++) {
            long[] shares = new FairnessBench(bench, Math.min(packetSize, 16384)).run(LinkPairs.MEM.open(4), channels, time);
            long sum = 0;
            for (long s : shares) {
                sum += s;
                least = Math.min(least, s);
                most = Math.max(most, s);
            }
            total.add(sum / (time.toNanos() / 1e9) / 1e6);
            jain.add(Samples.jain(shares));
        }
        double seconds = time.toNanos() / 1e9;
        out.printf("%d channels on one mem link: %s MB/s in all, per channel %.1f-%.1f MB/s, Jain index %.3f"
                        + " (spread %.3f-%.3f; 1 is even, 0.95 the goal)%n", channels, fmt(total.median()),
                least / seconds / 1e6, most / seconds / 1e6, jain.median(), jain.min(), jain.max());
    }

    private static String fmt(double v) {
        return String.format(v >= 100 ? "%.0f" : "%.1f", v);
    }
}
