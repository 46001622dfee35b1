package org.dot4j.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import org.dot4j.wire.WireFormat;
import org.junit.jupiter.api.Test;

/**
 * Zero-length messages take room like bytes ({@link SegmentQueue#EMPTY_MESSAGE_COST} each), so a peer that sends them
 * without end to an application that does not read fills the buffer and gets no more credit, instead of growing
 * the ring of message ends without bound; and an application that writes them faster than they go is told so.
 */
class EmptyMessageFloodTest {

    private static final int BUFFER = LocalSocket.DEFAULT_BUFFER_SIZE;

    @Test
    void aZeroLengthMessageArrivesAsOneEmptyMessage() {
        EnginePair pair = EnginePair.standard().initialized(LocalSocket.service(5, "FLOOD", ChannelMode.PACKET));
        long host = pair.open(LocalSocket.service(5, "", ChannelMode.PACKET), 5);
        long peripheral = pair.acceptedOnPeripheral(pair.host.channels().getFirst().key());
        pair.host.write(host, ByteBuffer.allocate(0), true);
        pair.drive(); // alone in the queue: once sent as endless empty packets without the end bit
        pair.host.write(host, ByteBuffer.wrap(new byte[] {7}), true);
        pair.drive();
        assertThat(pair.host.channels().getFirst().packetsSent()).as("one packet each, and no more").isEqualTo(2);
        ByteBuffer dst = ByteBuffer.allocate(16);
        assertThat(pair.peripheral.read(peripheral, dst)).isEqualTo(new ReadResult(0, true, false));
        assertThat(pair.peripheral.read(peripheral, dst)).isEqualTo(new ReadResult(1, true, false));
        assertThat(pair.peripheral.read(peripheral, dst)).isEqualTo(new ReadResult(0, false, false));
    }

    @Test
    void aPeerSendingEmptyMessagesToAReaderThatDoesNotReadIsStoppedByCredit() {
        EnginePair pair = EnginePair.standard().initialized(LocalSocket.service(5, "FLOOD", ChannelMode.PACKET));
        long host = pair.open(LocalSocket.service(5, "", ChannelMode.PACKET), 5);
        long peripheral = pair.acceptedOnPeripheral(pair.host.channels().getFirst().key());
        int written = 0;
        for (int round = 0; round < 200; round++) {
            for (int i = 0; i < 100 && pair.peripheral.channels().getFirst().queuedToSend() == 0; i++) {
                pair.peripheral.write(peripheral, ByteBuffer.allocate(0), true);
                written++;
            }
            pair.drive();
        }
        ChannelStatus received = pair.host.channels().getFirst();
        int fit = BUFFER / SegmentQueue.EMPTY_MESSAGE_COST;
        assertThat(received.packetsReceived()).as("the buffer's worth of empty messages, then no credit")
                .isLessThanOrEqualTo(fit).isGreaterThan(fit / 2);
        assertThat(received.bufferBytes()).as("the ends ring is bounded by the buffer").isLessThanOrEqualTo(BUFFER);
        assertThat(written).isGreaterThan((int) received.packetsReceived());

        ByteBuffer dst = ByteBuffer.allocate(16);
        for (long i = 0; i < received.packetsReceived(); i++) {
            ReadResult r = pair.host.read(host, dst.clear());
            assertThat(r.bytes()).isZero();
            assertThat(r.endOfMessage()).as("empty message %d", i).isTrue();
        }
        pair.drive();
        assertThat(pair.host.channels().getFirst().packetsReceived()).as("reads made room: more came")
                .isGreaterThan(received.packetsReceived());
    }

    @Test
    void anApplicationWritingEmptyMessagesFasterThanTheyGoIsRefusedWithNoResources() {
        EnginePair pair = EnginePair.standard().initialized(LocalSocket.service(5, "FLOOD", ChannelMode.PACKET));
        long host = pair.open(LocalSocket.service(5, "", ChannelMode.PACKET), 5);
        int fit = EngineConfig.DEFAULT_SEND_BUFFER / SegmentQueue.EMPTY_MESSAGE_COST;
        for (int i = 0; i < fit; i++) {
            pair.host.write(host, ByteBuffer.allocate(0), true);
        }
        assertThatThrownBy(() -> pair.host.write(host, ByteBuffer.allocate(0), true))
                .isInstanceOfSatisfying(EngineException.class, e -> assertThat(e.failure()).isEqualTo(Failure.NO_RESOURCES))
                .hasMessageContaining("zero-length messages");
        assertThat(pair.host.channels().getFirst().bufferBytes())
                .isLessThanOrEqualTo(EngineConfig.DEFAULT_SEND_BUFFER + WireFormat.HEADER_SIZE);
        pair.drive();
        pair.host.write(host, ByteBuffer.allocate(0), true); // some went: room again
    }
}
