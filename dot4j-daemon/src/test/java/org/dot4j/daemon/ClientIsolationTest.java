package org.dot4j.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.dot4j.daemon.Dot4DeviceContract.assertStatus;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.dot4j.api.ChannelType;
import org.dot4j.api.CreateSocketData;
import org.dot4j.api.Dot4Constants;
import org.dot4j.api.Dot4Exception;
import org.dot4j.api.IoResult;
import org.dot4j.api.NtStatus;
import org.dot4j.driver.Dot4Host;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Clients of one daemon are kept apart: handles, limits, disconnects and malformed frames affect only their owner. */
@Timeout(30)
class ClientIsolationTest {

    @TempDir
    Path dir;
    DaemonFixture fixture;

    @BeforeEach
    void start() throws Exception {
        fixture = DaemonFixture.start(dir, List.of(),
                c -> c.withLimits(new DaemonConfig.Limits(32, 16L << 20)));
    }

    @AfterEach
    void stop() throws IOException {
        fixture.close();
    }

    @Test
    void aClientCannotUseOrCloseAnotherClientsSocketsAndChannels() throws Exception {
        try (DaemonClient a = fixture.client(); DaemonClient b = fixture.client()) {
            int socket = echoSocket(a);
            int handle = a.openChannel(socket, false);
            assertStatus(() -> b.write(handle, new byte[3], 0, 3, 1000), NtStatus.STATUS_INVALID_HANDLE);
            assertStatus(() -> b.read(handle, new byte[3], 0, 3, 0), NtStatus.STATUS_INVALID_HANDLE);
            assertStatus(() -> b.closeChannel(handle), NtStatus.STATUS_INVALID_HANDLE);
            assertStatus(() -> b.addActivityBroadcast(handle), NtStatus.STATUS_INVALID_HANDLE);
            assertStatus(() -> b.destroySocket(socket), NtStatus.STATUS_INVALID_HANDLE);
            assertThat(a.write(handle, new byte[] {9}, 0, 1, 1000)).isEqualTo(IoResult.success(1));
        }
    }

    @Test
    void aClientThatVanishesMidTransferHasItsChannelsClosedWhileOthersCarryOn() throws Exception {
        DaemonClient a = fixture.client();
        int print = a.openChannel(a.createSocket(CreateSocketData.forService("PRINT", ChannelType.STREAM, 65536, 0, 0))
                .hostSocketId(), false);
        AtomicLong written = new AtomicLong();
        Thread writer = Thread.ofVirtual().start(() -> {
            byte[] chunk = new byte[32 * 1024];
            try {
                while (true) {
                    written.addAndGet(a.write(print, chunk, 0, chunk.length, Dot4Constants.INFINITE).bytes());
                }
            } catch (Dot4Exception e) {
                // The connection was cut under the writer: expected.
            }
        });
        try (DaemonClient b = fixture.client()) {
            int echo = b.openChannel(echoSocket(b), false);
            waitUntil(() -> written.get() >= 256 * 1024);
            assertThat(ownersOfOpenChannels()).hasSize(2);
            a.close();
            writer.join(5000);
            assertThat(writer.isAlive()).isFalse();
            waitUntil(() -> ownersOfOpenChannels().size() == 1);
            // The session is removed after its channels are closed: wait for that, do not race it.
            waitUntil(() -> !fixture.daemon().statusReport().contains("#1 pid"));
            // B's echo goes on.
            for (int i = 0; i < 50; i++) {
                byte[] message = ("message " + i).getBytes();
                b.write(echo, message, 0, message.length, 5000);
                byte[] back = new byte[64];
                IoResult r = b.read(echo, back, 0, back.length, 5000);
                assertThat(new String(back, 0, r.bytes())).isEqualTo("message " + i);
            }
        }
        // The interrupted job reached the peripheral as a closed channel.
        assertThat(fixture.peripheral().nextPrintJob(Duration.ofSeconds(5))).isNotNull();
    }

    @Test
    void theChannelBeyondTheClientsLimitIsRefusedWithInsufficientResources() throws Exception {
        try (DaemonClient a = fixture.client(); DaemonClient b = fixture.client()) {
            for (int i = 0; i < 32; i++) {
                a.openChannel(echoSocket(a), false);
            }
            int oneMore = echoSocket(a);
            assertStatus(() -> a.openChannel(oneMore, false), NtStatus.STATUS_INSUFFICIENT_RESOURCES);
            // B is the same user (this test's uid): its connections share the limit (ClientLimitsTest).
            int forB = echoSocket(b);
            assertStatus(() -> b.openChannel(forB, false), NtStatus.STATUS_INSUFFICIENT_RESOURCES);
        }
    }

    @Test
    void receiveBuffersBeyondTheClientsLimitAreRefused() throws Exception {
        fixture.close();
        fixture = DaemonFixture.start(dir, List.of(), c -> c.withLimits(new DaemonConfig.Limits(32, 200_000)));
        try (DaemonClient a = fixture.client()) {
            int socket = a.createSocket(CreateSocketData.forSocket(TestPeripheral.ECHO, ChannelType.PACKET, 100_000, 4096, 4096))
                    .hostSocketId();
            int first = a.openChannel(socket, false);
            int second = a.openChannel(a.createSocket(CreateSocketData.forSocket(TestPeripheral.ECHO, ChannelType.PACKET,
                    100_000, 4096, 4096)).hostSocketId(), false);
            int third = a.createSocket(CreateSocketData.forSocket(TestPeripheral.ECHO, ChannelType.PACKET, 100_000, 4096, 4096))
                    .hostSocketId();
            assertStatus(() -> a.openChannel(third, false), NtStatus.STATUS_INSUFFICIENT_RESOURCES);
            a.closeChannel(first);
            assertThat(a.openChannel(third, false)).isNotEqualTo(second);
            assertStatus(() -> a.createSocket(CreateSocketData.forSocket(TestPeripheral.ECHO, ChannelType.PACKET,
                    300_000, 4096, 4096)), NtStatus.STATUS_INSUFFICIENT_RESOURCES);
        }
    }

    @Test
    void garbageOrAnOversizedFrameDropsOnlyThatClient() throws Exception {
        try (DaemonClient good = fixture.client()) {
            int echo = good.openChannel(echoSocket(good), false);
            assertDropped(ByteBuffer.wrap("GET / HTTP/1.0\r\n\r\nhello there, this is no frame".getBytes()));
            assertDropped(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putInt(0x7FFFFFFF).putInt(1).flip());
            // A frame whose inner lengths disagree with frameLength.
            assertDropped(ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN)
                    .putInt(20).putInt(1).putInt(0x003A2008).put((byte) 0).putInt(100).put(new byte[7]).flip());
            good.write(echo, new byte[] {1, 2}, 0, 2, 5000);
            assertThat(good.read(echo, new byte[4], 0, 4, 5000)).isEqualTo(IoResult.success(2));
        }
    }

    @Test
    void anUnknownCodeOrDeviceIsAnErrorReplyNotADisconnect() throws Exception {
        try (SocketChannel raw = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            raw.connect(UnixDomainSocketAddress.of(fixture.controlSocket()));
            ControlProtocol.Reply unknownCode = call(raw, new ControlProtocol.Request(7, 0x003A7FFC, "", new byte[0], 0));
            assertThat(unknownCode.requestId()).isEqualTo(7);
            assertThat(unknownCode.status()).isEqualTo(NtStatus.STATUS_INVALID_DEVICE_REQUEST.value());
            // The same connection still works after the error.
            ControlProtocol.Reply status = call(raw, new ControlProtocol.Request(9, ControlProtocol.STATUS, "", new byte[0],
                    ControlProtocol.MAX_BUFFER));
            assertThat(status.status()).isEqualTo(NtStatus.STATUS_SUCCESS.value());
            assertThat(new String(status.out(), java.nio.charset.StandardCharsets.UTF_8)).contains(DaemonFixture.DEVICE + "  ");
        }
        try (DaemonClient nowhere = DaemonClient.connect(fixture.controlSocket(), "nowhere")) {
            assertStatus(() -> nowhere.openChannel(1, false), NtStatus.STATUS_NO_SUCH_DEVICE);
        }
    }

    private static ControlProtocol.Reply call(SocketChannel raw, ControlProtocol.Request request) throws Exception {
        ByteBuffer frame = ControlProtocol.encodeRequest(request);
        while (frame.hasRemaining()) {
            raw.write(frame);
        }
        return ControlProtocol.decodeReply(new ControlProtocol.FrameReader().next(raw));
    }

    private void assertDropped(ByteBuffer bytes) throws IOException {
        try (SocketChannel raw = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            raw.connect(UnixDomainSocketAddress.of(fixture.controlSocket()));
            raw.write(bytes);
            ByteBuffer in = ByteBuffer.allocate(64);
            int n;
            try {
                do {
                    n = raw.read(in.clear());
                } while (n > 0);
            } catch (IOException reset) {
                n = -1;
            }
            assertThat(n).as("the daemon closed the connection").isEqualTo(-1);
        }
    }

    private List<String> ownersOfOpenChannels() {
        Dot4Host host = fixture.daemon().device(DaemonFixture.DEVICE).host().orElseThrow();
        return host.channels().stream().map(c -> host.ownerOf(c.channelId())).toList();
    }

    private static int echoSocket(DaemonClient client) throws Dot4Exception {
        return client.createSocket(CreateSocketData.forSocket(TestPeripheral.ECHO, ChannelType.PACKET, 65536, 4096, 4096))
                .hostSocketId();
    }

    static void waitUntil(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("condition reached within 10 s").isLessThan(deadline);
            Thread.sleep(20);
        }
    }
}
