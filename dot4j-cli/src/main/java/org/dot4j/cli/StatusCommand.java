package org.dot4j.cli;

import java.util.concurrent.Callable;
import org.dot4j.api.ChannelType;
import org.dot4j.api.Dot4Device;
import org.dot4j.api.Dot4Exception;
import org.dot4j.daemon.EpsonStatus;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code dot4 status URI}: Epson ink levels and state. */
@Command(name = "status", mixinStandardHelpOptions = true, footer = ExitCode.FOOTER,
        description = {"Show an Epson printer's state and ink levels.",
            "Asks EPSON-CTRL for the printer's status (the 'st' request, as escputil -i does) and shows state and ink "
                + "levels as a table. Real Epson printers want --epson."})
final class StatusCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "URI", description = "The link.")
    String uri;

    @Mixin
    HostOptionsMixin options;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        var out = spec.commandLine().getOut();
        try (DeviceSession session = options.open(uri, "dot4 status")) {
            Dot4Device client = session.device();
            EpsonStatus status = query(client, session::offeredServices, options.timeoutMillis());
            out.println("state: " + status.statusText() + (status.error() > 0 ? String.format(" (error 0x%02X)", status.error()) : ""));
            Table inks = new Table("INK", "LEVEL");
            status.inks().forEach(i -> inks.row(i.colour(), i.level() + "%"));
            if (inks.isEmpty()) {
                out.println("no ink levels reported");
            } else {
                inks.print(out);
            }
        }
        return ExitCode.OK;
    }

    /** Sends the status request on EPSON-CTRL and parses the one-packet answer. */
    static EpsonStatus query(Dot4Device client, ServiceRef.Offered offered, long timeoutMillis) throws Dot4Exception {
        int socket = new ServiceRef("EPSON-CTRL").createSocket(client, offered, ChannelType.STREAM, 4096, 512);
        try {
            return EpsonStatus.query(client, socket, timeoutMillis);
        } finally {
            client.destroySocket(socket);
        }
    }
}
