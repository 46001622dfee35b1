package org.dot4j.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.dot4j.api.ChannelType;
import org.dot4j.api.Dot4Device;
import org.dot4j.api.Dot4Exception;
import org.dot4j.api.IoResult;
import org.dot4j.api.NtStatus;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code dot4 send URI SERVICE [FILE|-]}: one job to a service. */
@Command(name = "send", mixinStandardHelpOptions = true, footer = ExitCode.FOOTER,
        description = {"Send a file (or stdin) on a channel to a service, e.g. a print job to PRINT.",
            "Prints a progress bar on a terminal and a final line with bytes, time and MB/s. The file is checked "
                + "before the device is opened: a directory or a missing or unreadable file sends nothing."})
final class SendCommand implements Callable<Integer> {

    static final int CHUNK = 64 * 1024;

    @Parameters(index = "0", paramLabel = "URI", description = "The link.")
    String uri;

    @Parameters(index = "1", paramLabel = "SERVICE", description = "Service name (PRINT) or socket id (2).")
    String service;

    @Parameters(index = "2", arity = "0..1", paramLabel = "FILE", defaultValue = "-", description = "What to send; - for stdin (default).")
    String file;

    @Option(names = "--packet-size", defaultValue = "16384", description = "Largest packet to ask for, header included. Default: ${DEFAULT-VALUE}.")
    int packetSize;

    @Option(names = {"-q", "--quiet"}, description = "No progress bar and no summary line.")
    boolean quiet;

    @Mixin
    HostOptionsMixin options;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        long total = file.equals("-") ? -1 : checkedSize(Path.of(file));
        try (InputStream in = file.equals("-") ? System.in : Files.newInputStream(Path.of(file));
             DeviceSession session = options.open(uri, "dot4 send")) {
            Dot4Device client = session.device();
            int socket = new ServiceRef(service).createSocket(client, session::offeredServices, ChannelType.STREAM, 4 * packetSize, packetSize);
            int handle = client.openChannel(socket, false);
            Progress progress = new Progress(spec.commandLine().getErr(), total, quiet);
            byte[] buf = new byte[CHUNK];
            long sent = 0;
            for (int n = in.read(buf); n >= 0; n = in.read(buf)) {
                IoResult r = client.write(handle, buf, 0, n, options.timeoutMillis());
                if (r.bytes() < n) {
                    throw new Dot4Exception(NtStatus.STATUS_IO_TIMEOUT, "the peripheral took no data for "
                            + options.timeout.toMillis() + " ms after " + (sent + r.bytes()) + " bytes (out of paper? busy?)");
                }
                sent += n;
                progress.update(sent);
            }
            client.closeChannel(handle);     // fails unless the peripheral took every byte
            client.destroySocket(socket);
            String summary = progress.finish(sent);
            if (!quiet) {
                spec.commandLine().getErr().println("sent " + summary + " to " + service);
            }
        }
        return ExitCode.OK;
    }

    /**
     * The job's size (-1 when unknown: a pipe or device), checked before the device is opened: a directory or a
     * missing or unreadable file is no job.
     */
    private static long checkedSize(Path path) {
        if (Files.isDirectory(path) || !Files.exists(path)) {
            throw new IllegalArgumentException(path + (Files.exists(path) ? " is a directory" : " does not exist")
                    + "; give a file to send, or - for stdin");
        }
        if (!Files.isReadable(path)) {
            throw new IllegalArgumentException(path + " is not readable");
        }
        try {
            return Files.isRegularFile(path) ? Files.size(path) : -1;
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + path + ": " + e.getMessage());
        }
    }
}
