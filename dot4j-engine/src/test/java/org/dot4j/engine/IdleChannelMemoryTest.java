package org.dot4j.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.List;
import org.dot4j.wire.Revision;
import org.junit.jupiter.api.Test;

/**
 * A thousand open channels on one link cost little while idle: their queues hold no more than a few KiB of arrays
 * each, counted exactly ({@link ChannelStatus#bufferBytes} and the link's spare arrays), also after every channel
 * carried data both ways at the same time (the link's {@link BufferPool} keeps at most 512 KiB of what they gave
 * back). Both engines raise {@link EngineConfig#maxChannels} above d4drvif's 128; the 1001st open is refused.
 */
class IdleChannelMemoryTest {

    private static final int CHANNELS = 1000;
    /** More than a queue keeps when drained, so every queue grows, drains and gives its array back. */
    private static final int TRAFFIC = 20_000;
    private static final int IDLE_BUDGET = 16 * 1024;

    @Test
    void aThousandIdleChannelsHoldAtMostSixteenKibEachBeforeAndAfterCarryingData() {
        EnginePair pair = openedLink();
        assertThat(pair.host.channels()).hasSize(CHANNELS);
        assertThat(pair.peripheral.channels()).hasSize(CHANNELS);
        assertThat(bytesPerChannel(pair.host)).as("never used: nothing allocated").isZero();
        assertThat(bytesPerChannel(pair.peripheral)).isZero();
        carryDataBothWays(pair);
        long worst = 0;
        for (LinkEngine engine : List.of(pair.host, pair.peripheral)) {
            for (ChannelStatus ch : engine.channels()) {
                assertThat(ch.queuedToSend() + ch.bufferedReceived()).as("idle again").isZero();
                assertThat(ch.bytesReceived() + ch.bytesSent()).isEqualTo(2L * TRAFFIC);
            }
            worst = Math.max(worst, bytesPerChannel(engine));
        }
        System.out.println("IdleChannelMemoryTest: at most " + worst + " buffer bytes per idle channel after traffic");
        assertThat(worst).isLessThanOrEqualTo(IDLE_BUDGET);
    }

    @Test
    void beyondTheLimitAnOpenIsRefusedWithNoResources() {
        EnginePair pair = openedLink();
        pair.host.registerSocket(LocalSocket.service(200, "", ChannelMode.STREAM));
        assertThatThrownBy(() -> pair.host.openChannel(200, 20))
                .isInstanceOfSatisfying(EngineException.class, e -> assertThat(e.failure()).isEqualTo(Failure.NO_RESOURCES))
                .hasMessageContaining("already 1000 channels");
    }

    /** One link with {@link #CHANNELS} stream channels open: host sockets 10.. to peripheral sockets 20..32. */
    private static EnginePair openedLink() {
        EnginePair pair = new EnginePair(EngineConfig.host(Revision.IEEE_1284_4).withMaxChannels(CHANNELS),
                EngineConfig.peripheral().withMaxChannels(CHANNELS), 1, 65536);
        LocalSocket[] services = new LocalSocket[13];
        for (int i = 0; i < services.length; i++) {
            services[i] = LocalSocket.service(20 + i, "S" + i, ChannelMode.STREAM);
        }
        pair.initialized(services);
        for (int c = 0; c < CHANNELS; c++) {
            pair.open(LocalSocket.service(10 + c / services.length, "", ChannelMode.STREAM), 20 + c % services.length);
        }
        return pair;
    }

    /** Every channel at once, so all queues are grown together and the spares pile up as they drain. */
    private static void carryDataBothWays(EnginePair pair) {
        ByteBuffer sink = ByteBuffer.allocate(TRAFFIC);
        List<ChannelStatus> channels = pair.host.channels();
        for (ChannelStatus ch : channels) {
            assertThat(pair.host.write(ch.channelId(), ByteBuffer.allocate(TRAFFIC), false)).isEqualTo(TRAFFIC);
            assertThat(pair.peripheral.write(pair.acceptedOnPeripheral(ch.key()), ByteBuffer.allocate(TRAFFIC), false))
                    .isEqualTo(TRAFFIC);
        }
        pair.drive();
        for (ChannelStatus ch : channels) {
            readAll(pair, pair.peripheral, pair.acceptedOnPeripheral(ch.key()), sink);
            readAll(pair, pair.host, ch.channelId(), sink);
        }
    }

    private static void readAll(EnginePair pair, LinkEngine engine, long channel, ByteBuffer sink) {
        sink.clear();
        while (sink.hasRemaining()) {
            int before = sink.position();
            engine.read(channel, sink);
            pair.drive();
            assertThat(sink.position()).as("data keeps arriving").isGreaterThan(before);
        }
    }

    /** Array bytes of every channel's queues plus the link's spare arrays, per channel. */
    private static long bytesPerChannel(LinkEngine engine) {
        List<ChannelStatus> channels = engine.channels();
        long total = engine.buffers.spareBytes();
        for (ChannelStatus ch : channels) {
            total += ch.bufferBytes();
        }
        return total / channels.size();
    }
}
