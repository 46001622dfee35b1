package org.dot4j.driver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.dot4j.api.ChannelType;
import org.dot4j.api.CreateSocketData;
import org.dot4j.api.Dot4Exception;
import org.dot4j.api.NtStatus;
import org.dot4j.engine.ChannelMode;
import org.dot4j.engine.LocalSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A request whose caller stopped waiting (timeout, interrupt) leaves nothing behind: a late OpenChannel
 * success is closed on the wire, the socket opens again, and no outcome lingers. The peripheral's answers are
 * held back by a gate on the host's side of the link, as a printer busy for longer than the reply timeout does.
 */
@Timeout(30)
class RequestLifecycleTest {

    static final int PRINT = 2;

    /** The host's end of the link: bytes that arrive while the gate is shut are held until it reopens. */
    static final class GatedLink implements ByteLink {
        final ByteLink inner;
        boolean shut;
        boolean closed;

        GatedLink(ByteLink inner) {
            this.inner = inner;
        }

        synchronized void shut() {
            shut = true;
        }

        synchronized void reopen() {
            shut = false;
            notifyAll();
        }

        @Override
        public int read(ByteBuffer dst) throws IOException {
            int n = inner.read(dst);
            synchronized (this) {
                while (shut && !closed) {
                    try {
                        wait();
                    } catch (InterruptedException e) {
                        throw new IOException("interrupted", e);
                    }
                }
            }
            return n;
        }

        @Override public void write(ByteBuffer src) throws IOException { inner.write(src); }
        @Override public String describe() { return inner.describe(); }
        @Override public void close() throws IOException {
            synchronized (this) {
                closed = true;
                notifyAll();
            }
            inner.close();
        }
    }

    Dot4Peripheral peripheral;
    Dot4Host host;
    HostClient client;
    GatedLink gate;

    @BeforeEach
    void start() throws Exception {
        MemoryLink[] link = MemoryLink.pair("lifecycle");
        peripheral = Dot4Peripheral.start(link[1], List.of(LocalSocket.service(PRINT, "PRINT", ChannelMode.STREAM)));
        gate = new GatedLink(link[0]);
        host = Dot4Host.connect(gate, HostOptions.defaults().withReplyTimeout(Duration.ofMillis(300)));
        client = host.newClient("test");
    }

    @AfterEach
    void stop() {
        host.close();
        peripheral.close();
    }

    /** The peripheral knows the late channel only as closed (it keeps it for a reader), the host not at all. */
    boolean closedOnBothSides() {
        return peripheral.channels().stream().allMatch(c -> c.state().equals("CLOSED")) && host.channels().isEmpty();
    }

    /** Opens {@code socket}; busy only until the reply to the engine's own close of the late channel arrives. */
    int openOnceFree(int socket) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (true) {
            try {
                return client.openChannel(socket, false);
            } catch (Dot4Exception e) {
                if (e.status() != NtStatus.STATUS_DEVICE_BUSY || System.nanoTime() - deadline > 0) {
                    throw e;
                }
                Thread.sleep(5);
            }
        }
    }

    int printSocket() throws Dot4Exception {
        return client.createSocket(CreateSocketData.forService("PRINT", ChannelType.STREAM, 0, 0, 0)).hostSocketId();
    }

    @Test
    void anOpenThatTimedOutAndSucceededLateIsClosedOnTheWireAndTheSocketOpensAgain() throws Exception {
        int socket = printSocket();
        gate.shut();
        assertThatThrownBy(() -> client.openChannel(socket, false))
                .isInstanceOfSatisfying(Dot4Exception.class, e -> assertThat(e.status()).isEqualTo(NtStatus.STATUS_IO_TIMEOUT));
        gate.reopen();

        // The late success was closed: the peripheral ends with no channel, and the host owns none.
        DeliveryTest.waitUntil(this::closedOnBothSides);
        assertThat(peripheral.channels()).isNotEmpty();      // it was opened there, then closed
        int handle = openOnceFree(socket);
        assertThat(host.channels()).hasSize(1);
        client.closeChannel(handle);
    }

    @Test
    void anInterruptedOpenIsCancelledLikeATimedOutOne() throws Exception {
        int socket = printSocket();
        gate.shut();
        CompletableFuture<NtStatus> status = new CompletableFuture<>();
        Thread caller = Thread.ofVirtual().start(() -> {
            try {
                client.openChannel(socket, false);
                status.complete(NtStatus.STATUS_SUCCESS);
            } catch (Dot4Exception e) {
                status.complete(e.status());
            }
        });
        DeliveryTest.waitUntil(() -> caller.getState() == Thread.State.WAITING || caller.getState() == Thread.State.TIMED_WAITING);
        caller.interrupt();
        assertThat(status.get()).isEqualTo(NtStatus.STATUS_CANCELLED);
        gate.reopen();

        DeliveryTest.waitUntil(this::closedOnBothSides);
        int handle = openOnceFree(socket);
        client.closeChannel(handle);
    }
}
