package org.dot4j.driver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.dot4j.api.ChannelType;
import org.dot4j.api.CreateSocketData;
import org.dot4j.api.Dot4Constants;
import org.dot4j.api.Dot4Exception;
import org.dot4j.api.IoResult;
import org.dot4j.api.NtStatus;
import org.dot4j.engine.ChannelMode;
import org.dot4j.engine.LocalSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The first rule at the driver: CLOSE_CHANNEL succeeds only when the peripheral took every byte, and says so
 * with an NTSTATUS otherwise. The peripheral is dot4j's real one over a memory link; "grants no credit" is a
 * service that never reads, so its one-packet buffer fills and no credit follows (a printer out of paper).
 */
@Timeout(30)
class DeliveryTest {

    static final int PRINT = 2;
    static final int PACKET = 1024;
    static final Duration REPLY_TIMEOUT = Duration.ofMillis(400);

    Dot4Peripheral peripheral;
    Dot4Host host;
    HostClient client;

    void start(int peripheralBuffer) throws Exception {
        MemoryLink[] link = MemoryLink.pair("delivery");
        peripheral = Dot4Peripheral.start(link[1], List.of(
                new LocalSocket(PRINT, "PRINT", ChannelMode.STREAM, peripheralBuffer, PACKET, PACKET, true)));
        host = Dot4Host.connect(link[0], HostOptions.defaults().withReplyTimeout(REPLY_TIMEOUT));
        client = host.newClient("test");
    }

    @AfterEach
    void stop() {
        if (host != null) {
            host.close();
        }
        if (peripheral != null) {
            peripheral.close();
        }
    }

    int open() throws Dot4Exception {
        int socket = client.createSocket(CreateSocketData.forService("PRINT", ChannelType.STREAM, 8 * PACKET, PACKET, PACKET))
                .hostSocketId();
        return client.openChannel(socket, false);
    }

    @Test
    void closeFailsWithTheUndeliveredCountWhenThePeripheralStopsGrantingCredit() throws Exception {
        start(PACKET);                       // room for one packet: credit stops after it
        int handle = open();
        byte[] job = new byte[3 * PACKET];
        IoResult queued = client.write(handle, job, 0, job.length, Dot4Constants.NO_TIMEOUT);
        assertThat(queued.bytes()).isPositive();

        assertThatThrownBy(() -> client.closeChannel(handle))
                .isInstanceOfSatisfying(Dot4Exception.class, e -> {
                    assertThat(e.status()).isEqualTo(NtStatus.STATUS_IO_TIMEOUT);
                    assertThat(e.getMessage()).contains("bytes not delivered").contains("took no data");
                });
        // The handle is gone; nothing was dropped: once the printer takes data again, it gets the whole job and
        // then the channel's normal close.
        assertThatThrownBy(() -> client.closeChannel(handle))
                .isInstanceOfSatisfying(Dot4Exception.class, e -> assertThat(e.status()).isEqualTo(NtStatus.STATUS_INVALID_HANDLE));
        PeripheralChannel ch = peripheral.accept(PRINT, Duration.ofSeconds(5));
        assertThat(readToEnd(ch, PACKET)).isEqualTo(queued.bytes());
        assertThat(ch.closeCause()).contains(org.dot4j.engine.CloseCause.CLOSED_BY_PEER);
        DeliveryTest.waitUntil(() -> host.channels().isEmpty());
    }

    @Test
    void aClientThatVanishesWithDataUnsentDropsNothing() throws Exception {
        start(PACKET);
        int handle = open();
        byte[] job = new byte[3 * PACKET];
        int queued = client.write(handle, job, 0, job.length, Dot4Constants.NO_TIMEOUT).bytes();
        client.close();                       // no drain for the caller; the driver still delivers, then closes
        PeripheralChannel ch = peripheral.accept(PRINT, Duration.ofSeconds(5));
        assertThat(readToEnd(ch, PACKET)).isEqualTo(queued);
    }

    @Test
    void closeSucceedsOnlyAfterTheSlowPeripheralTookEveryByte() throws Exception {
        start(PACKET);
        PeripheralChannel[] accepted = new PeripheralChannel[1];
        Thread reader = Thread.ofVirtual().start(() -> {
            try {
                accepted[0] = peripheral.accept(PRINT, Duration.ofSeconds(10));
                long total = readToEnd(accepted[0], 100);
                accepted[0].close();
                assertThat(total).isEqualTo(20 * PACKET);
            } catch (Dot4Exception e) {
                throw new AssertionError(e);
            }
        });
        int handle = open();
        byte[] job = new byte[20 * PACKET];
        assertThat(client.write(handle, job, 0, job.length, Dot4Constants.INFINITE).bytes()).isEqualTo(job.length);
        client.closeChannel(handle);
        reader.join();
    }

    @Test
    void aPrinterThatKeepsTakingDataIsWaitedForPastTheStallPeriod() throws Exception {
        start(PACKET);                        // one packet of room: each credit waits for the printer's next read
        int handle = open();
        PeripheralChannel ch = peripheral.accept(PRINT, Duration.ofSeconds(5));
        int packets = 12;
        long[] taken = new long[1];
        Thread printer = Thread.ofVirtual().start(() -> {
            byte[] buf = new byte[PACKET];
            try {
                for (IoResult r = ch.read(buf, 0, PACKET, 10_000); !r.isEndOfChannel(); r = ch.read(buf, 0, PACKET, 10_000)) {
                    taken[0] += r.bytes();
                    Thread.sleep(REPLY_TIMEOUT.toMillis() / 2);   // the printer's pace, not a wait for a state
                }
            } catch (Dot4Exception | InterruptedException e) {
                throw new AssertionError(e);
            }
        });
        byte[] job = new byte[packets * PACKET];
        assertThat(client.write(handle, job, 0, job.length, Dot4Constants.INFINITE).bytes()).isEqualTo(job.length);
        long started = System.nanoTime();
        client.closeChannel(handle);          // no packet waits a whole stall period, the job takes several
        long tookMillis = Duration.ofNanos(System.nanoTime() - started).toMillis();
        printer.join();
        assertThat(taken[0]).isEqualTo(job.length);
        // Proof that the stall period was renewed on progress rather than never reached.
        assertThat(tookMillis).as("close took longer than one stall period").isGreaterThan(REPLY_TIMEOUT.toMillis());
    }

    @Test
    void closeFailsWhenThePeripheralClosesTheChannelWithDataUntaken() throws Exception {
        start(PACKET);
        int handle = open();
        PeripheralChannel ch = peripheral.accept(PRINT, Duration.ofSeconds(5));
        byte[] job = new byte[4 * PACKET];
        client.write(handle, job, 0, job.length, Dot4Constants.NO_TIMEOUT);
        ch.close();                           // closes without reading: the buffered packet is dropped
        waitUntil(() -> host.channels().stream().anyMatch(c -> c.state().equals("CLOSED")));

        assertThatThrownBy(() -> client.closeChannel(handle))
                .isInstanceOfSatisfying(Dot4Exception.class, e -> {
                    assertThat(e.status()).isEqualTo(NtStatus.STATUS_CANCELLED);
                    assertThat(e.getMessage()).contains("not taken");
                });
    }

    @Test
    void closeFailsWithNotConnectedWhenTheLinkGoesWithDataUnsent() throws Exception {
        start(PACKET);
        int handle = open();
        byte[] job = new byte[4 * PACKET];
        client.write(handle, job, 0, job.length, Dot4Constants.NO_TIMEOUT);
        peripheral.close();
        waitUntil(() -> host.downReason() != null);

        assertThatThrownBy(() -> client.closeChannel(handle))
                .isInstanceOfSatisfying(Dot4Exception.class, e -> {
                    assertThat(e.status()).isEqualTo(NtStatus.STATUS_DEVICE_NOT_CONNECTED);
                    assertThat(e.getMessage()).contains("not delivered");
                });
    }

    @Test
    void aPeripheralStartedOnALinkThatIsAlreadyGoneReportsItInsteadOfThrowing() throws Exception {
        MemoryLink[] link = MemoryLink.pair("gone");
        link[0].close();
        peripheral = Dot4Peripheral.start(link[1], List.of(LocalSocket.service(PRINT, "PRINT", ChannelMode.STREAM)));
        waitUntil(() -> peripheral.downReason() != null);
        assertThatThrownBy(() -> peripheral.accept(PRINT, Duration.ofSeconds(1)))
                .isInstanceOfSatisfying(Dot4Exception.class, e -> assertThat(e.status()).isEqualTo(NtStatus.STATUS_DEVICE_NOT_CONNECTED));
    }

    @Test
    void sequentialAndConcurrentClientsNeverGetASocketWhoseChannelIsStillClosing() throws Exception {
        start(64 * PACKET);
        Thread.ofVirtual().start(this::drainEveryChannel);
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            List<Future<Void>> jobs = new ArrayList<>();
            for (int i = 0; i < 150; i++) {
                int n = i;
                Callable<Void> job = () -> {
                    try (HostClient c = host.newClient("job " + n)) {
                        int socket = c.createSocket(CreateSocketData.forService("PRINT", ChannelType.STREAM, 8 * PACKET, PACKET, PACKET))
                                .hostSocketId();
                        int handle = c.openChannel(socket, false);
                        byte[] data = new byte[n % 3 * PACKET + 1];
                        c.write(handle, data, 0, data.length, Dot4Constants.INFINITE);
                        if (n % 2 == 0) {
                            // One thread closes the channel while another closes the client, as a bridge
                            // with a pump per direction does; the others vanish (client close only).
                            Thread closer = Thread.ofVirtual().start(() -> {
                                try {
                                    c.closeChannel(handle);
                                } catch (Dot4Exception e) {
                                    // Losing the race to the client's close is fine; a busy socket later is not.
                                }
                            });
                            c.close();
                            closer.join();
                        }
                    }
                    return null;
                };
                jobs.add(pool.submit(job));
            }
            for (Future<Void> f : jobs) {
                f.get();                        // a DEVICE_BUSY or a ConcurrentModificationException fails here
            }
        } finally {
            pool.shutdownNow();
        }
        waitUntil(() -> host.channels().isEmpty());
    }

    private void drainEveryChannel() {
        try {
            while (true) {
                PeripheralChannel ch = peripheral.accept(PRINT, Duration.ofMinutes(1));
                Thread.ofVirtual().start(() -> {
                    byte[] buf = new byte[8192];
                    try {
                        while (!ch.read(buf, 0, buf.length, Dot4Constants.INFINITE).isEndOfChannel()) {
                            // Take everything.
                        }
                        ch.close();
                    } catch (Dot4Exception e) {
                        // The host vanished with the channel: that is one of the cases under test.
                    }
                });
            }
        } catch (Dot4Exception e) {
            // The link closed at the end of the test.
        }
    }

    /** Reads {@code ch} in {@code chunk}-byte reads until the host closes it; every read a plain success. */
    static long readToEnd(PeripheralChannel ch, int chunk) throws Dot4Exception {
        byte[] buf = new byte[chunk];
        long total = 0;
        for (IoResult r = ch.read(buf, 0, chunk, 10_000); !r.isEndOfChannel(); r = ch.read(buf, 0, chunk, 10_000)) {
            assertThat(r.status()).isEqualTo(NtStatus.STATUS_SUCCESS);
            total += r.bytes();
        }
        return total;
    }

    static void waitUntil(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("condition not reached within 10 s");
            }
            Thread.sleep(5);
        }
    }
}
