package org.dot4j.links.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.dot4j.driver.ByteLink;
import org.dot4j.driver.LinkListener;
import org.dot4j.links.LinkUri;
import org.dot4j.links.Links;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Unix listeners and their socket files; closing listeners. */
@Timeout(20)
class SocketListenerTest {

    private static final Duration PROMPTLY = Duration.ofSeconds(2);
    /** How long an accept() may take to reach its wait. */
    private static final Duration TO_BLOCK = Duration.ofSeconds(5);

    @TempDir
    Path dir;

    private static LinkUri unixListen(Path path) {
        return LinkUri.parse("unix-listen:" + path);
    }

    @Test
    void unixListenerReplacesASocketFileNobodyAcceptsOn() throws Exception {
        Path path = dir.resolve("left-over.sock");
        try (ServerSocketChannel crashed = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            crashed.bind(UnixDomainSocketAddress.of(path));
        }
        assertThat(path).exists();

        try (LinkListener listener = Links.listen(unixListen(path))) {
            Background<ByteLink> accepting = Background.start("accept", listener::accept);
            try (ByteLink host = Links.connect(LinkUri.parse(listener.address()), PROMPTLY);
                    ByteLink peripheral = accepting.result(PROMPTLY)) {
                assertThat(listener.address()).isEqualTo("unix:" + path);
                assertThat(peripheral.describe()).contains("accepted on unix:" + path);
                assertThat(host.describe()).isEqualTo("unix:" + path);
            }
        }
    }

    @Test
    void unixListenerLeavesALiveListenersSocketAlone() throws Exception {
        Path path = dir.resolve("busy.sock");
        try (LinkListener _ = Links.listen(unixListen(path))) {
            assertThatThrownBy(() -> Links.listen(unixListen(path)))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("another process accepts connections on " + path);
            assertThat(path).exists();
        }
    }

    @Test
    void unixListenerRefusesToDeleteARegularFile() throws Exception {
        Path path = dir.resolve("precious.txt");
        Files.writeString(path, "keep me");

        assertThatThrownBy(() -> Links.listen(unixListen(path)))
                .isInstanceOf(IOException.class)
                .hasMessageContaining(path + " exists and is not a socket; refusing to delete it");
        assertThat(path).hasContent("keep me");
    }

    @Test
    void unixListenerRefusesToDeleteADirectory() throws Exception {
        Path path = Files.createDirectory(dir.resolve("a-directory"));

        assertThatThrownBy(() -> Links.listen(unixListen(path)))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("is not a socket");
        assertThat(path).isDirectory();
    }

    @Test
    void closingAUnixListenerDeletesItsSocketFile() throws Exception {
        Path path = dir.resolve("mine.sock");
        LinkListener listener = Links.listen(unixListen(path));
        assertThat(path).exists();

        listener.close();

        assertThat(path).doesNotExist();
        assertThatThrownBy(() -> Links.connect(LinkUri.parse("unix:" + path), PROMPTLY))
                .hasMessageContaining("no socket file");
    }

    @Test
    void closingAListenerUnblocksItsAccept() throws Exception {
        LinkListener listener = Links.listen(LinkUri.parse("tcp-listen://127.0.0.1:0"));
        Background<ByteLink> accepting = Background.start("accept", listener::accept);
        accepting.awaitBlockedIn(listener.getClass(), "accept", TO_BLOCK);

        listener.close();

        assertThat(accepting.failure(PROMPTLY)).isInstanceOf(IOException.class).hasMessageContaining("closed");
    }

    @Test
    void listeningOnATakenTcpPortSaysSo() throws Exception {
        try (LinkListener first = Links.listen(LinkUri.parse("tcp-listen://127.0.0.1:0"))) {
            String taken = first.address().replace("tcp:", "tcp-listen:");

            assertThatThrownBy(() -> Links.listen(LinkUri.parse(taken)))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("cannot listen on " + taken)
                    .hasMessageContaining("is another dot4 already listening there?");
        }
    }
}
