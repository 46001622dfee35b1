package org.dot4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code ./dot4 probe} and {@code send} at real TCP ports that do not speak 1284.4: one answers like an HTTP server
 * and stays open, one answers junk and hangs up, one reads and says nothing. Each run names the port, says it did not
 * answer Init as a 1284.4 peripheral, and exits with the status of what happened.
 */
@Timeout(120)
class NotDot4PeerIT {

    private static final byte[] HTTP_REPLY = ("HTTP/1.1 400 Bad Request\r\nContent-Type: text/html\r\n"
            + "Content-Length: 0\r\n\r\n").getBytes(StandardCharsets.US_ASCII);

    /** What the port does once a host has connected and written. */
    private enum Peer { HTTP_STAYS_OPEN, JUNK_THEN_HANGS_UP, SILENT }

    /** A TCP server on 127.0.0.1 that treats every connection as {@code peer} says, until closed. */
    private static final class NotAPeripheral implements AutoCloseable {
        final ServerSocket server = new ServerSocket(0, 8, InetAddress.getLoopbackAddress());
        final CountDownLatch hostWrote = new CountDownLatch(1);

        NotAPeripheral(Peer peer) throws IOException {
            Thread.ofPlatform().daemon().start(() -> {
                while (!server.isClosed()) {
                    try {
                        Socket s = server.accept();
                        Thread.ofPlatform().daemon().start(() -> serve(s, peer));
                    } catch (IOException e) {
                        return;     // closed
                    }
                }
            });
        }

        private void serve(Socket s, Peer peer) {
            try (s; InputStream in = s.getInputStream()) {
                if (in.read(new byte[256]) > 0) {
                    hostWrote.countDown();
                }
                switch (peer) {
                    case HTTP_STAYS_OPEN -> {
                        s.getOutputStream().write(HTTP_REPLY);
                        in.transferTo(OutputStream.nullOutputStream());
                    }
                    case JUNK_THEN_HANGS_UP -> s.getOutputStream().write(new byte[] {0, 0, 0, 1, 2, 3, 'x', 'y'});
                    case SILENT -> in.transferTo(OutputStream.nullOutputStream());
                }
            } catch (IOException e) {
                // the host went away
            }
        }

        String uri() {
            return "tcp://127.0.0.1:" + server.getLocalPort();
        }

        @Override
        public void close() throws IOException {
            server.close();
        }
    }

    private static void assertNotAPeripheral(Peer peer, int status, Function<String, String[]> command) throws Exception {
        try (NotAPeripheral port = new NotAPeripheral(peer)) {
            String[] args = command.apply(port.uri());
            Dot4Process.Result r = Dot4Process.run(60, null, args);
            assertThat(port.hostWrote.getCount()).as("dot4 sent its Init").isZero();
            assertThat(r.exitCode()).as(r.toString()).isEqualTo(status);
            assertThat(r.stderr()).as(r.toString()).contains(port.uri() + " did not answer Init as a 1284.4 peripheral")
                    .contains("check that this is the device's 1284.4 port").doesNotContainPattern(BadInputIT.JAVA_NAME);
        }
    }

    @Test
    void anHttpServerIsNotAPeripheral() throws Exception {
        assertNotAPeripheral(Peer.HTTP_STAYS_OPEN, ExitCode.TIMEOUT, uri -> new String[] {"probe", "--timeout=1s", uri});
    }

    @Test
    void aPortThatAnswersJunkAndHangsUpIsNotAPeripheral() throws Exception {
        assertNotAPeripheral(Peer.JUNK_THEN_HANGS_UP, ExitCode.NOT_CONNECTED, uri -> new String[] {"probe", "--timeout=1s", uri});
    }

    @Test
    void aSilentPortIsNotAPeripheral() throws Exception {
        assertNotAPeripheral(Peer.SILENT, ExitCode.TIMEOUT, uri -> new String[] {"probe", "--timeout=1s", uri});
    }

    @Test
    void sendToASilentPortSaysTheSame() throws Exception {
        assertNotAPeripheral(Peer.SILENT, ExitCode.TIMEOUT, uri -> new String[] {"send", "--timeout=1s", uri, "PRINT", "/dev/null"});
    }
}
