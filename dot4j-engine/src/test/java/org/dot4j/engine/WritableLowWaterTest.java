package org.dot4j.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A writer waiting for room in a channel's send queue is told once half the queue is free, not after every packet
 * (each wake-up is a context switch, and refilled one packet); an empty queue is always told, for callers waiting
 * for everything to be sent.
 */
class WritableLowWaterTest {

    private static final int PACKET = LocalSocket.DEFAULT_PACKET_SIZE;
    private static final int CAPACITY = EngineConfig.DEFAULT_SEND_BUFFER;

    @Test
    void aWaitingWriterIsWokenAtHalfAQueueAndAgainWhenItEmpties() {
        EnginePair pair = EnginePair.standard().initialized(
                new LocalSocket(5, "SINK", ChannelMode.STREAM, 4 * CAPACITY, PACKET, PACKET, true));
        long host = pair.open(LocalSocket.service(5, "", ChannelMode.STREAM), 5);
        assertThat(pair.host.write(host, ByteBuffer.allocate(2 * CAPACITY), false)).as("the queue takes its capacity")
                .isEqualTo(CAPACITY);
        while (pair.host.pollEvent().isPresent()) {
            // earlier events are not this test's
        }
        List<Integer> queuedAtWakeUp = new ArrayList<>();
        ByteBuffer onePacket = ByteBuffer.allocate(PACKET); // a poll cuts at most one data packet
        for (int packets = 0; queued(pair) > 0 && packets < CAPACITY; packets++) {
            assertThat(pair.host.pollTransmit(onePacket.clear(), pair.now)).as("credit for the whole queue").isPositive();
            for (var e = pair.host.pollEvent(); e.isPresent(); e = pair.host.pollEvent()) {
                if (e.get() instanceof EngineEvent.Writable) {
                    queuedAtWakeUp.add(queued(pair));
                }
            }
        }
        int payload = PACKET - org.dot4j.wire.WireFormat.HEADER_SIZE;
        assertThat(queuedAtWakeUp).as("bytes still queued at each Writable").hasSize(2);
        assertThat(queuedAtWakeUp.get(0)).as("the first packet that left half the queue free")
                .isLessThanOrEqualTo(CAPACITY / 2).isGreaterThan(CAPACITY / 2 - payload);
        assertThat(queuedAtWakeUp.get(1)).as("then the empty queue").isZero();
    }

    @Test
    void aQueueThatEmptiesWithoutAWaitingWriterStillSaysSo() {
        EnginePair pair = EnginePair.standard().initialized(LocalSocket.service(5, "SINK", ChannelMode.STREAM));
        long host = pair.open(LocalSocket.service(5, "", ChannelMode.STREAM), 5);
        pair.host.write(host, ByteBuffer.allocate(10), false);
        pair.hostEvents.clear();
        pair.drive();
        assertThat(pair.hostEvents).filteredOn(e -> e instanceof EngineEvent.Writable).hasSize(1);
    }

    private static int queued(EnginePair pair) {
        return pair.host.channels().getFirst().queuedToSend();
    }
}
