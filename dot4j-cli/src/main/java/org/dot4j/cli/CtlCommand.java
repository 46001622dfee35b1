package org.dot4j.cli;

import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.dot4j.daemon.DaemonClient;
import org.dot4j.daemon.DaemonSockets;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code dot4 ctl status}: ask a running daemon. */
@Command(name = "ctl", mixinStandardHelpOptions = true, footer = ExitCode.FOOTER,
        description = {"Talk to a running 'dot4 serve'.",
            "ACTION status shows devices, link state, clients, channels per client, and bytes and credit per channel."})
final class CtlCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "ACTION", description = "What to do: status.")
    String action;

    @Option(names = "--socket", paramLabel = "PATH", description = "The daemon's control socket (default: $XDG_RUNTIME_DIR/dot4/control.sock, then /run/dot4/control.sock, then the control-socket of /etc/dot4/dot4.toml).")
    Path socket;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (!action.equals("status")) {
            throw new IllegalArgumentException("unknown action '" + action + "'; use status");
        }
        Path path = DaemonSockets.locate(Optional.ofNullable(socket));
        try (DaemonClient client = DaemonClient.connect(path, "")) {
            spec.commandLine().getOut().print(client.status());
        }
        return ExitCode.OK;
    }
}
