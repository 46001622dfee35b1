package org.dot4j.driver;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.dot4j.api.ChannelType;
import org.dot4j.api.CreateSocketData;
import org.dot4j.api.Dot4Constants;
import org.dot4j.api.Dot4Exception;
import org.dot4j.api.IoResult;
import org.dot4j.api.NtStatus;
import org.dot4j.engine.ChannelMode;
import org.dot4j.engine.LocalSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Many blocked callers on one link: an event wakes only the caller it concerns, an interrupt ends only the
 * interrupted call, and link loss wakes everyone. A real peripheral is on the other end of an in-memory link.
 */
@Timeout(30)
class WakeupTest {

    static final int PRINT = 2;
    static final int CHANNELS = 64;

    Dot4Peripheral peripheral;
    Dot4Host host;
    HostClient client;
    final List<Integer> handles = new ArrayList<>();
    final List<PeripheralChannel> served = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        MemoryLink[] link = MemoryLink.pair("wakeups");
        peripheral = Dot4Peripheral.start(link[1], List.of(LocalSocket.service(PRINT, "PRINT", ChannelMode.STREAM)));
        host = Dot4Host.connect(link[0], HostOptions.defaults().withReplyTimeout(Duration.ofSeconds(5)));
        client = host.newClient("test");
        for (int i = 0; i < CHANNELS; i++) {
            // One host socket per channel: a socket pair carries one channel.
            int socket = client.createSocket(CreateSocketData.forSocket(PRINT, ChannelType.STREAM, 0, 0, 0)).hostSocketId();
            handles.add(client.openChannel(socket, false));
            served.add(peripheral.accept(PRINT, Duration.ofSeconds(5)));
        }
    }

    @AfterEach
    void stop() {
        host.close();
        peripheral.close();
    }

    /** A host read on {@code handle} in a thread of its own; completes with its result or its failure's status. */
    CompletableFuture<Object> blockedRead(int handle) {
        CompletableFuture<Object> result = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> {
            try {
                result.complete(client.read(handle, new byte[100], 0, 100, Dot4Constants.INFINITE));
            } catch (Dot4Exception e) {
                result.complete(e.status());
            }
        });
        return result;
    }

    long signalled() {
        return host.driver.inspect(e -> host.driver.wakeups.signalled());
    }

    void awaitReadersParked(int n) throws InterruptedException {
        DeliveryTest.waitUntil(() -> host.driver.inspect(e -> host.driver.wakeups.waiting(Wakeups.Topic.RECEIVE)) == n);
    }

    @Test
    void dataOnOneOfSixtyFourChannelsWakesOnlyItsReader() throws Exception {
        List<CompletableFuture<Object>> reads = new ArrayList<>();
        for (int handle : handles) {
            reads.add(blockedRead(handle));
        }
        awaitReadersParked(CHANNELS);
        long before = signalled();

        served.get(17).writeFully(new byte[] {1, 2, 3}, 0, 3, 5000);

        assertThat(reads.get(17).get()).isInstanceOfSatisfying(IoResult.class, r -> assertThat(r.bytes()).isEqualTo(3));
        awaitReadersParked(CHANNELS - 1);
        assertThat(signalled() - before).as("conditions signalled for one channel's data").isEqualTo(1);
        for (int i = 0; i < CHANNELS; i++) {
            assertThat(reads.get(i).isDone()).as("reader %d", i).isEqualTo(i == 17);
        }
    }

    @Test
    void anInterruptedReadFailsAsCancelledAndTheDataStaysForTheNextRead() throws Exception {
        CompletableFuture<NtStatus> status = new CompletableFuture<>();
        Thread reader = Thread.ofVirtual().start(() -> {
            try {
                client.read(handles.get(0), new byte[10], 0, 10, Dot4Constants.INFINITE);
                status.complete(NtStatus.STATUS_SUCCESS);
            } catch (Dot4Exception e) {
                status.complete(Thread.currentThread().isInterrupted() ? e.status() : NtStatus.STATUS_UNSUCCESSFUL);
            }
        });
        awaitReadersParked(1);
        reader.interrupt();
        assertThat(status.get()).isEqualTo(NtStatus.STATUS_CANCELLED);

        served.get(0).writeFully(new byte[] {9}, 0, 1, 5000);
        byte[] buf = new byte[10];
        assertThat(client.read(handles.get(0), buf, 0, 10, 5000).bytes()).isEqualTo(1);
        assertThat(buf[0]).isEqualTo((byte) 9);
    }

    @Test
    void aWriteThatTimesOutReportsTheBytesTaken() throws Exception {
        // The peripheral never reads: its buffer fills, credit stops, then the host's send queue fills.
        byte[] big = new byte[8 * 1024 * 1024];
        IoResult r = client.write(handles.get(0), big, 0, big.length, 300);
        assertThat(r.status()).isEqualTo(NtStatus.STATUS_TIMEOUT);
        assertThat(r.bytes()).isPositive().isLessThan(big.length);
    }

    @Test
    void linkDownWakesEveryBlockedReaderWithNotConnected() throws Exception {
        List<CompletableFuture<Object>> reads = new ArrayList<>();
        for (int handle : handles) {
            reads.add(blockedRead(handle));
        }
        awaitReadersParked(CHANNELS);

        peripheral.close();

        for (CompletableFuture<Object> read : reads) {
            assertThat(read.get()).isEqualTo(NtStatus.STATUS_DEVICE_NOT_CONNECTED);
        }
    }
}
