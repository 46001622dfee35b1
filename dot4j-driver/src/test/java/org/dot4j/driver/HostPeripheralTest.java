package org.dot4j.driver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;
import org.dot4j.api.Activity;
import org.dot4j.api.ActivityMessage;
import org.dot4j.api.ChannelType;
import org.dot4j.api.CreateSocketData;
import org.dot4j.api.Dot4Constants;
import org.dot4j.api.Dot4Exception;
import org.dot4j.api.IoResult;
import org.dot4j.api.NtStatus;
import org.dot4j.engine.ChannelMode;
import org.dot4j.engine.ChannelStatus;
import org.dot4j.engine.LocalSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Host and peripheral drivers with real threads over an in-memory link: every d4drvif call. */
@Timeout(20)
class HostPeripheralTest {

    static final int PRINT = 2;
    static final int ECHO = 6;
    static final int STATUS = 9;

    Dot4Peripheral peripheral;
    Dot4Host host;
    HostClient client;
    final AtomicReference<Throwable> serviceFailure = new AtomicReference<>();

    @BeforeEach
    void start() throws Exception {
        MemoryLink[] link = MemoryLink.pair("test");
        peripheral = Dot4Peripheral.start(link[1], List.of(
                LocalSocket.service(PRINT, "PRINT", ChannelMode.STREAM),
                LocalSocket.service(ECHO, "ECHO", ChannelMode.PACKET),
                LocalSocket.service(STATUS, "STATUS", ChannelMode.STREAM)));
        Thread.ofVirtual().start(() -> EchoService.serve(peripheral, ECHO, serviceFailure));
        host = Dot4Host.connect(link[0], HostOptions.defaults().withReplyTimeout(Duration.ofSeconds(5)));
        client = host.newClient("test");
    }

    @AfterEach
    void stop() {
        host.close();
        peripheral.close();
        assertThat(serviceFailure.get()).isNull();
    }

    @Test
    void createSocketByNameResolvesTheServiceAndReturnsAHostSocket() throws Exception {
        CreateSocketData created = client.createSocket(CreateSocketData.forService("PRINT", ChannelType.STREAM, 0x7FFF, 4096, 4096));
        assertThat(created.hostSocketId()).isEqualTo(PRINT);
        CreateSocketData second = client.createSocket(CreateSocketData.forService("PRINT", ChannelType.STREAM, 0x7FFF, 4096, 4096));
        assertThat(second.hostSocketId()).isNotEqualTo(PRINT).isBetween(1, 255);
    }

    @Test
    void createSocketForAnUnknownServiceFailsWithNotFound() {
        assertThatThrownBy(() -> client.createSocket(CreateSocketData.forService("NO-SUCH", ChannelType.STREAM, 0x7FFF, 4096, 4096)))
                .isInstanceOf(Dot4Exception.class)
                .extracting(e -> ((Dot4Exception) e).status()).isEqualTo(NtStatus.STATUS_NOT_FOUND);
    }

    @Test
    void echoChannelReturnsEveryMessageWithItsBoundaries() throws Exception {
        int socket = client.createSocket(CreateSocketData.forSocket(ECHO, ChannelType.PACKET, 65536, 16384, 16384)).hostSocketId();
        int handle = client.openChannel(socket, false);
        Random random = new Random(7);
        for (int size : new int[] {1, 100, 16378, 16379, 40_000}) {
            byte[] message = new byte[size];
            random.nextBytes(message);
            assertThat(client.write(handle, message, 0, size, 5000)).isEqualTo(IoResult.success(size));
            byte[] back = new byte[size];
            int got = 0;
            while (got < size) {
                IoResult r = client.read(handle, back, got, size - got, 5000);
                assertThat(r.status()).isIn(NtStatus.STATUS_SUCCESS, NtStatus.STATUS_BUFFER_OVERFLOW);
                got += r.bytes();
            }
            assertThat(back).isEqualTo(message);
        }
        client.closeChannel(handle);
        client.destroySocket(socket);
    }

    @Test
    void readWithNoTimeoutDoesNotWaitAndReportsStatusTimeout() throws Exception {
        int socket = client.createSocket(CreateSocketData.forSocket(ECHO, ChannelType.PACKET, 65536, 512, 512)).hostSocketId();
        int handle = client.openChannel(socket, false);
        assertThat(client.read(handle, new byte[10], 0, 10, Dot4Constants.NO_TIMEOUT))
                .isEqualTo(new IoResult(NtStatus.STATUS_TIMEOUT, 0));
    }

    @Test
    void peripheralOpenedChannelIsWhatWaitForChannelReturns() throws Exception {
        int socket = client.createSocket(CreateSocketData.forSocket(STATUS, ChannelType.STREAM, 65536, 4096, 4096)).hostSocketId();
        // The peripheral closes only once the host subscribed: a close that came first would rightly broadcast nothing.
        java.util.concurrent.CountDownLatch subscribed = new java.util.concurrent.CountDownLatch(1);
        Thread notifier = Thread.ofVirtual().start(() -> {
            try (PeripheralChannel ch = peripheral.openToHost(STATUS, socket)) {
                byte[] line = "READY\n".getBytes(StandardCharsets.US_ASCII);
                ch.writeFully(line, 0, line.length, 5000);
                subscribed.await();
            } catch (Dot4Exception e) {
                serviceFailure.set(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        int handle = client.waitForChannel(socket, 5000);
        client.addActivityBroadcast(handle);
        subscribed.countDown();
        byte[] buf = new byte[64];
        IoResult r = client.read(handle, buf, 0, buf.length, 5000);
        assertThat(new String(buf, 0, r.bytes(), StandardCharsets.US_ASCII)).isEqualTo("READY\n");
        notifier.join();
        assertThat(client.read(handle, buf, 0, buf.length, 5000).isEndOfChannel()).isTrue();
        Activity closed = nextActivity(ActivityMessage.CHANNEL_CLOSED);
        assertThat(closed.channelHandle()).isEqualTo(handle);
        client.closeChannel(handle);
    }

    @Test
    void activityBroadcastReportsMessagesAndCredit() throws Exception {
        int socket = client.createSocket(CreateSocketData.forSocket(ECHO, ChannelType.PACKET, 65536, 4096, 4096)).hostSocketId();
        int handle = client.openChannel(socket, true);
        int initialCredit = onlyChannel().sendCredit();
        // Twice the first grant in one-packet messages: the rest can only go out on credit the peripheral grants later.
        int messages = 2 * initialCredit + 2;
        for (int i = 0; i < messages; i++) {
            byte[] message = {(byte) i, 2, 3};
            assertThat(client.write(handle, message, 0, 3, 5000)).isEqualTo(IoResult.success(3));
            byte[] back = new byte[3];
            assertThat(client.read(handle, back, 0, 3, 5000)).isEqualTo(IoResult.success(3));
            assertThat(back).isEqualTo(message);
        }
        List<Activity> seen = queuedActivity();
        assertThat(seen).allSatisfy(a -> assertThat(a.channelHandle()).isEqualTo(handle));
        assertThat(seen).filteredOn(a -> a.message() == ActivityMessage.MESSAGE_RECEIVED)
                .hasSize(messages).allSatisfy(a -> assertThat(a.byteCount()).isEqualTo(3));
        List<Activity> credits = seen.stream().filter(a -> a.message() == ActivityMessage.STREAM_CREDITS).toList();
        assertThat(credits).isNotEmpty().allSatisfy(a -> assertThat(a.byteCount()).isPositive());
        long reportedCredit = credits.stream().mapToLong(Activity::byteCount).sum();
        assertThat(reportedCredit).as("credit reported beyond the first grant covers every packet sent on it")
                .isGreaterThanOrEqualTo(onlyChannel().packetsSent() - initialCredit);

        client.removeActivityBroadcast(handle);
        queuedActivity(); // a grant may have come in since the count above
        client.write(handle, new byte[] {4}, 0, 1, 5000);
        assertThat(client.read(handle, new byte[1], 0, 1, 5000)).isEqualTo(IoResult.success(1));
        assertThat(queuedActivity()).as("activity after removeActivityBroadcast").isEmpty();
    }

    @Test
    void anotherClientCannotSeeOrCloseMyChannel() throws Exception {
        int socket = client.createSocket(CreateSocketData.forSocket(ECHO, ChannelType.PACKET, 65536, 4096, 4096)).hostSocketId();
        int handle = client.openChannel(socket, false);
        HostClient other = host.newClient("other");
        assertThatThrownBy(() -> other.closeChannel(handle))
                .extracting(e -> ((Dot4Exception) e).status()).isEqualTo(NtStatus.STATUS_INVALID_HANDLE);
        assertThatThrownBy(() -> other.destroySocket(socket))
                .extracting(e -> ((Dot4Exception) e).status()).isEqualTo(NtStatus.STATUS_INVALID_HANDLE);
        assertThatThrownBy(() -> client.destroySocket(socket))
                .extracting(e -> ((Dot4Exception) e).status()).isEqualTo(NtStatus.STATUS_INVALID_DEVICE_STATE);
        client.close();
        assertThat(host.channels()).isEmpty();
    }

    @Test
    void pullingTheLinkFailsBlockedCallsWithDeviceNotConnectedAndRaisesDisconnect() throws Exception {
        int socket = client.createSocket(CreateSocketData.forSocket(ECHO, ChannelType.PACKET, 65536, 4096, 4096)).hostSocketId();
        int handle = client.openChannel(socket, true);
        AtomicReference<Throwable> readFailure = new AtomicReference<>();
        Thread reader = Thread.ofVirtual().start(() -> {
            try {
                client.read(handle, new byte[10], 0, 10, Dot4Constants.INFINITE);
            } catch (Dot4Exception e) {
                readFailure.set(e);
            }
        });
        awaitBlockedInRead(reader);
        peripheral.close();
        reader.join(2000);
        assertThat(reader.isAlive()).as("read still blocked 2 s after the link went").isFalse();
        assertThat(((Dot4Exception) readFailure.get()).status()).isEqualTo(NtStatus.STATUS_DEVICE_NOT_CONNECTED);
        assertThat(nextActivity(ActivityMessage.DISCONNECT).channelHandle()).isZero();
        assertThatThrownBy(() -> client.write(handle, new byte[1], 0, 1, 100))
                .extracting(e -> ((Dot4Exception) e).status()).isEqualTo(NtStatus.STATUS_DEVICE_NOT_CONNECTED);
    }

    /** The one channel the test opened, as the host's status shows it. */
    private ChannelStatus onlyChannel() {
        List<ChannelStatus> channels = host.channels();
        assertThat(channels).hasSize(1);
        return channels.getFirst();
    }

    /** Every activity queued for this client now, without waiting for more. */
    private List<Activity> queuedActivity() {
        List<Activity> queued = new ArrayList<>();
        while (true) {
            try {
                queued.add(client.waitActivityBroadcast(Dot4Constants.NO_TIMEOUT));
            } catch (Dot4Exception e) {
                assertThat(e.status()).isEqualTo(NtStatus.STATUS_IO_TIMEOUT);
                return queued;
            }
        }
    }

    /** Waits (at most 5 s) until {@code reader} waits for data inside the driver's read. */
    private static void awaitBlockedInRead(Thread reader) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (!waitsForData(reader)) {
            assertThat(reader.isAlive()).as("read ended without blocking").isTrue();
            assertThat(System.nanoTime() - deadline).as("read not blocked after 5 s: %s", reader.getState()).isNegative();
            Thread.sleep(5); // polling interval
        }
    }

    /** Parked on a condition (not on the lock) inside LinkDriver.read. */
    private static boolean waitsForData(Thread thread) {
        List<StackTraceElement> stack = List.of(thread.getStackTrace());
        return thread.getState() == Thread.State.WAITING
                && stack.stream().anyMatch(f -> f.getClassName().equals(LinkDriver.class.getName()) && f.getMethodName().equals("read"))
                && stack.stream().anyMatch(f -> f.getClassName().endsWith("$ConditionObject") && f.getMethodName().startsWith("await"));
    }

    private Activity nextActivity(ActivityMessage wanted) throws Dot4Exception {
        while (true) {
            Activity a = client.waitActivityBroadcast(5000);
            if (a.message() == wanted) {
                return a;
            }
        }
    }
}
