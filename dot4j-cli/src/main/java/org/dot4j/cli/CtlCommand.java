package org.dot4j.cli;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.dot4j.capture.TraceBuffer;
import org.dot4j.daemon.DaemonClient;
import org.dot4j.daemon.DaemonSockets;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code dot4 ctl status}, {@code dot4 ctl trace DEVICE FILE}: ask a running daemon. */
@Command(name = "ctl", mixinStandardHelpOptions = true, footer = ExitCode.FOOTER,
        description = {"Talk to a running 'dot4 serve'.",
            "ACTION status shows devices, link state, clients, channels per client, and bytes and credit per channel. "
                + "ACTION trace DEVICE FILE records the device's link into FILE (pcapng; - for standard output) until "
                + "interrupted or --for has passed."})
final class CtlCommand implements Callable<Integer> {

    /** How long one TRACE request waits for bytes before the next is sent. */
    private static final long TRACE_POLL_MILLIS = 500;

    @Parameters(index = "0", paramLabel = "ACTION", description = "What to do: status or trace.")
    String action;

    @Parameters(index = "1..*", paramLabel = "ARG", description = "For trace: the device's name and the file to write (- for standard output).")
    List<String> args = List.of();

    @Option(names = "--socket", paramLabel = "PATH", description = "The daemon's control socket (default: $XDG_RUNTIME_DIR/dot4/control.sock, then /run/dot4/control.sock, then the control-socket of /etc/dot4/dot4.toml).")
    Path socket;

    @Option(names = "--for", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "For trace: stop after this long (e.g. 30s); by default it runs until interrupted.")
    Duration duration;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Path path = DaemonSockets.locate(Optional.ofNullable(socket));
        switch (action) {
            case "status" -> {
                try (DaemonClient client = DaemonClient.connect(path, "")) {
                    spec.commandLine().getOut().print(client.status());
                }
            }
            case "trace" -> {
                if (args.size() != 2) {
                    throw new IllegalArgumentException("ctl trace needs DEVICE and FILE (- for stdout), e.g. ctl trace office office.pcapng");
                }
                trace(path, args.get(0), args.get(1));
            }
            default -> throw new IllegalArgumentException("unknown action '" + action + "'; use status or trace");
        }
        return ExitCode.OK;
    }

    private void trace(Path path, String device, String file) throws Exception {
        long end = duration == null ? Long.MAX_VALUE : System.nanoTime() + duration.toNanos();
        long bytes = 0;
        long dropped = 0;
        try (DaemonClient client = DaemonClient.connect(path, device);
             OutputStream out = file.equals("-") ? System.out : Files.newOutputStream(Path.of(file))) {
            for (long now = System.nanoTime(); now < end; now = System.nanoTime()) {
                TraceBuffer.Taken taken = client.trace(Math.min(TRACE_POLL_MILLIS, Math.max(1, (end - now) / 1_000_000)));
                out.write(taken.bytes());
                out.flush(); // whole records as they come: an interrupted trace is still a readable file
                bytes += taken.bytes().length;
                dropped += taken.droppedBlocks();
            }
        }
        spec.commandLine().getErr().println("traced " + device + ": " + bytes + " bytes"
                + (dropped > 0 ? "; " + dropped + " records dropped because they were not read in time" : ""));
    }
}
