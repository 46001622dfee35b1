package org.dot4j.links;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import org.dot4j.driver.ByteLink;
import org.dot4j.driver.LinkListener;
import org.dot4j.links.net.Background;
import org.dot4j.links.net.LinkBytes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Opening links by URI, and the in-process {@code mem:} registry. */
@Timeout(10)
class LinksTest {

    private static final Duration PROMPTLY = Duration.ofSeconds(2);
    /** How long an accept() may take to reach its wait. */
    private static final Duration TO_BLOCK = Duration.ofSeconds(5);

    @Test
    void memConnectHandsTheFarEndToTheListener() throws Exception {
        try (LinkListener listener = Links.listen(LinkUri.parse("mem:exchange"))) {
            Background<ByteLink> accepting = Background.start("accept", listener::accept);
            try (ByteLink host = Links.connect(LinkUri.parse("mem:exchange"), PROMPTLY);
                    ByteLink peripheral = accepting.result(PROMPTLY)) {
                byte[] request = LinkBytes.random(1000, 7);
                byte[] reply = LinkBytes.random(500, 8);

                LinkBytes.send(host, request);
                assertThat(LinkBytes.receive(peripheral, request.length)).isEqualTo(request);
                LinkBytes.send(peripheral, reply);
                assertThat(LinkBytes.receive(host, reply.length)).isEqualTo(reply);
                assertThat(listener.address()).isEqualTo("mem:exchange");
            }
        }
    }

    @Test
    void memConnectToAnUnknownNameSaysNobodyListens() {
        assertThatThrownBy(() -> Links.connect(LinkUri.parse("mem:nobody"), PROMPTLY))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("cannot connect to mem:nobody : no mem listener named nobody in this process");
    }

    @Test
    void closingAMemListenerFreesItsNameAndEndsUnacceptedConnections() throws Exception {
        LinkUri uri = LinkUri.parse("mem:short-lived");
        LinkListener listener = Links.listen(uri);
        ByteLink neverAccepted = Links.connect(uri, PROMPTLY);

        listener.close();

        assertThat(neverAccepted.read(ByteBuffer.allocate(1))).isEqualTo(-1);
        assertThatThrownBy(() -> Links.connect(uri, PROMPTLY)).hasMessageContaining("no mem listener");
        Links.listen(uri).close();
    }

    @Test
    void aMemNameHasOneListenerAtATime() throws Exception {
        LinkUri uri = LinkUri.parse("mem:taken");
        try (LinkListener _ = Links.listen(uri)) {
            assertThatThrownBy(() -> Links.listen(uri))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("another listener in this process owns that name");
        }
    }

    @Test
    void closingAMemListenerUnblocksItsAccept() throws Exception {
        LinkListener listener = Links.listen(LinkUri.parse("mem:waiting"));
        Background<ByteLink> accepting = Background.start("accept", listener::accept);
        accepting.awaitBlockedIn(listener.getClass(), "accept", TO_BLOCK);

        listener.close();

        assertThat(accepting.failure(PROMPTLY)).isInstanceOf(IOException.class)
                .hasMessage("listener mem:waiting was closed");
    }

    @Test
    void connectingToAListenFormPointsAtTheConnectForm() {
        assertThatThrownBy(() -> Links.connect(LinkUri.parse("tcp-listen://127.0.0.1:9100"), PROMPTLY))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("tcp-listen://127.0.0.1:9100 is an address to listen on, not to connect to;"
                        + " connect with tcp://127.0.0.1:9100");
    }

    @Test
    void listeningOnAConnectFormPointsAtTheListenForm() {
        assertThatThrownBy(() -> Links.listen(LinkUri.parse("unix:/run/p.sock")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unix:/run/p.sock is an address to connect to, not to listen on;"
                        + " listen with unix-listen:/run/p.sock");
    }
}
