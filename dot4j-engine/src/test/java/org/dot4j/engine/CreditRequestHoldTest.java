package org.dot4j.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.dot4j.engine.RawWire.ascii;
import static org.dot4j.engine.RawWire.normalise;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The peripheral holds a CreditRequest it has no room for (HeldReplies): HPLIP sleeps a second after every zero grant
 * (reference §4.2), so the answer waits until the application reads, or {@link HeldReplies#HOLD_NANOS} at most, and
 * replies to later commands stay behind it. Time comes only from the {@code now} the test passes.
 */
@Timeout(20)
class CreditRequestHoldTest {

    static final String CREDIT_REQUEST_TINY = "00 00 00 0D 01 00 04 03 03 00 01 FF FF";
    static final String PRINT_FOUND = "00 00 00 0E 01 00 89 00 02 " + ascii("PRINT");

    /** TINY open with its one packet of credit used up: 506 bytes fill its 506-byte buffer. */
    private static EnginePair tinyChannelFull() {
        EnginePair pair = EnginePair.standard().initialized(LinkEngineBadInputTest.PRINT, LinkEngineBadInputTest.TINY);
        assertThat(RawWire.toPeripheral(pair, LinkEngineBadInputTest.OPEN_TINY).bytes())
                .isEqualTo(normalise(LinkEngineBadInputTest.TINY_OPENED));
        byte[] packet = new byte[512];
        packet[0] = 3;
        packet[1] = 3;
        packet[2] = 2; // length 0x0200
        assertThat(RawWire.toPeripheral(pair, packet).bytes()).isEmpty();
        return pair;
    }

    @Test
    void aCreditRequestWithoutRoomIsAnsweredWhenTheApplicationReadsAndLaterRepliesWaitBehindIt() {
        EnginePair pair = tinyChannelFull();
        assertThat(RawWire.toPeripheral(pair, CREDIT_REQUEST_TINY).bytes()).as("held, not a zero grant").isEmpty();
        assertThat(RawWire.toPeripheral(pair, LinkEngineBadInputTest.GET_PRINT).bytes()).as("behind the held reply").isEmpty();

        long channel = pair.acceptedOnPeripheral(new ChannelKey(3, 3));
        assertThat(pair.peripheral.read(channel, ByteBuffer.allocate(1024)).bytes()).isEqualTo(506);
        assertThat(RawWire.toPeripheral(pair, "").bytes())
                .isEqualTo(normalise("00 00 00 0C 01 00 84 00 03 03 00 01 " + PRINT_FOUND));
        assertThat(pair.peripheral.nextDeadline()).isEmpty();
    }

    @Test
    void withNoRoomTheZeroGrantGoesOutAfterTheHoldAndNotBefore() {
        EnginePair pair = tinyChannelFull();
        long asked = pair.now;
        assertThat(RawWire.toPeripheral(pair, CREDIT_REQUEST_TINY).bytes()).isEmpty();
        assertThat(pair.peripheral.nextDeadline()).hasValue(asked + HeldReplies.HOLD_NANOS);

        pair.now = asked + HeldReplies.HOLD_NANOS - 1;
        pair.peripheral.handleTimeout(pair.now);
        assertThat(RawWire.toPeripheral(pair, "").bytes()).isEmpty();

        pair.now = asked + HeldReplies.HOLD_NANOS;
        pair.peripheral.handleTimeout(pair.now);
        assertThat(RawWire.toPeripheral(pair, "").bytes()).isEqualTo(normalise("00 00 00 0C 01 00 84 00 03 03 00 00"));
        // Not held again: the next request (room still none) is held afresh, from its own arrival.
        assertThat(RawWire.toPeripheral(pair, CREDIT_REQUEST_TINY).bytes()).isEmpty();
        assertThat(pair.peripheral.nextDeadline()).hasValue(pair.now + HeldReplies.HOLD_NANOS);
    }

    @Test
    void initAnswersAHeldCreditRequestFirstThenResetsTheConversation() {
        EnginePair pair = tinyChannelFull();
        assertThat(RawWire.toPeripheral(pair, CREDIT_REQUEST_TINY).bytes()).isEmpty();
        assertThat(RawWire.toPeripheral(pair, "00 00 00 08 01 00 00 20").bytes())
                .isEqualTo(normalise("00 00 00 0C 01 00 84 00 03 03 00 00 00 00 00 09 01 00 80 00 20"));
        assertThat(pair.peripheral.nextDeadline()).isEmpty();
    }
}
