package org.dot4j.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.dot4j.daemon.DaemonConfig;
import org.dot4j.daemon.DaemonSockets;
import org.dot4j.daemon.Dot4Daemon;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code dot4 serve}: the daemon. */
@Command(name = "serve", mixinStandardHelpOptions = true, footer = ExitCode.FOOTER,
        description = {"Own one or more devices and let many local programs share them.",
            "Programs reach the devices through the d4drvif calls on a Unix socket (docs/control-protocol.md), through "
                + "loopback TCP ports per service, and through proxies for programs that speak IEEE 1284.4 themselves; "
                + "with --http, a status page shows devices, channels, throughput and recent jobs (docs/status-page.md).",
            "Runs in the foreground, logs to stderr, reconnects to devices that go away, stops on SIGTERM or SIGINT."})
final class ServeCommand implements Callable<Integer> {

    @Option(names = "--device", paramLabel = "NAME=URI", description = "A device to own, e.g. office=usb:auto (repeatable).")
    List<String> devices = List.of();

    @Option(names = "--port", paramLabel = "[DEVICE:]SERVICE=PORT",
            description = "A TCP port on 127.0.0.1 for a service, e.g. PRINT=9100 (repeatable).")
    List<String> ports = List.of();

    @Option(names = "--proxy", paramLabel = "DEVICE=URI",
            description = "A virtual link for programs that speak IEEE 1284.4 themselves (e.g. escputil -r): pty, "
                + "unix-listen:/PATH or tcp-listen://127.0.0.1:PORT; each program gets its own conversation with the "
                + "shared device (repeatable). Prints 'proxy for DEVICE on ADDRESS'.")
    List<String> proxies = List.of();

    @Option(names = "--config", paramLabel = "FILE", description = "A TOML file with the same settings (see "
            + "docs/control-protocol.md). Default: /etc/dot4/dot4.toml, when no --device is given and it exists.")
    Path config;

    @Option(names = "--socket", paramLabel = "PATH", description = "The control socket (default $XDG_RUNTIME_DIR/dot4/control.sock or /run/dot4/control.sock).")
    Path socket;

    @Option(names = "--http", paramLabel = "HOST:PORT",
            description = "Serve the status page there, e.g. 127.0.0.1:8631 (port 0: any free one; the address is printed).")
    String http;

    @Option(names = "--http-allow-remote", description = "Let --http listen on an address other machines can reach.")
    boolean httpAllowRemote;

    @Option(names = "--trace", paramLabel = "DEVICE=FILE",
            description = "Record every byte of the device's link, through reconnections, in FILE (pcapng; repeatable).")
    List<String> traces = List.of();

    @Option(names = {"-v", "--verbose"}, description = "Log every 1284.4 transaction.")
    boolean verbose;

    @Spec
    CommandSpec spec;

    /** --config, or the system's /etc/dot4/dot4.toml when neither it nor a --device is given (as the unit runs). */
    private Optional<Path> configFile() {
        if (config != null) {
            return Optional.of(config);
        }
        Path system = Path.of(DaemonSockets.SYSTEM_CONFIG);
        return devices.isEmpty() && Files.isRegularFile(system) ? Optional.of(system) : Optional.empty();
    }

    @Override
    public Integer call() throws Exception {
        DaemonConfig cfg = DaemonConfig.fromArgs(devices, ports, configFile(), Optional.ofNullable(socket))
                .plusProxies(proxies).withHttpOption(http, httpAllowRemote);
        try (DeviceTraces files = DeviceTraces.open(traces); Dot4Daemon daemon = Dot4Daemon.start(cfg, files.byDevice())) {
            daemon.installShutdownHook();
            var out = spec.commandLine().getOut();
            out.println("serving on " + cfg.controlSocket());
            for (int i = 0; i < cfg.proxies().size(); i++) {
                out.println("proxy for " + cfg.proxies().get(i).device() + " on " + daemon.proxyAddresses().get(i));
            }
            daemon.statusPage().ifPresent(page -> out.println("status page on " + page));
            out.flush();
            daemon.awaitShutdown();
        }
        return ExitCode.OK;
    }
}
