package org.dot4j.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.dot4j.wire.WireFormat;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** Every decision of the credit policy, on the ledger alone. */
class CreditLedgerTest {

    private static final int PAYLOAD = 1000;
    private static final long RETRY = 20_000_000L;

    private final CreditLedger ledger = new CreditLedger();

    // ---- counting

    @Test
    void sendCreditIsSpentOnePerPacketAndNeverBelowZero() {
        assertThat(ledger.canSend()).isFalse();
        assertThatThrownBy(ledger::spendSendCredit).isInstanceOf(IllegalStateException.class);
        assertThat(ledger.addSendCredit(2)).isTrue();
        ledger.spendSendCredit();
        assertThat(ledger.canSend()).isTrue();
        ledger.spendSendCredit();
        assertThat(ledger.canSend()).isFalse();
        assertThat(ledger.sendCredit()).isZero();
    }

    @Test
    void creditPastTheSixteenBitCounterIsRefusedWhole() {
        assertThat(ledger.addSendCredit(WireFormat.MAX_CREDIT - 1)).isTrue();
        assertThat(ledger.addSendCredit(2)).as("one past the counter").isFalse();
        assertThat(ledger.sendCredit()).as("nothing of the refused grant was added").isEqualTo(WireFormat.MAX_CREDIT - 1);
        assertThat(ledger.addSendCredit(1)).as("up to the counter exactly").isTrue();
        assertThat(ledger.addSendCredit(1)).as("one past a full counter").isFalse();
    }

    @Test
    void aPacketWithoutCreditIsRefused() {
        assertThat(ledger.receivePacket()).isFalse();
        ledger.grant(1);
        assertThat(ledger.receivePacket()).isTrue();
        assertThat(ledger.receivePacket()).isFalse();
        assertThat(ledger.grantedToPeer()).isZero();
    }

    // ---- granting

    @Test
    void grantableIsWholePacketsOfFreeRoomLessWhatIsGranted() {
        assertThat(ledger.grantable(0, PAYLOAD, 0)).isZero();
        assertThat(ledger.grantable(PAYLOAD - 1, PAYLOAD, 0)).as("room for less than one packet").isZero();
        assertThat(ledger.grantable(PAYLOAD, PAYLOAD, 0)).isEqualTo(1);
        assertThat(ledger.grantable(4 * PAYLOAD + 999, PAYLOAD, 0)).isEqualTo(4);
        ledger.grant(3);
        assertThat(ledger.grantable(4 * PAYLOAD, PAYLOAD, 0)).as("three already granted").isEqualTo(1);
        assertThat(ledger.grantable(2 * PAYLOAD, PAYLOAD, 0)).as("granted beyond room: never negative").isZero();
    }

    @Test
    void grantableIsCappedByWantedByThePeersLimitAndByTheCounter() {
        assertThat(ledger.grantable(100L * PAYLOAD, PAYLOAD, 7)).as("wanted").isEqualTo(7);
        ledger.setPeerLimit(5);
        assertThat(ledger.grantable(100L * PAYLOAD, PAYLOAD, 0)).as("peer limit").isEqualTo(5);
        ledger.grant(4);
        assertThat(ledger.grantable(100L * PAYLOAD, PAYLOAD, 0)).as("peer limit less granted").isEqualTo(1);
        ledger.setPeerLimit(0);
        assertThat(ledger.grantable(Long.MAX_VALUE / 2, 1, 0)).as("16-bit counter").isEqualTo(WireFormat.MAX_CREDIT - 4);
        assertThat(ledger.grantable(10, 0, 0)).as("payload 0 counts as 1").isEqualTo(6);
    }

    @Test
    void aGrantIsDueWhenThePeerHoldsAtMostHalfOfWhatTheBufferAllows() {
        long free = 8L * PAYLOAD;
        assertThat(ledger.grantDue(free, PAYLOAD)).as("nothing granted").isTrue();
        ledger.grant(4);
        assertThat(ledger.grantDue(free, PAYLOAD)).as("half held").isTrue();
        ledger.grant(1);
        assertThat(ledger.grantDue(free, PAYLOAD)).as("more than half held").isFalse();
        assertThat(ledger.grantDue(5L * PAYLOAD, PAYLOAD)).as("no room beyond the grant").isFalse();
        assertThat(new CreditLedger().grantDue(PAYLOAD - 1, PAYLOAD)).as("no room at all").isFalse();
    }

    @Test
    void piggyBackCarriesAtMostTheHeaderFieldAndIsRecordedAsGranted() {
        assertThat(ledger.piggyback(1000L * PAYLOAD, PAYLOAD)).isEqualTo(WireFormat.MAX_PIGGYBACK_CREDIT);
        assertThat(ledger.grantedToPeer()).isEqualTo(WireFormat.MAX_PIGGYBACK_CREDIT);
        assertThat(ledger.piggyback((WireFormat.MAX_PIGGYBACK_CREDIT + 2L) * PAYLOAD, PAYLOAD)).isEqualTo(2);
        assertThat(ledger.piggyback(0, PAYLOAD)).isZero();
        assertThat(ledger.grantedToPeer()).isEqualTo(WireFormat.MAX_PIGGYBACK_CREDIT + 2);
    }

    @Test
    void aRefusedGrantIsTakenBackButNeverBelowZero() {
        ledger.grant(5);
        ledger.revoke(3);
        assertThat(ledger.grantedToPeer()).isEqualTo(2);
        ledger.revoke(9);
        assertThat(ledger.grantedToPeer()).isZero();
    }

    // ---- asking

    @ParameterizedTest(name = "clock at {0}")
    @ValueSource(longs = {0, -5_000_000_000L, Long.MIN_VALUE, Long.MAX_VALUE - 30_000_000L})
    void anOwedGrantIsAskedAtOnceUntilARequestBringsNothing(long now) {
        assertThat(ledger.askDue(now, 0)).as("nothing owed").isFalse();
        ledger.owe(now);
        assertThat(ledger.askDue(now, 0)).as("owed, no wait").isTrue();
        assertThat(ledger.askDeadline(0)).as("no timer without a wait").isEmpty();

        ledger.refused(now, RETRY);
        assertThat(ledger.backoff()).isEqualTo(RETRY);
        assertThat(ledger.askDue(now + RETRY - 1, 0)).as("1 ns early").isFalse();
        assertThat(ledger.askDue(now + RETRY, 0)).as("on time, across a wrap too").isTrue();
        assertThat(ledger.askDeadline(0)).hasValue(now + RETRY);
    }

    @Test
    void theBackOffDoublesUpToASecondAndOnlyAnAnsweredRequestResetsIt() {
        long expected = RETRY;
        for (int i = 0; i < 12; i++) {
            ledger.refused(0, RETRY);
            assertThat(ledger.backoff()).as("after %d zero answers", i + 1).isEqualTo(expected);
            expected = Math.min(CreditLedger.MAX_RETRY_NANOS, expected * 2);
        }
        assertThat(ledger.backoff()).isEqualTo(CreditLedger.MAX_RETRY_NANOS);
        ledger.settle();
        assertThat(ledger.backoff()).as("pushed credit keeps the back-off").isEqualTo(CreditLedger.MAX_RETRY_NANOS);
        assertThat(ledger.askDue(Long.MAX_VALUE, 0)).as("settled: nothing owed").isFalse();
        ledger.answered();
        assertThat(ledger.backoff()).isZero();
        ledger.owe(7);
        assertThat(ledger.askDue(7, 0)).as("asking works again: at once").isTrue();
    }

    @Test
    void theDebtStartsWhenTheChannelRunsDryNotWhenItIsLookedAt() {
        ledger.refused(100, RETRY);
        ledger.settle();
        ledger.owe(1_000);
        ledger.owe(5_000); // still owed since 1000
        assertThat(ledger.askDeadline(0)).hasValue(1_000 + RETRY);
    }

    @Test
    void aPushWaitLongerThanTheBackOffGovernsTheAsk() {
        long push = 10_000_000_000L;
        ledger.owe(-50);
        assertThat(ledger.askDue(-50 + push - 1, push)).isFalse();
        assertThat(ledger.askDue(-50 + push, push)).isTrue();
        assertThat(ledger.askDeadline(push)).hasValue(-50 + push);
        ledger.refused(-50, RETRY);
        assertThat(ledger.askDeadline(push)).as("the longer of back-off and push wait").hasValue(-50 + push);
    }

    // ---- asking early (a peer that grants only when asked)

    @Test
    void askEarlyWhenTwoCreditsOrFewerCoverLessThanWaits() {
        assertThat(ledger.askEarly(5)).as("no credit: the ordinary request, not an early one").isFalse();
        ledger.addSendCredit(3);
        assertThat(ledger.askEarly(5)).as("three left").isFalse();
        ledger.spendSendCredit();
        assertThat(ledger.askEarly(5)).as("two left, five packets waiting").isTrue();
        assertThat(ledger.askEarly(2)).as("two left cover the two waiting").isFalse();
        ledger.spendSendCredit();
        assertThat(ledger.askEarly(2)).isTrue();
    }

    @Test
    void aRequestAnsweredWithNothingStopsEarlyAsksUntilAskingWorksAgain() {
        ledger.addSendCredit(1);
        assertThat(ledger.askEarly(4)).isTrue();
        ledger.refused(0, RETRY);
        assertThat(ledger.askEarly(4)).as("backing off: no request per packet to a peer with no room").isFalse();
        ledger.answered();
        assertThat(ledger.askEarly(4)).isTrue();
    }

    @Test
    void aZeroAnswerThatCrossedAPushIsNoRefusal() {
        ledger.asking();
        ledger.pushedWhileAsking();
        ledger.nothingGranted(0, RETRY, true);
        assertThat(ledger.backoff()).as("the peer pushes: no back-off").isZero();
        ledger.asking();
        ledger.nothingGranted(0, RETRY, true);
        assertThat(ledger.backoff()).as("no push this time: a refusal").isEqualTo(RETRY);
    }

    @Test
    void aPeerThatNeverGrantsWhenAskedIsNotExcusedByPushes() {
        ledger.asking();
        ledger.pushedWhileAsking();
        ledger.nothingGranted(0, RETRY, false);
        assertThat(ledger.backoff()).as("pushes, and answers every request with 0 (HPLIP as host)").isEqualTo(RETRY);
    }
}
