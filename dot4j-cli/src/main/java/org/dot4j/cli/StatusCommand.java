package org.dot4j.cli;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import org.dot4j.api.ChannelType;
import org.dot4j.api.Dot4Device;
import org.dot4j.api.Dot4Exception;
import org.dot4j.api.IoResult;
import org.dot4j.api.NtStatus;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code dot4 status URI}: Epson ink levels and state. */
@Command(name = "status", mixinStandardHelpOptions = true, footer = ExitCode.FOOTER,
        description = {"Ask EPSON-CTRL for the printer's status (the 'st' request, as escputil -i does)",
            "and show state and ink levels as a table. Real Epson printers want --epson."})
final class StatusCommand implements Callable<Integer> {

    /** The status request: "st", 16-bit little-endian length 1, payload 1 (reference §9). */
    static final byte[] STATUS_REQUEST = {'s', 't', 1, 0, 1};

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
            EpsonStatus status = query(client, options.timeoutMillis());
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
    static EpsonStatus query(Dot4Device client, long timeoutMillis) throws Dot4Exception {
        int socket = new ServiceRef("EPSON-CTRL").createSocket(client, ChannelType.STREAM, 4096, 512);
        int handle = client.openChannel(socket, false);
        try {
            client.write(handle, STATUS_REQUEST, 0, STATUS_REQUEST.length, timeoutMillis);
            byte[] answer = new byte[4096];
            IoResult r = client.read(handle, answer, 0, answer.length, timeoutMillis);
            if (r.bytes() == 0) {
                throw new Dot4Exception(NtStatus.STATUS_IO_TIMEOUT, "EPSON-CTRL did not answer 'st' within " + timeoutMillis + " ms");
            }
            try {
                return EpsonStatus.parse(answer, r.bytes());
            } catch (IllegalArgumentException e) {
                throw new Dot4Exception(NtStatus.STATUS_DEVICE_PROTOCOL_ERROR, e.getMessage() + ": "
                        + new String(answer, 0, Math.min(40, r.bytes()), StandardCharsets.ISO_8859_1));
            }
        } finally {
            client.closeChannel(handle);
            client.destroySocket(socket);
        }
    }
}
