package org.dot4j.cli;

import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import org.dot4j.api.ChannelType;
import org.dot4j.api.Dot4Device;
import org.dot4j.api.IoResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code dot4 cat URI SERVICE}: netcat for a service. */
@Command(name = "cat", mixinStandardHelpOptions = true, footer = ExitCode.FOOTER,
        description = {"Connect stdin and stdout to a service channel, like netcat.",
            "Ends when the peripheral closes the channel, or when stdin has ended and the peripheral has sent nothing "
                + "for --idle."})
final class CatCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "URI", description = "The link.")
    String uri;

    @Parameters(index = "1", paramLabel = "SERVICE", description = "Service name (ECHO) or socket id (6).")
    String service;

    @Option(names = "--packet", description = "Open a packet (message) channel; each stdin read becomes one message.")
    boolean packet;

    @Option(names = "--idle", defaultValue = "2s", converter = DurationConverter.class,
            description = "After stdin ends, stop once the peripheral is silent this long. Default: ${DEFAULT-VALUE}.")
    Duration idle;

    @Option(names = "--summary", description = "At the end, print on stderr how many bytes came back and their rate, "
            + "from the channel's opening to the last byte received (the --idle wait not counted).")
    boolean summary;

    @Mixin
    HostOptionsMixin options;

    @Override
    public Integer call() throws Exception {
        try (DeviceSession session = options.open(uri, "dot4 cat")) {
            Dot4Device client = session.device();
            ChannelType type = packet ? ChannelType.PACKET : ChannelType.STREAM;
            int socket = new ServiceRef(service).createSocket(client, session::offeredServices, type, 256 * 1024, 16384);
            int handle = client.openChannel(socket, false);
            long opened = System.nanoTime();
            long lastByte = opened;
            long received = 0;
            AtomicReference<Exception> inputFailure = new AtomicReference<>();
            Thread input = Thread.ofVirtual().name("dot4 cat stdin").start(() -> {
                byte[] buf = new byte[16384 - 6];
                try (InputStream in = System.in) {
                    for (int n = in.read(buf); n >= 0; n = in.read(buf)) {
                        client.write(handle, buf, 0, n, org.dot4j.api.Dot4Constants.INFINITE);
                    }
                } catch (Exception e) {
                    inputFailure.set(e);
                }
            });
            OutputStream out = System.out;
            byte[] buf = new byte[64 * 1024];
            while (true) {
                // Whether stdin had ended before this read: only then does a silent read mean "done".
                boolean inputEnded = !input.isAlive();
                IoResult r = client.read(handle, buf, 0, buf.length, inputEnded ? idle.toMillis() : 200);
                if (r.isEndOfChannel()) {
                    break;
                }
                if (r.bytes() > 0) {
                    lastByte = System.nanoTime();
                    received += r.bytes();
                    out.write(buf, 0, r.bytes());
                    out.flush();
                } else if (inputEnded) {
                    break;
                }
            }
            if (inputFailure.get() != null) {
                throw inputFailure.get();
            }
            client.closeChannel(handle);
            if (summary) {
                double seconds = Math.max(1e-9, (lastByte - opened) / 1e9);
                System.err.printf("received %d bytes in %.2f s (%.3f MB/s) from %s%n", received, seconds,
                        received / seconds / 1e6, service);
            }
        }
        return ExitCode.OK;
    }
}
