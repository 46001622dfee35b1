package org.dot4j.links;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import org.dot4j.api.ActivityMessage;
import org.dot4j.api.ChannelType;
import org.dot4j.api.CreateSocketData;
import org.dot4j.api.Dot4Constants;
import org.dot4j.api.Dot4Exception;
import org.dot4j.api.IoResult;
import org.dot4j.api.NtStatus;
import org.dot4j.driver.ByteLink;
import org.dot4j.driver.Dot4Host;
import org.dot4j.driver.Dot4Peripheral;
import org.dot4j.driver.HostClient;
import org.dot4j.driver.HostOptions;
import org.dot4j.driver.LinkDriver;
import org.dot4j.driver.LinkListener;
import org.dot4j.driver.PeripheralChannel;
import org.dot4j.engine.ChannelMode;
import org.dot4j.engine.LocalSocket;
import org.dot4j.links.sim.LinkProfile;
import org.dot4j.links.sim.SimulatedLink;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The same 1284.4 conversation over every link kind that runs here, with the real drivers on both ends:
 * Init, open, 1 MiB both ways, close, Exit; and pulling the link under a blocked read and a blocked write.
 * (USB runs end to end in the qemu guest, usb-e2e/.)
 */
@Timeout(60)
class LinkConversationTest {
    /** Blocking tasks get a platform thread each: the common pool has one thread on two cores and would serialise them, and a virtual thread blocked in a FileChannel read is not released by close. */
    private static final java.util.concurrent.ExecutorService BLOCKING = java.util.concurrent.Executors.newThreadPerTaskExecutor(Thread.ofPlatform().daemon().factory());


    /** How long a call may take to reach its wait. */
    private static final Duration TO_BLOCK = Duration.ofSeconds(5);

    static final int ECHO = 6;
    static final int SINK = 2;
    static final int SILENT = 9;

    @TempDir
    Path dir;
    LinkListener listener;
    ByteLink[] pair;

    @AfterEach
    void closeListener() throws Exception {
        if (listener != null) {
            listener.close();
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"mem", "tcp", "unix", "pty", "usb2-sim"})
    void initOpenOneMebibyteBothWaysCloseAndExit(String kind) throws Exception {
        ByteLink[] link = open(kind);
        try (Dot4Peripheral peripheral = Dot4Peripheral.start(link[1], List.of(LocalSocket.service(ECHO, "ECHO", ChannelMode.STREAM)))) {
            CompletableFuture<Long> echoed = CompletableFuture.supplyAsync(() -> echo(peripheral), BLOCKING);
            byte[] data = new byte[1 << 20];
            new Random(kind.hashCode()).nextBytes(data);
            byte[] back = new byte[data.length];
            Dot4Host host = Dot4Host.connect(link[0], HostOptions.defaults());
            try (HostClient client = host.newClient("test")) {
                int socket = client.createSocket(CreateSocketData.forService("ECHO", ChannelType.STREAM, 65536, 16384, 16384)).hostSocketId();
                int handle = client.openChannel(socket, false);
                CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
                    try {
                        assertThat(client.write(handle, data, 0, data.length, 30_000)).isEqualTo(IoResult.success(data.length));
                    } catch (Dot4Exception e) {
                        throw new IllegalStateException(e);
                    }
                }, BLOCKING);
                int got = 0;
                while (got < back.length) {
                    IoResult r = client.read(handle, back, got, back.length - got, 30_000);
                    assertThat(r.status()).isEqualTo(NtStatus.STATUS_SUCCESS);
                    got += r.bytes();
                }
                writer.join();
                client.closeChannel(handle);
            }
            host.close(); // sends Exit
            assertThat(back).isEqualTo(data);
            assertThat(echoed.get()).isEqualTo(data.length);
            assertThat(host.awaitTerminated(Duration.ofSeconds(2))).isTrue();
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"mem", "tcp", "unix", "pty"})
    void pullingTheLinkFailsABlockedReadAndABlockedWriteWithinASecond(String kind) throws Exception {
        ByteLink[] link = open(kind);
        Dot4Peripheral peripheral = Dot4Peripheral.start(link[1], List.of(
                new LocalSocket(SINK, "SINK", ChannelMode.STREAM, 16384, 4096, 4096, true),
                LocalSocket.service(SILENT, "SILENT", ChannelMode.STREAM)));
        Dot4Host host = Dot4Host.connect(link[0], HostOptions.defaults());
        HostClient client = host.newClient("test");
        // The sink accepts but never reads: credit runs out and the host's write blocks.
        int sink = client.openChannel(client.createSocket(CreateSocketData.forSocket(SINK, ChannelType.STREAM, 16384, 4096, 4096)).hostSocketId(), true);
        // The silent service never writes: the host's read blocks.
        int silent = client.openChannel(client.createSocket(CreateSocketData.forSocket(SILENT, ChannelType.STREAM, 16384, 4096, 4096)).hostSocketId(), true);
        AtomicReference<Dot4Exception> readFailure = new AtomicReference<>();
        AtomicReference<Dot4Exception> writeFailure = new AtomicReference<>();
        Thread reader = Thread.ofVirtual().start(() -> {
            try {
                client.read(silent, new byte[100], 0, 100, Dot4Constants.INFINITE);
            } catch (Dot4Exception e) {
                readFailure.set(e);
            }
        });
        Thread writer = Thread.ofVirtual().start(() -> {
            try {
                byte[] chunk = new byte[64 * 1024];
                while (true) {
                    client.write(sink, chunk, 0, chunk.length, Dot4Constants.INFINITE);
                }
            } catch (Dot4Exception e) {
                writeFailure.set(e);
            }
        });
        awaitBlocked(host, writer);
        Blocking.awaitBlockedIn(reader, LinkDriver.class, "read", TO_BLOCK);
        long pulled = System.nanoTime();
        pull(kind, link[1]);
        reader.join(Duration.ofSeconds(1));
        writer.join(Duration.ofSeconds(1));
        long elapsedMillis = (System.nanoTime() - pulled) / 1_000_000;
        assertThat(reader.isAlive()).as("blocked read still blocked after %d ms", elapsedMillis).isFalse();
        assertThat(writer.isAlive()).as("blocked write still blocked after %d ms", elapsedMillis).isFalse();
        assertThat(readFailure.get().status()).isEqualTo(NtStatus.STATUS_DEVICE_NOT_CONNECTED);
        assertThat(writeFailure.get().status()).isEqualTo(NtStatus.STATUS_DEVICE_NOT_CONNECTED);
        boolean disconnect = false;
        for (int i = 0; i < 100 && !disconnect; i++) {
            disconnect = client.waitActivityBroadcast(1000).message() == ActivityMessage.DISCONNECT;
        }
        assertThat(disconnect).as("DOT4_DISCONNECT activity").isTrue();
        client.close();
        host.close();
        peripheral.close();
        assertThat(host.awaitTerminated(Duration.ofSeconds(1))).as("host driver threads ended").isTrue();
    }

    /** Waits until the host has data queued that the peripheral will not take and the write waits for room. */
    private static void awaitBlocked(Dot4Host host, Thread writer) {
        Blocking.await("data queued without credit", () -> host.channels().stream()
                .anyMatch(c -> c.queuedToSend() > 0 && c.sendCredit() == 0), TO_BLOCK, () -> host.channels().toString());
        Blocking.awaitBlockedIn(writer, LinkDriver.class, "write", TO_BLOCK);
    }

    /** Cuts the link from the peripheral's side, as a cable pull or a killed peer would. */
    private void pull(String kind, ByteLink peripheralEnd) throws Exception {
        peripheralEnd.close();
        if (kind.equals("pty")) {
            listener.close(); // the pty goes away only when its master and the kept slave are closed
        }
    }

    private ByteLink[] open(String kind) throws Exception {
        return switch (kind) {
            case "mem" -> listenAndConnect("mem:conversation-" + System.nanoTime());
            case "tcp" -> listenAndConnect("tcp-listen://127.0.0.1:0");
            case "unix" -> listenAndConnect("unix-listen:" + dir.resolve("link.sock"));
            case "pty" -> listenAndConnect("pty");
            case "usb2-sim" -> SimulatedLink.pair(LinkProfile.usb2(), 7);
            default -> throw new IllegalArgumentException(kind);
        };
    }

    private ByteLink[] listenAndConnect(String listenUri) throws Exception {
        listener = Links.listen(LinkUri.parse(listenUri));
        CompletableFuture<ByteLink> accepted = CompletableFuture.supplyAsync(() -> {
            try {
                return listener.accept();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, BLOCKING);
        String address = listener.address();
        ByteLink host = Links.connect(LinkUri.parse(address), Duration.ofSeconds(5));
        return new ByteLink[] {host, accepted.get()};
    }

    private static long echo(Dot4Peripheral peripheral) {
        try (PeripheralChannel ch = peripheral.accept(ECHO, Duration.ofSeconds(30))) {
            byte[] buf = new byte[32 * 1024];
            long total = 0;
            while (true) {
                IoResult r = ch.read(buf, 0, buf.length, Dot4Constants.INFINITE);
                if (r.isEndOfChannel()) {
                    return total;
                }
                ch.writeFully(buf, 0, r.bytes(), 30_000);
                total += r.bytes();
            }
        } catch (Dot4Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
