package org.dot4j.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import org.dot4j.wire.Opcode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link LinkEngine#cancel}: a request whose caller stopped waiting never completes, and what it started on the
 * wire is finished or undone (issue 9 defect 8: a late OpenChannel success used to leave an open channel with
 * credit nobody owned, and the pair refused with "already open" until the next Init).
 */
@Timeout(10)
class RequestCancelTest {

    static final LocalSocket PRINT = LocalSocket.service(2, "PRINT", ChannelMode.STREAM);
    static final LocalSocket HOST_SOCKET = LocalSocket.service(2, "", ChannelMode.STREAM);
    static final ChannelKey KEY = new ChannelKey(2, 2);

    @Test
    void aCancelledOpenThatSucceedsLaterIsClosedOnTheWireAndThePairIsFreeAgain() {
        EnginePair pair = EnginePair.standard().initialized(PRINT);
        pair.host.registerSocket(HOST_SOCKET);
        long open = pair.host.openChannel(2, 2);
        pair.peripheral.handleReceived(ByteBuffer.wrap(pair.hostTransmits()), pair.now); // on the wire, unanswered

        assertThat(pair.host.cancel(open)).as("cancel of an open on the wire").isTrue();
        assertThat(pair.host.channels()).as("the application forgot it at once").isEmpty();
        pair.drive();

        assertCompletedNever(pair, open);
        assertThat(pair.peripheralEvents).as("the peripheral opened it, then the host closed it")
                .anyMatch(e -> e instanceof EngineEvent.ChannelAccepted a && a.key().equals(KEY))
                .anyMatch(e -> e instanceof EngineEvent.ChannelClosed c && c.key().equals(KEY)
                        && c.cause() == CloseCause.CLOSED_BY_PEER);
        assertThat(pair.toPeripheral.commandsSent).containsEntry(Opcode.CLOSE_CHANNEL, 1);
        assertThat(pair.host.channels()).isEmpty();
        assertThat(pair.hostEvents).noneMatch(e -> e instanceof EngineEvent.ViolationDetected);
        assertThat(pair.peripheralEvents).noneMatch(e -> e instanceof EngineEvent.ViolationDetected);
        pair.peripheral.closeChannel(pair.acceptedOnPeripheral(KEY));
        assertThat(pair.open(HOST_SOCKET, 2)).as("the pair opens again").isPositive();
    }

    @Test
    void aCancelledOpenNotYetSentIsNeverSent() {
        EnginePair pair = EnginePair.standard().initialized(PRINT);
        pair.host.registerSocket(HOST_SOCKET);
        long open = pair.host.openChannel(2, 2);

        assertThat(pair.host.cancel(open)).isTrue();
        assertThat(pair.hostTransmits()).as("nothing to send").isEmpty();
        pair.drive();

        assertCompletedNever(pair, open);
        assertThat(pair.peripheralEvents).noneMatch(e -> e instanceof EngineEvent.ChannelAccepted);
        assertThat(pair.open(HOST_SOCKET, 2)).isPositive();
    }

    @Test
    void aCancelledOpenThatIsRefusedJustFreesThePair() {
        EnginePair pair = EnginePair.standard().initialized(PRINT);
        pair.host.registerSocket(HOST_SOCKET);
        long open = pair.host.openChannel(2, 9); // no service on 9
        pair.peripheral.handleReceived(ByteBuffer.wrap(pair.hostTransmits()), pair.now);

        assertThat(pair.host.cancel(open)).isTrue();
        pair.drive();

        assertCompletedNever(pair, open);
        assertThat(pair.toPeripheral.commandsSent).as("no CloseChannel for a channel that never opened")
                .doesNotContainKey(Opcode.CLOSE_CHANNEL);
        assertThat(pair.host.openChannel(2, 9)).as("the pair can be asked again").isPositive();
    }

    @Test
    void aCancelledCloseStillClosesTheChannelOnBothSides() {
        EnginePair pair = EnginePair.standard().initialized(PRINT);
        long channel = pair.open(HOST_SOCKET, 2);
        long close = pair.host.closeChannel(channel);

        assertThat(pair.host.cancel(close)).isTrue();
        pair.drive();

        assertCompletedNever(pair, close);
        assertThat(pair.host.channels()).isEmpty();
        assertThat(pair.peripheralEvents).anyMatch(e -> e instanceof EngineEvent.ChannelClosed c && c.key().equals(KEY));
        assertThat(pair.open(HOST_SOCKET, 2)).isPositive();
    }

    @Test
    void aCancelledInitStillInitialisesTheLink() {
        EnginePair pair = EnginePair.standard();
        pair.peripheral.registerSocket(PRINT);
        long init = pair.host.init();

        assertThat(pair.host.cancel(init)).isTrue();
        pair.drive();

        assertCompletedNever(pair, init);
        assertThat(pair.host.state()).isEqualTo(LinkState.READY);
        assertThat(pair.hostEvents).contains(new EngineEvent.Initialized(pair.host.revision()));
    }

    @Test
    void aCancelledLookupIsDroppedOrItsReplyIgnored() {
        EnginePair pair = EnginePair.standard().initialized(PRINT);
        long queued = pair.host.getSocketId("PRINT");
        assertThat(pair.host.cancel(queued)).isTrue();
        assertThat(pair.hostTransmits()).as("the queued lookup is not sent").isEmpty();

        long sent = pair.host.getServiceName(2);
        pair.peripheral.handleReceived(ByteBuffer.wrap(pair.hostTransmits()), pair.now);
        assertThat(pair.host.cancel(sent)).isTrue();
        pair.drive();

        assertCompletedNever(pair, queued);
        assertCompletedNever(pair, sent);
        assertThat(pair.hostEvents).noneMatch(e -> e instanceof EngineEvent.ViolationDetected);
        long again = pair.host.getSocketId("PRINT");
        pair.drive();
        assertThat(EnginePair.outcome(pair.hostEvents, again)).isEqualTo(new EngineEvent.SocketIdFound(2));
    }

    @Test
    void cancelIsFalseForACompletedAnUnknownOrAnAlreadyCancelledRequest() {
        EnginePair pair = EnginePair.standard().initialized(PRINT);
        pair.host.registerSocket(HOST_SOCKET);
        long lookup = pair.host.getSocketId("PRINT");
        pair.drive();
        assertThat(pair.host.cancel(lookup)).as("completed").isFalse();
        assertThat(EnginePair.outcome(pair.hostEvents, lookup)).isEqualTo(new EngineEvent.SocketIdFound(2));
        assertThat(pair.host.cancel(0)).as("never a request").isFalse();
        assertThat(pair.host.cancel(987_654)).as("unknown").isFalse();

        long open = pair.host.openChannel(2, 2);
        pair.peripheral.handleReceived(ByteBuffer.wrap(pair.hostTransmits()), pair.now);
        assertThat(pair.host.cancel(open)).isTrue();
        assertThat(pair.host.cancel(open)).as("cancelled twice").isFalse();
    }

    @Test
    void aLinkDownEndsACancelledOpenWithoutACompletion() {
        EnginePair pair = EnginePair.standard().initialized(PRINT);
        pair.host.registerSocket(HOST_SOCKET);
        long open = pair.host.openChannel(2, 2);
        pair.hostTransmits();
        pair.host.cancel(open);

        pair.host.handleLinkDown("unplugged");
        pair.drive();

        assertCompletedNever(pair, open);
        assertThat(pair.host.channels()).isEmpty();
    }

    private static void assertCompletedNever(EnginePair pair, long request) {
        assertThat(pair.hostEvents).as("events of the host")
                .noneMatch(e -> e instanceof EngineEvent.Completed c && c.requestId() == request);
    }
}
