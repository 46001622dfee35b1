package org.dot4j.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.dot4j.wire.Opcode;
import org.dot4j.wire.Revision;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class LinkEngineConversationTest {

    static final LocalSocket PRINT = LocalSocket.service(2, "PRINT", ChannelMode.STREAM);
    static final LocalSocket ECHO = LocalSocket.service(6, "ECHO", ChannelMode.PACKET);

    @Test
    void hostInitsResolvesOpensAndSendsDataToThePeripheral() {
        EnginePair pair = EnginePair.standard().initialized(PRINT, ECHO);
        long lookup = pair.host.getSocketId("print");
        pair.drive();
        assertThat(EnginePair.outcome(pair.hostEvents, lookup)).isEqualTo(new EngineEvent.SocketIdFound(2));

        long channel = pair.open(LocalSocket.service(2, "", ChannelMode.STREAM), 2);
        byte[] data = new byte[200_000];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) (i * 31);
        }
        ByteBuffer src = ByteBuffer.wrap(data);
        long peripheralChannel = pair.acceptedOnPeripheral(new ChannelKey(2, 2));
        ByteBuffer got = ByteBuffer.allocate(data.length);
        while (got.hasRemaining()) {
            pair.host.write(channel, src, false);
            pair.drive();
            pair.peripheral.read(peripheralChannel, got);
            pair.drive();
        }
        assertThat(got.array()).isEqualTo(data);
        assertThat(pair.toPeripheral.dataPackets).isGreaterThan(10);
    }

    /** Found by EngineRoleFuzzTest: a second Exit went out after the first was answered, and its reply threw. */
    @Test
    void commandsQueuedBehindAnAnsweredExitFailAndAreNeverSent() {
        EnginePair pair = EnginePair.standard().initialized(PRINT, ECHO);
        long exit = pair.host.exit();
        long lookup = pair.host.getSocketId("PRINT");
        long secondExit = pair.host.exit();
        pair.drive();

        assertThat(EnginePair.outcome(pair.hostEvents, exit)).isEqualTo(new EngineEvent.ExitDone());
        for (long id : new long[] {lookup, secondExit}) {
            assertThat(EnginePair.outcome(pair.hostEvents, id)).as("request %d", id)
                    .isInstanceOfSatisfying(EngineEvent.Failed.class, f -> {
                        assertThat(f.failure()).isEqualTo(Failure.CANCELLED);
                        assertThat(f.detail()).contains("ended with Exit");
                    });
        }
        assertThat(pair.toPeripheral.commandsSent).containsEntry(Opcode.EXIT, 1)
                .doesNotContainKey(Opcode.GET_SOCKET_ID);
        assertThat(pair.host.state()).isEqualTo(LinkState.UNINITIALIZED);
        assertThat(pair.hostEvents).noneMatch(e -> e instanceof EngineEvent.ViolationDetected);
        assertThat(pair.peripheralEvents).noneMatch(e -> e instanceof EngineEvent.ViolationDetected);
    }

    @Test
    void packetChannelKeepsMessageBoundaries() {
        EnginePair pair = EnginePair.standard().initialized(PRINT, ECHO);
        long channel = pair.open(new LocalSocket(6, "", ChannelMode.PACKET, 65536, 16384, 16384, false), 6);
        long onPeripheral = pair.acceptedOnPeripheral(new ChannelKey(6, 6));
        pair.host.write(channel, ByteBuffer.wrap("first".getBytes(StandardCharsets.US_ASCII)), true);
        pair.host.write(channel, ByteBuffer.wrap("second".getBytes(StandardCharsets.US_ASCII)), true);
        pair.drive();
        ByteBuffer dst = ByteBuffer.allocate(100);
        ReadResult first = pair.peripheral.read(onPeripheral, dst);
        assertThat(first.bytes()).isEqualTo(5);
        assertThat(first.endOfMessage()).isTrue();
        ReadResult second = pair.peripheral.read(onPeripheral, dst);
        assertThat(second.bytes()).isEqualTo(6);
        assertThat(new String(dst.array(), 0, 11, StandardCharsets.US_ASCII)).isEqualTo("firstsecond");
    }

    @Test
    void epsonDraftHostGetsCreditOnlyByAskingAndPeripheralNeverSpeaksFirst() {
        EnginePair pair = EnginePair.of(Revision.EPSON_DRAFT, 3).initialized(PRINT);
        long channel = pair.open(new LocalSocket(2, "", ChannelMode.STREAM, 4096, 512, 512, false), 2);
        pair.host.write(channel, ByteBuffer.wrap(new byte[5000]), false);
        pair.drive();
        long onPeripheral = pair.acceptedOnPeripheral(new ChannelKey(2, 2));
        ByteBuffer got = ByteBuffer.allocate(5000);
        while (got.hasRemaining()) {
            pair.peripheral.read(onPeripheral, got);
            pair.drive();
        }
        assertThat(pair.peripheral.revision()).isEqualTo(Revision.EPSON_DRAFT);
        assertThat(pair.hostEvents).noneMatch(e -> e instanceof EngineEvent.ViolationDetected);
        assertThat(pair.peripheralEvents).noneMatch(e -> e instanceof EngineEvent.ViolationDetected);
    }

    @Test
    void linkTotalsCountPayloadBothWaysAndKeepItAfterTheChannelCloses() {
        EnginePair pair = EnginePair.standard().initialized(PRINT, ECHO);
        long channel = pair.open(new LocalSocket(6, "", ChannelMode.PACKET, 65536, 16384, 16384, false), 6);
        long onPeripheral = pair.acceptedOnPeripheral(new ChannelKey(6, 6));
        pair.host.write(channel, ByteBuffer.wrap(new byte[3000]), true);
        pair.drive();
        pair.peripheral.read(onPeripheral, ByteBuffer.allocate(3000));
        pair.peripheral.write(onPeripheral, ByteBuffer.wrap(new byte[700]), true);
        pair.drive();
        pair.host.read(channel, ByteBuffer.allocate(700));
        pair.host.closeChannel(channel);
        pair.drive();

        assertThat(pair.host.channels()).isEmpty();
        assertThat(pair.host.bytesSent()).isEqualTo(3000);
        assertThat(pair.host.bytesReceived()).isEqualTo(700);
        assertThat(pair.peripheral.bytesReceived()).isEqualTo(3000);
        assertThat(pair.peripheral.bytesSent()).isEqualTo(700);
    }
}
