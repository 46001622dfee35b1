package org.dot4j.links.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.dot4j.links.net.LinkBytes.random;
import static org.dot4j.links.net.LinkBytes.receive;
import static org.dot4j.links.net.LinkBytes.send;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.dot4j.driver.ByteLink;
import org.dot4j.driver.LinkListener;
import org.dot4j.links.LinkUri;
import org.dot4j.links.Links;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** TCP and Unix socket links over real loopback sockets. */
@Timeout(20)
class SocketLinkTest {

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration PROMPTLY = Duration.ofSeconds(2);
    /** How long a call may take to reach its blocking system call. */
    private static final Duration TO_BLOCK = Duration.ofSeconds(5);

    @TempDir
    Path dir;

    private final List<AutoCloseable> opened = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable closeable : opened.reversed()) {
            closeable.close();
        }
    }

    /** A listener on {@code kind} ("tcp" or "unix") and a connected pair: [host end, peripheral end]. */
    private ByteLink[] connectedPair(String kind) throws Exception {
        LinkListener listener = listen(kind);
        Background<ByteLink> accepting = Background.start("accept", listener::accept);
        ByteLink host = track(Links.connect(LinkUri.parse(listener.address()), CONNECT_TIMEOUT));
        ByteLink peripheral = track(accepting.result(CONNECT_TIMEOUT));
        return new ByteLink[] {host, peripheral};
    }

    private LinkListener listen(String kind) throws IOException {
        String uri = kind.equals("tcp") ? "tcp-listen://127.0.0.1:0" : "unix-listen:" + dir.resolve("dot4.sock");
        return track(Links.listen(LinkUri.parse(uri)));
    }

    private <T extends AutoCloseable> T track(T closeable) {
        opened.add(closeable);
        return closeable;
    }

    @ParameterizedTest
    @ValueSource(strings = {"tcp", "unix"})
    void oneMebibyteEachWayAtOnceArrivesByteIdentical(String kind) throws Exception {
        ByteLink[] ends = connectedPair(kind);
        byte[] toPeripheral = random(1 << 20, 1);
        byte[] toHost = random(1 << 20, 2);

        Background<Void> hostSends = Background.start("host-send", () -> {
            send(ends[0], toPeripheral);
            return null;
        });
        Background<Void> peripheralSends = Background.start("peripheral-send", () -> {
            send(ends[1], toHost);
            return null;
        });
        Background<byte[]> hostReceives = Background.start("host-receive", () -> receive(ends[0], toHost.length));
        byte[] peripheralGot = receive(ends[1], toPeripheral.length);

        assertThat(peripheralGot).isEqualTo(toPeripheral);
        assertThat(hostReceives.result(CONNECT_TIMEOUT)).isEqualTo(toHost);
        hostSends.result(CONNECT_TIMEOUT);
        peripheralSends.result(CONNECT_TIMEOUT);
    }

    @Test
    void tcpListenerOnPortZeroReportsTheRealPort() throws Exception {
        LinkListener listener = listen("tcp");

        LinkUri address = LinkUri.parse(listener.address());

        assertThat(listener.address()).matches("tcp://127\\.0\\.0\\.1:[0-9]+");
        assertThat(address.port()).isPositive();
        Background<ByteLink> accepting = Background.start("accept", listener::accept);
        track(Links.connect(address, CONNECT_TIMEOUT));
        assertThat(track(accepting.result(CONNECT_TIMEOUT)).describe())
                .contains("accepted on " + listener.address());
    }

    @ParameterizedTest
    @ValueSource(strings = {"tcp", "unix"})
    void closingTheLinkUnblocksItsBlockedReaderAndWriter(String kind) throws Exception {
        ByteLink[] ends = connectedPair(kind);
        ByteLink link = ends[0];
        AtomicLong sent = new AtomicLong();
        Background<Integer> reader = Background.start("blocked-reader", () -> link.read(ByteBuffer.allocate(100)));
        Background<Void> writer = Background.start("blocked-writer", () -> {
            ByteBuffer mebibyte = ByteBuffer.allocateDirect(1 << 20);
            for (int i = 0; i < 64; i++) {
                link.write(mebibyte.clear());
                sent.addAndGet(mebibyte.capacity());
            }
            return null;
        });
        reader.awaitBlockedIn(SocketLink.class, "read", TO_BLOCK);
        writer.awaitBlockedIn(SocketLink.class, "write", TO_BLOCK); // no reader: the socket's buffers fill

        Background<Void> closer = Background.start("closer", () -> {
            link.close();
            return null;
        });

        assertThat(writer.failure(PROMPTLY)).isInstanceOf(IOException.class);
        assertThat(sent.get()).isLessThan(64L << 20);
        Throwable readFailure = reader.failure(PROMPTLY);
        if (readFailure == null) {
            assertThat(reader.result(PROMPTLY)).isEqualTo(-1);
        } else {
            assertThat(readFailure).isInstanceOf(IOException.class).hasMessageContaining("closed");
        }
        closer.result(PROMPTLY);
    }

    @ParameterizedTest
    @ValueSource(strings = {"tcp", "unix"})
    void peerClosingEndsTheStreamAfterItsLastBytes(String kind) throws Exception {
        ByteLink[] ends = connectedPair(kind);
        Background<Integer> reader = Background.start("reader", () -> {
            byte[] first = receive(ends[0], 3);
            assertThat(first).containsExactly(1, 2, 3);
            return ends[0].read(ByteBuffer.allocate(10));
        });

        send(ends[1], new byte[] {1, 2, 3});
        ends[1].close();

        assertThat(reader.result(PROMPTLY)).isEqualTo(-1);
    }

    @Test
    void connectingToAClosedTcpPortSaysRefusedAndHowToStartAPeer() throws Exception {
        int port;
        try (ServerSocketChannel probe = ServerSocketChannel.open()) {
            probe.bind(new InetSocketAddress("127.0.0.1", 0));
            port = ((InetSocketAddress) probe.getLocalAddress()).getPort();
        }
        LinkUri uri = LinkUri.parse("tcp://127.0.0.1:" + port);

        assertThatThrownBy(() -> Links.connect(uri, CONNECT_TIMEOUT))
                .isInstanceOf(IOException.class)
                .hasMessage("cannot connect to tcp://127.0.0.1:" + port + " : connection refused;"
                        + " is `dot4 sim --listen tcp-listen://127.0.0.1:" + port + "` running?");
    }

    /** Linux drops SYNs once a listener's accept queue is full, so further connects hang until our timeout. */
    @Test
    void connectGivesUpAfterItsTimeoutWhenThePeerNeverAnswers() throws Exception {
        ServerSocketChannel full = track(ServerSocketChannel.open());
        full.bind(new InetSocketAddress("127.0.0.1", 0), 1);
        LinkUri uri = LinkUri.parse("tcp://127.0.0.1:" + ((InetSocketAddress) full.getLocalAddress()).getPort());
        Duration timeout = Duration.ofMillis(300);

        IOException timedOut = null;
        for (int attempt = 0; attempt < 20 && timedOut == null; attempt++) {
            try {
                track(Links.connect(uri, timeout));
            } catch (IOException e) {
                timedOut = e;
            }
        }

        assertThat(timedOut).isNotNull().hasMessageContaining("cannot connect to " + uri)
                .hasMessageContaining("no answer within 300 ms (timed out)");
    }

    @Test
    void connectingToAMissingUnixSocketNamesTheFile() {
        Path missing = dir.resolve("nobody.sock");

        assertThatThrownBy(() -> Links.connect(LinkUri.parse("unix:" + missing), CONNECT_TIMEOUT))
                .isInstanceOf(IOException.class)
                .hasMessage("cannot connect to unix:" + missing + " : no socket file " + missing
                        + "; is `dot4 sim --listen unix-listen:" + missing + "` running?");
    }

    @Test
    void connectingToAStaleUnixSocketSaysRefused() throws Exception {
        Path stale = dir.resolve("stale.sock");
        try (ServerSocketChannel dead = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            dead.bind(UnixDomainSocketAddress.of(stale));
        }

        assertThatThrownBy(() -> Links.connect(LinkUri.parse("unix:" + stale), CONNECT_TIMEOUT))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("connection refused");
    }
}
