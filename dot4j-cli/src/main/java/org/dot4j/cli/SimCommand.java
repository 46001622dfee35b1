package org.dot4j.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;
import org.dot4j.capture.TraceWriter;
import org.dot4j.capture.TracingListener;
import org.dot4j.driver.LinkListener;
import org.dot4j.links.LinkUri;
import org.dot4j.links.Links;
import org.dot4j.sim.SimConfig;
import org.dot4j.sim.SimulatedPeripheral;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code dot4 sim --listen URI}: a simulated multifunction peripheral. */
@Command(name = "sim", mixinStandardHelpOptions = true, footer = ExitCode.FOOTER,
        description = {"Run a simulated multifunction peripheral until interrupted.",
            "Services (socket ids): PRINT (2) spools each job to a file, HP-SCAN (4) streams a test pattern on "
                + "'SCAN <bytes>', ECHO (6) echoes messages, EPSON-CTRL (3; 0x02 with --profile epson) answers 'st' "
                + "with the status and ink levels given here, and --notify opens a channel to host socket 9 periodically.",
            "Prints 'listening on URI' (for pty: the tty to open) once hosts can connect."})
final class SimCommand implements Callable<Integer> {

    @Option(names = "--listen", required = true, paramLabel = "URI",
            description = "Where hosts reach it: tcp-listen://127.0.0.1:PORT, unix-listen:/path, pty, usb-gadget:/ffs/mount.")
    String listen;

    @Option(names = "--spool", defaultValue = "dot4-spool", paramLabel = "DIR", description = "Where print jobs go. Default: ${DEFAULT-VALUE}.")
    Path spool;

    @Option(names = "--profile", defaultValue = "hp", description = "Socket layout: hp (PRINT 2, EPSON-CTRL 3) or epson "
            + "(EPSON-CTRL 2, EPSON-DATA 0x40, for hosts that hard-code Epson's ids). Default: ${DEFAULT-VALUE}.")
    String profile;

    @Option(names = "--ink", split = ",", paramLabel = "COLOUR=LEVEL",
            description = "Ink levels for EPSON-CTRL, e.g. K=80,C=60,M=40,Y=20 (K, PK, C, M, Y, LC, LM). Default: K=80,C=60,M=40,Y=20.")
    List<String> inks;

    @Option(names = "--state", defaultValue = "ready", paramLabel = "STATE", completionCandidates = StateNames.class,
            description = "Printer state for EPSON-CTRL: ${COMPLETION-CANDIDATES}. Default: ${DEFAULT-VALUE}.")
    String state;

    @Option(names = "--error", defaultValue = "0", description = "Error code in the status answer (0..255).")
    int error;

    @Option(names = "--notify", converter = DurationConverter.class, paramLabel = "PERIOD",
            description = "Open a channel to host socket 9 with a status line every PERIOD (IEEE 1284.4 hosts only).")
    Duration notify;

    @Option(names = "--max-hosts", defaultValue = "16", paramLabel = "N",
            description = "Hosts served at once; one more is disconnected at once. Default: ${DEFAULT-VALUE}.")
    int maxHosts;

    @Option(names = "--stall-timeout", defaultValue = "30s", converter = DurationConverter.class, paramLabel = "DURATION",
            description = "Disconnect a host that sent part of a packet and nothing more for this long. Default: ${DEFAULT-VALUE}.")
    Duration stallTimeout;

    @Option(names = "--print-buffer", defaultValue = "65536", paramLabel = "BYTES",
            description = "Receive buffer of each print channel, which the host's credit comes from. Default: ${DEFAULT-VALUE}.")
    int printBuffer;

    @Option(names = "--print-packet", defaultValue = "16384", paramLabel = "BYTES",
            description = "Largest packet (header included, 7..65535) a host may send on a print channel. Default: ${DEFAULT-VALUE}.")
    int printPacket;

    @Option(names = {"-v", "--verbose"}, description = "Log every 1284.4 transaction to stderr.")
    boolean verbose;

    @Option(names = "--trace", paramLabel = "FILE",
            description = "Record every byte of every host's link, with times, in FILE (pcapng; dot4 decode reads it).")
    Path trace;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        SimConfig config = config();
        TraceWriter writer = trace == null ? null : TraceWriter.create(trace, false);
        LinkListener listener = Links.listen(LinkUri.parse(listen)); // before the spool: a refused start leaves nothing
        SimulatedPeripheral sim = SimulatedPeripheral.serve(writer == null ? listener : new TracingListener(listener, writer), config);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            sim.close();
            closeTrace(writer);
            stopped.countDown();
        }, "dot4 sim shutdown"));
        var out = spec.commandLine().getOut();
        out.println("listening on " + sim.address());
        out.println("spool: " + spool.toAbsolutePath());
        out.flush();
        stopped.await();
        return ExitCode.OK;
    }

    private static void closeTrace(TraceWriter writer) {
        if (writer != null) {
            try {
                writer.close();
            } catch (java.io.IOException e) {
                System.err.println("dot4 sim: the trace did not close: " + e.getMessage());
            }
        }
    }

    SimConfig config() {
        SimConfig config = SimConfig.defaults(spool);
        config = config.withProfile(switch (profile.toLowerCase(Locale.ROOT)) {
            case "hp" -> SimConfig.Profile.HP;
            case "epson" -> SimConfig.Profile.EPSON;
            default -> throw new IllegalArgumentException("unknown profile '" + profile + "'; use hp or epson");
        });
        SimConfig.PrinterState printerState;
        try {
            printerState = SimConfig.PrinterState.valueOf(state.toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown state '" + state + "'; use one of " + String.join(", ", StateNames.NAMES));
        }
        List<SimConfig.Ink> levels = inks == null ? SimConfig.EpsonStatus.defaults().inks() : parseInks(inks);
        config = config.withEpsonStatus(new SimConfig.EpsonStatus(printerState, error, levels));
        SimConfig.Limits defaults = SimConfig.Limits.defaults();
        config = config.withLimits(new SimConfig.Limits(maxHosts, stallTimeout, defaults.maxEchoMessage(), printBuffer, printPacket));
        if (notify != null) {
            config = config.withNotifier(SimConfig.Notifier.every(notify));
        }
        return config;
    }

    /** The --state values as written on the command line: {@code ready}, {@code self-printing}, ... */
    static final class StateNames implements Iterable<String> {
        static final List<String> NAMES = Stream.of(SimConfig.PrinterState.values())
                .map(s -> s.name().toLowerCase(Locale.ROOT).replace('_', '-')).toList();

        @Override
        public Iterator<String> iterator() {
            return NAMES.iterator();
        }
    }

    static List<SimConfig.Ink> parseInks(List<String> specs) {
        List<SimConfig.Ink> out = new ArrayList<>();
        for (String spec : specs) {
            int eq = spec.indexOf('=');
            if (eq < 0) {
                throw new IllegalArgumentException("ink '" + spec + "' is not COLOUR=LEVEL, e.g. K=80");
            }
            int code = switch (spec.substring(0, eq).toUpperCase(Locale.ROOT)) {
                case "K" -> SimConfig.Ink.BLACK;
                case "PK" -> SimConfig.Ink.PHOTO_BLACK;
                case "C" -> SimConfig.Ink.CYAN;
                case "M" -> SimConfig.Ink.MAGENTA;
                case "Y" -> SimConfig.Ink.YELLOW;
                case "LC" -> SimConfig.Ink.LIGHT_CYAN;
                case "LM" -> SimConfig.Ink.LIGHT_MAGENTA;
                default -> throw new IllegalArgumentException("unknown ink colour '" + spec.substring(0, eq) + "'; use K, PK, C, M, Y, LC or LM");
            };
            int level;
            try {
                level = Integer.parseInt(spec.substring(eq + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("ink level '" + spec.substring(eq + 1) + "' is not a number 0..100");
            }
            out.add(new SimConfig.Ink(code, level));
        }
        return out;
    }
}
