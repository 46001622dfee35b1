package org.dot4j.driver;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;
import org.dot4j.api.ChannelType;
import org.dot4j.api.CreateSocketData;
import org.dot4j.api.Dot4Constants;
import org.dot4j.api.Dot4Exception;
import org.dot4j.api.IoResult;
import org.dot4j.api.NtStatus;
import org.dot4j.engine.ChannelMode;
import org.dot4j.engine.LocalSocket;
import org.dot4j.engine.MlcFlow;
import org.dot4j.wire.Revision;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * dot4j's host speaking HP MLC (reference §6) to dot4j's peripheral, with real threads over an in-memory link: names
 * resolve to HP's fixed socket ids, a job arrives whole, echo keeps message boundaries, in both credit styles; and a
 * 0x20 host falls back to MLC when the peripheral refuses 0x20 as "revision not supported".
 */
@Timeout(30)
class MlcHostPeripheralTest {

    static final int PRINT = 2;
    static final int ECHO = 6;

    Dot4Peripheral peripheral;
    Dot4Host host;
    final AtomicReference<Throwable> serviceFailure = new AtomicReference<>();
    final AtomicReference<byte[]> printed = new AtomicReference<>();

    private void start(ByteLink peripheralLink, ByteLink hostLink, HostOptions options) throws Dot4Exception {
        peripheral = Dot4Peripheral.start(peripheralLink, List.of(
                LocalSocket.service(PRINT, "PRINT", ChannelMode.STREAM),
                LocalSocket.service(ECHO, "ECHO", ChannelMode.PACKET)));
        Thread.ofVirtual().start(() -> EchoService.serve(peripheral, ECHO, serviceFailure));
        Thread.ofVirtual().start(this::printService);
        host = Dot4Host.connect(hostLink, options.withReplyTimeout(Duration.ofSeconds(5)));
    }

    @AfterEach
    void stop() {
        if (host != null) {
            host.close();
        }
        peripheral.close();
        assertThat(serviceFailure.get()).isNull();
    }

    @ParameterizedTest
    @EnumSource(MlcFlow.class)
    void aJobSentByNameArrivesWholeAndEchoKeepsBoundaries(MlcFlow flow) throws Exception {
        MemoryLink[] link = MemoryLink.pair("mlc");
        start(link[1], link[0], HostOptions.mlc(flow));
        assertThat(host.revision()).isEqualTo(Revision.HP_MLC);
        assertThat(peripheral.revision()).isEqualTo(Revision.HP_MLC);
        HostClient client = host.newClient("test");

        byte[] job = new byte[1 << 20];
        new Random(3).nextBytes(job);
        CreateSocketData print = client.createSocket(CreateSocketData.forService("PRINT", ChannelType.STREAM, 0x7FFF, 16384, 16384));
        assertThat(print.hostSocketId()).as("HP's fixed PRINT id, §8.1").isEqualTo(PRINT);
        int handle = client.openChannel(print.hostSocketId(), false);
        assertThat(client.write(handle, job, 0, job.length, 10_000)).isEqualTo(IoResult.success(job.length));
        client.closeChannel(handle);
        echoRoundTrip(client);
        awaitPrinted();
        assertThat(sha256(printed.get())).isEqualTo(sha256(job));
    }

    @Test
    void aPeripheralRefusingZeroTwentyIsSpokenToInMlc() throws Exception {
        MemoryLink[] link = MemoryLink.pair("fallback");
        start(new RefusesZeroTwenty(link[1]), link[0], HostOptions.defaults());
        assertThat(host.revision()).isEqualTo(Revision.HP_MLC);
        echoRoundTrip(host.newClient("test"));
    }

    private void echoRoundTrip(HostClient client) throws Exception {
        int socket = client.createSocket(CreateSocketData.forService("ECHO", ChannelType.PACKET, 65536, 16384, 16384)).hostSocketId();
        int handle = client.openChannel(socket, false);
        for (int size : new int[] {1, 16378, 16379, 40_000}) {
            byte[] message = new byte[size];
            new Random(size).nextBytes(message);
            assertThat(client.write(handle, message, 0, size, 5000)).isEqualTo(IoResult.success(size));
            byte[] back = new byte[size];
            int got = 0;
            while (got < size) {
                IoResult r = client.read(handle, back, got, size - got, 5000);
                got += r.bytes();
            }
            assertThat(back).isEqualTo(message);
        }
        client.closeChannel(handle);
    }

    private void awaitPrinted() throws InterruptedException {
        synchronized (printed) {
            while (printed.get() == null && serviceFailure.get() == null) {
                printed.wait(100);
            }
        }
    }

    private void printService() {
        try (PeripheralChannel ch = peripheral.accept(PRINT, Duration.ofMinutes(1))) {
            ByteBuffer all = ByteBuffer.allocate(2 << 20);
            byte[] buf = new byte[70_000];
            while (true) {
                IoResult r = ch.read(buf, 0, buf.length, Dot4Constants.INFINITE);
                if (r.isEndOfChannel()) {
                    break;
                }
                all.put(buf, 0, r.bytes());
            }
            synchronized (printed) {
                printed.set(Arrays.copyOf(all.array(), all.position()));
                printed.notifyAll();
            }
        } catch (Dot4Exception e) {
            if (e.status() != NtStatus.STATUS_DEVICE_NOT_CONNECTED) {
                serviceFailure.set(e);
            }
        }
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    /**
     * The peripheral's end of the link, as a device that knows only MLC would behave: the host's first Init, if it
     * asks for 0x20, is answered "revision not supported" (result 0x02) and never reaches the peripheral.
     */
    private static final class RefusesZeroTwenty implements ByteLink {
        private static final byte[] INIT_20 = HexFormat.of().parseHex("0000000801000020");
        private static final byte[] REFUSAL = HexFormat.of().parseHex("000000090100800220");
        private final ByteLink link;
        private final ByteBuffer first = ByteBuffer.allocate(INIT_20.length);
        private boolean decided;

        RefusesZeroTwenty(ByteLink link) {
            this.link = link;
        }

        @Override
        public int read(ByteBuffer dst) throws IOException {
            while (!decided) {
                ByteBuffer one = ByteBuffer.allocate(first.remaining());
                if (link.read(one) < 0) {
                    return -1;
                }
                first.put(one.flip());
                if (!first.hasRemaining()) {
                    decided = true;
                    if (Arrays.equals(first.array(), INIT_20)) {
                        link.write(ByteBuffer.wrap(REFUSAL));
                        first.clear().limit(0);
                    } else {
                        first.flip();
                    }
                }
            }
            if (first.hasRemaining()) {
                int n = Math.min(first.remaining(), dst.remaining());
                dst.put(first.slice(first.position(), n));
                first.position(first.position() + n);
                return n;
            }
            return link.read(dst);
        }

        @Override
        public void write(ByteBuffer src) throws IOException {
            link.write(src);
        }

        @Override
        public String describe() {
            return link.describe();
        }

        @Override
        public void close() throws IOException {
            link.close();
        }
    }
}
