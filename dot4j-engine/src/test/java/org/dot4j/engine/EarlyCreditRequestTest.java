package org.dot4j.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.dot4j.wire.ResultCode;
import org.dot4j.wire.Revision;
import org.dot4j.wire.Transaction;
import org.junit.jupiter.api.Test;

/**
 * An Epson (0x10) peripheral grants only when asked, so a host that asks only once it has run dry leaves the link
 * idle for a round trip per grant: the host asks while its last two credits go. A 0x20 peripheral pushes credit
 * itself and is not asked early.
 */
class EarlyCreditRequestTest {

    @Test
    void anEpsonHostAsksWhileItStillHoldsTwoCredits() {
        ScriptedPeer s = new ScriptedPeer(EnginePair.CLOCK_ORIGIN, Revision.EPSON_DRAFT);
        long channel = s.openChannel();
        s.host.write(channel, ByteBuffer.allocate(10 * 506), false);
        assertThat(s.transmit()).containsExactly("CREDIT_REQUEST");
        s.peer(new Transaction.CreditRequestReply(ResultCode.SUCCESS, 2, 2, 4));

        List<String> sent = new ArrayList<>(s.transmit(512));
        sent.addAll(s.transmit(512));
        assertThat(sent).as("two packets sent, two credits left, eight packets waiting")
                .containsExactly("DATA 2/2", "DATA 2/2");
        assertThat(s.transmit(1024)).as("asked ahead, while credit remains").containsExactly("CREDIT_REQUEST", "DATA 2/2");
        s.peer(new Transaction.CreditRequestReply(ResultCode.SUCCESS, 2, 2, 8));
        assertThat(s.host.channels().getFirst().sendCredit()).as("1 left + 8 granted").isEqualTo(9);
    }

    @Test
    void anEpsonHostAnsweredWithNothingWaitsForTheBackOffAsBefore() {
        ScriptedPeer s = new ScriptedPeer(EnginePair.CLOCK_ORIGIN, Revision.EPSON_DRAFT);
        long channel = s.openChannel();
        s.host.write(channel, ByteBuffer.allocate(10 * 506), false);
        s.transmit();
        s.peer(new Transaction.CreditRequestReply(ResultCode.SUCCESS, 2, 2, 2));
        assertThat(s.transmit(1024)).containsExactly("CREDIT_REQUEST", "DATA 2/2");
        s.peer(new Transaction.CreditRequestReply(ResultCode.SUCCESS, 2, 2, 0));
        assertThat(s.transmit(512)).as("the last credit goes; no request while backing off").containsExactly("DATA 2/2");
        assertThat(s.transmit()).as("dry, and the back-off runs").isEmpty();
        s.now += EngineConfig.DEFAULT_CREDIT_RETRY.toNanos();
        s.fireTimers();
        assertThat(s.transmit()).containsExactly("CREDIT_REQUEST");
    }

    @Test
    void aHostOfAPeripheralThatPushesCreditDoesNotAskEarly() {
        ScriptedPeer s = new ScriptedPeer(EnginePair.CLOCK_ORIGIN);
        long channel = s.openChannel();
        s.peer(new Transaction.Credit(2, 2, 2));
        s.transmit(); // the CreditReply
        s.host.write(channel, ByteBuffer.allocate(10 * 506), false);
        assertThat(s.transmit(512)).containsExactly("DATA 2/2");
        assertThat(s.transmit(512)).containsExactly("DATA 2/2");
        assertThat(s.transmit()).as("dry: the ordinary request").containsExactly("CREDIT_REQUEST");
    }

    @Test
    void aZeroAnswerAfterAPushedCreditCrossedTheRequestLeavesNoBackOff() {
        ScriptedPeer s = new ScriptedPeer(EnginePair.CLOCK_ORIGIN);
        long channel = s.openChannel();
        s.host.write(channel, ByteBuffer.allocate(10 * 506), false);
        assertThat(s.transmit()).containsExactly("CREDIT_REQUEST");
        s.peer(new Transaction.CreditRequestReply(ResultCode.SUCCESS, 2, 2, 1)); // this peer grants when asked
        assertThat(s.transmit()).containsExactly("DATA 2/2");
        assertThat(s.transmit()).containsExactly("CREDIT_REQUEST");
        s.peer(new Transaction.Credit(2, 2, 1)); // sent by the peer before our request reached it
        s.peer(new Transaction.CreditRequestReply(ResultCode.SUCCESS, 2, 2, 0));
        assertThat(s.transmit()).as("the pushed credit is used").contains("DATA 2/2");
        assertThat(s.transmit()).as("dry again: asked at once, no back-off").containsExactly("CREDIT_REQUEST");
    }

    @Test
    void aPeerThatPushesButNeverGrantsWhenAskedIsStillAskedOnlyAfterTheBackOff() {
        ScriptedPeer s = new ScriptedPeer(EnginePair.CLOCK_ORIGIN);
        long channel = s.openChannel();
        s.host.write(channel, ByteBuffer.allocate(10 * 506), false);
        assertThat(s.transmit()).containsExactly("CREDIT_REQUEST");
        s.peer(new Transaction.Credit(2, 2, 1)); // HPLIP as host: Credit(1) per read, 0 to every request (Q-H6)
        s.peer(new Transaction.CreditRequestReply(ResultCode.SUCCESS, 2, 2, 0));
        assertThat(s.transmit()).contains("DATA 2/2");
        assertThat(s.transmit()).as("dry again, but backing off: no request per packet").isEmpty();
    }
}
