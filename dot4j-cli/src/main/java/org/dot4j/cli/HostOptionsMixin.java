package org.dot4j.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import org.dot4j.api.Dot4Exception;
import org.dot4j.capture.TraceWriter;
import org.dot4j.capture.TracingLink;
import org.dot4j.daemon.DaemonClient;
import org.dot4j.daemon.DaemonSockets;
import org.dot4j.driver.ByteLink;
import org.dot4j.driver.Dot4Host;
import org.dot4j.driver.HostOptions;
import org.dot4j.links.HostQuery;
import org.dot4j.links.LinkUri;
import org.dot4j.links.Links;
import picocli.CommandLine.Option;

/** Options every host-side command shares, and connecting with them. */
public final class HostOptionsMixin {

    @Option(names = "--epson", description = "Speak to an Epson printer: entry packet, then revision 0x10 "
            + "(same as ?epson-entry on the URI).")
    boolean epson;

    @Option(names = "--timeout", defaultValue = "10s", paramLabel = "DURATION",
            description = "How long to wait for the link and each reply (e.g. 500ms, 10s). Default: ${DEFAULT-VALUE}.",
            converter = DurationConverter.class)
    Duration timeout;

    @Option(names = {"-v", "--verbose"}, description = "Log every 1284.4 transaction to stderr.")
    boolean verbose;

    @Option(names = "--trace", paramLabel = "FILE",
            description = "Record every byte both ways, with times, in FILE (pcapng; dot4 decode and Wireshark read it).")
    Path trace;

    /**
     * The device named by {@code uri} for a command's calls: through the daemon for {@code dot4d:NAME}, else on a
     * link of its own with a conversation started for it.
     *
     * @param clientName how the command is named in the daemon's or host's status
     */
    DeviceSession open(String uri, String clientName) throws IOException {
        if (DaemonSockets.isDaemonUri(uri)) {
            DaemonSockets.DaemonUri daemon = DaemonSockets.parse(uri);
            if (trace != null) {
                throw new IllegalArgumentException("--trace does not apply to " + uri
                        + ": the daemon owns the link; use 'dot4 ctl trace DEVICE FILE'");
            }
            if (epson) {
                throw new IllegalArgumentException("--epson does not apply to " + uri
                        + ": the daemon speaks to the device; put ?epson-entry on the device's URI in its configuration");
            }
            return new DeviceSession(DaemonClient.connect(DaemonSockets.locate(daemon.socket()), daemon.device()), null);
        }
        Dot4Host host = connect(uri);
        try {
            return new DeviceSession(host.newClient(clientName), host);
        } catch (RuntimeException e) {
            host.close();
            throw e;
        }
    }

    /** Opens the link named by {@code uri} and starts a conversation on it; a bad query fails before the link opens. */
    public Dot4Host connect(String uri) throws IOException {
        LinkUri parsed = LinkUri.parse(uri);
        HostOptions hostOptions = hostOptions(parsed);
        return start(Links.connect(parsed, timeout), hostOptions);
    }

    /** How to start the conversation: the URI's query ({@link HostQuery}) with these options. */
    public HostOptions hostOptions(LinkUri parsed) {
        return HostQuery.options(parsed, epson, timeout);
    }

    /** Starts a conversation on an open {@code link}; closes it when that fails. */
    public Dot4Host start(ByteLink link, HostOptions hostOptions) throws IOException {
        if (trace != null) {
            link = traced(link);
        }
        try {
            return Dot4Host.connect(link, hostOptions);
        } catch (Dot4Exception e) {
            link.close();
            throw e;
        }
    }

    /** {@code link} recording into the --trace file, which closes with it. */
    private ByteLink traced(ByteLink link) throws IOException {
        try {
            TraceWriter writer = TraceWriter.create(trace, true);
            return new TracingLink(link, writer.link("host end of " + link.describe()), TracingLink.End.HOST);
        } catch (IOException e) {
            link.close();
            throw new IllegalArgumentException("cannot write the trace " + trace + ": " + e.getMessage(), e);
        }
    }

    /** The reply timeout in milliseconds, as the d4drvif calls take it. */
    public long timeoutMillis() {
        return timeout.toMillis();
    }
}
