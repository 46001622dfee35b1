package org.dot4j.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.dot4j.api.ChannelType;
import org.dot4j.api.CreateSocketData;
import org.dot4j.api.IoResult;
import org.dot4j.driver.Dot4Host;
import org.dot4j.driver.HostClient;
import org.dot4j.driver.HostOptions;
import org.dot4j.driver.MemoryLink;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** What no host can make the simulator hold without bound: links, a half-sent packet, an ECHO message. */
@Timeout(30)
class SimLimitsTest {

    private static final int PRINT_BUFFER = SimConfig.Limits.DEFAULT_PRINT_BUFFER;
    private static final int PRINT_PACKET = org.dot4j.engine.LocalSocket.DEFAULT_PACKET_SIZE;

    static final Duration WAIT = Duration.ofSeconds(5);
    static final String INIT_REPLY = "00 00 00 09 01 00 80 00 20";

    @TempDir
    Path spool;
    MemoryListener listener = new MemoryListener();
    SimulatedPeripheral sim;

    @AfterEach
    void stop() {
        if (sim != null) {
            sim.close();
        }
    }

    private void start(SimConfig.Limits limits) {
        sim = SimulatedPeripheral.serve(listener, SimConfig.defaults(spool).withLimits(limits));
    }

    private RawHost initialisedHost() throws Exception {
        RawHost host = new RawHost(listener.connect());
        assertThat(host.exchange(Wire.init(0x20))).isEqualTo(RawHost.bytes(INIT_REPLY));
        return host;
    }

    /** The first read on {@code link}: -1 when the simulator hung up without a word. */
    private static int firstRead(MemoryLink link) throws Exception {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return link.read(ByteBuffer.allocate(64));
            } catch (java.io.IOException e) {
                return -2;
            }
        }, r -> Thread.ofVirtual().start(r)).get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Test
    void aHostBeyondTheLimitIsDisconnectedAtOnceAndOneIsServedAgainWhenAnotherLeft() throws Exception {
        start(new SimConfig.Limits(2, Duration.ofSeconds(30), 1 << 20, PRINT_BUFFER, PRINT_PACKET));
        RawHost a = initialisedHost();
        RawHost b = initialisedHost();

        MemoryLink refused = listener.connect();
        assertThat(firstRead(refused)).as("the link closed at once").isEqualTo(-1);

        a.close();
        Await.until(WAIT, () -> sim.hosts() == 1, () -> sim.hosts() + " hosts served");
        RawHost c = initialisedHost();
        assertThat(b.exchange(Wire.init(0x20))).as("the others kept their links").isEqualTo(RawHost.bytes(INIT_REPLY));
        b.close();
        c.close();
    }

    @Test
    void aHostThatStopsMidPacketIsDisconnectedWhileAnIdleHostBetweenPacketsIsNot() throws Exception {
        start(new SimConfig.Limits(4, Duration.ofMillis(300), 1 << 20, PRINT_BUFFER, PRINT_PACKET));
        RawHost idle = initialisedHost();
        RawHost stuck = initialisedHost();

        stuck.send(Arrays.copyOf(Wire.init(0x20), 3)); // half a header, then silence
        assertThat(stuck.awaitClosedByPeer(WAIT)).as("the stuck host was disconnected").isTrue();
        Await.until(WAIT, () -> sim.hosts() == 1, () -> sim.hosts() + " hosts served");

        // The idle host has been quiet longer than the stall timeout, but between packets: it keeps its link.
        assertThat(idle.exchange(Wire.init(0x20))).isEqualTo(RawHost.bytes(INIT_REPLY));
        idle.close();
    }

    @Test
    void anEchoMessageLongerThanTheLimitClosesItsChannelAndTheNextChannelEchoes() throws Exception {
        start(new SimConfig.Limits(4, Duration.ofSeconds(30), 64 * 1024, PRINT_BUFFER, PRINT_PACKET));
        try (Dot4Host host = Dot4Host.connect(listener.connect(), HostOptions.defaults());
             HostClient client = host.newClient("echo")) {
            int socket = client.createSocket(CreateSocketData.forService("ECHO", ChannelType.PACKET, 65536, 16384, 16384)).hostSocketId();
            int handle = client.openChannel(socket, false);
            byte[] endless = new byte[200_000];
            client.write(handle, endless, 0, endless.length, 0); // queued: the simulator gives up long before the end
            Await.until(WAIT, () -> sim.channels().stream().noneMatch(c -> c.localSocket() == SocketLayout.ECHO),
                    () -> "ECHO channels open: " + sim.channels());

            int again = client.createSocket(CreateSocketData.forService("ECHO", ChannelType.PACKET, 65536, 16384, 16384)).hostSocketId();
            int second = client.openChannel(again, false);
            byte[] hello = {'h', 'e', 'l', 'l', 'o'};
            client.write(second, hello, 0, hello.length, WAIT.toMillis());
            byte[] back = new byte[16];
            IoResult r = client.read(second, back, 0, back.length, WAIT.toMillis());
            assertThat(Arrays.copyOf(back, r.bytes())).isEqualTo(hello);
        }
    }

    @Test
    void thePrintBufferAndPacketAreTheLimitsAndTheOtherServicesKeepTheirs() throws Exception {
        start(SimConfig.Limits.defaults().withPrint(8 * 65535, 65535));
        try (Dot4Host host = Dot4Host.connect(listener.connect(), HostOptions.defaults());
             HostClient client = host.newClient("print")) {
            int print = client.createSocket(CreateSocketData.forService("PRINT", ChannelType.STREAM, 65536, 65535, 65535)).hostSocketId();
            client.openChannel(print, false);
            int scan = client.createSocket(CreateSocketData.forService("HP-MESSAGE", ChannelType.STREAM, 65536, 65535, 65535)).hostSocketId();
            client.openChannel(scan, false);
            Await.until(WAIT, () -> host.channels().size() == 2 && host.channels().stream().allMatch(c -> c.sendCredit() > 0),
                    () -> "channels: " + host.channels());
            var byPeer = host.channels().stream().collect(java.util.stream.Collectors.toMap(c -> c.key().secondarySocket(), c -> c));
            assertThat(byPeer.get(SocketLayout.PRINT).sendPacketSize()).as("PRINT takes 64 KiB packets").isEqualTo(65535);
            assertThat(byPeer.get(SocketLayout.PRINT).sendCredit()).as("credit for its buffer").isEqualTo(8);
            assertThat(byPeer.get(SocketLayout.HP_MESSAGE).sendPacketSize()).isEqualTo(SocketLayout.PACKET_SIZE);
        }
    }

    @Test
    void aPrintBufferThatCannotHoldAPacketIsRefusedWithTheSizeToGive() {
        assertThatThrownBy(() -> SimConfig.Limits.defaults().withPrint(1000, 16384))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("give at least 16378");
        assertThatThrownBy(() -> SimConfig.Limits.defaults().withPrint(65536, 70000))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("7..65535");
    }
}
