package org.dot4j.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.stream.LongStream;
import org.dot4j.wire.ResultCode;
import org.dot4j.wire.Transaction;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Both of the engine's own timers, the reply timer and the credit-retry timer, are values that
 * {@link LinkEngine#nextDeadline} reports and only {@link LinkEngine#handleTimeout} fires: a poll after a deadline
 * fires nothing. Every clock origin of the suite, negative and about to wrap included.
 */
class TimersTest {

    private static final long REPLY = EngineConfig.DEFAULT_REPLY_TIMEOUT.toNanos();
    private static final long RETRY = EngineConfig.DEFAULT_CREDIT_RETRY.toNanos();

    static LongStream origins() {
        return LongStream.concat(LongStream.of(EnginePair.CLOCK_ORIGINS), LongStream.of(Long.MAX_VALUE - RETRY / 2));
    }

    @ParameterizedTest(name = "clock origin {0}")
    @MethodSource("origins")
    void theCreditRetryTimerFiresFromHandleTimeoutOnly(long origin) {
        ScriptedPeer s = new ScriptedPeer(origin);
        long channel = s.openChannel();
        s.host.write(channel, ByteBuffer.allocate(100), false);
        assertThat(s.transmit()).as("data and no credit: asked at once, no timer").containsExactly("CREDIT_REQUEST");
        s.peer(new Transaction.CreditRequestReply(ResultCode.SUCCESS, 2, 2, 0));
        long due = s.now + RETRY;
        assertThat(s.host.nextDeadline()).as("the retry timer after a zero grant").hasValue(due);

        s.now = due + RETRY; // well past the deadline
        assertThat(s.transmit()).as("a poll past the deadline fires nothing").isEmpty();
        s.now = due - 1;
        s.fireTimers();
        assertThat(s.transmit()).as("1 ns early").isEmpty();
        s.now = due;
        s.fireTimers();
        assertThat(s.transmit()).as("the timer fired").containsExactly("CREDIT_REQUEST");

        s.peer(new Transaction.CreditRequestReply(ResultCode.SUCCESS, 2, 2, 1));
        assertThat(s.transmit()).as("credit: the data goes").containsExactly("DATA 2/2");
        assertThat(s.host.nextDeadline()).as("nothing owed, nothing awaited").isEmpty();
    }

    @ParameterizedTest(name = "clock origin {0}")
    @MethodSource("origins")
    void theReplyTimerFiresFromHandleTimeoutOnly(long origin) {
        ScriptedPeer s = new ScriptedPeer(origin);
        s.openChannel();
        long lookup = s.host.getSocketId("PRINT");
        assertThat(s.transmit()).containsExactly("GET_SOCKET_ID");
        long due = s.now + REPLY;
        assertThat(s.host.nextDeadline()).hasValue(due);

        s.now = due + 1;
        s.transmit();
        assertThat(s.events).as("a poll past the deadline fails nothing").noneMatch(e -> e instanceof EngineEvent.Completed c && c.requestId() == lookup);
        s.now = due - 1;
        s.fireTimers();
        assertThat(s.events).as("1 ns early").noneMatch(e -> e instanceof EngineEvent.Completed c && c.requestId() == lookup);
        s.now = due;
        s.fireTimers();
        assertThat(s.events).contains(new EngineEvent.Completed(lookup,
                EngineEvent.Failed.of(Failure.TIMEOUT, "GET_SOCKET_ID got no reply within 10000 ms")));
        assertThat(s.host.nextDeadline()).isEmpty();
    }

    @ParameterizedTest(name = "clock origin {0}")
    @MethodSource("origins")
    void nextDeadlineIsTheEarlierOfBothTimersAndAnUnansweredAskBacksOff(long origin) {
        ScriptedPeer s = new ScriptedPeer(origin);
        long channel = s.openChannel();
        s.host.write(channel, ByteBuffer.allocate(100), false);
        assertThat(s.transmit()).containsExactly("CREDIT_REQUEST");
        long asked = s.now;
        assertThat(s.host.nextDeadline()).as("the CreditRequest's reply timer").hasValue(asked + REPLY);
        s.now = asked + REPLY;
        s.fireTimers();
        assertThat(s.host.nextDeadline()).as("no reply: the retry timer, backed off from now").hasValue(s.now + RETRY);
        s.now += RETRY;
        s.fireTimers();
        assertThat(s.transmit()).containsExactly("CREDIT_REQUEST");
        long askedAgain = s.now;
        s.host.getSocketId("PRINT");
        assertThat(s.transmit()).as("the main lane is free").containsExactly("GET_SOCKET_ID");
        assertThat(s.host.nextDeadline()).as("both reply timers run out together").hasValue(askedAgain + REPLY);
        s.peer(new Transaction.CreditRequestReply(ResultCode.SUCCESS, 2, 2, 0));
        assertThat(s.transmit()).as("that answered the first, late request").isEmpty();
        s.peer(new Transaction.CreditRequestReply(ResultCode.SUCCESS, 2, 2, 0));
        assertThat(s.host.nextDeadline()).as("the retry (doubled back-off) before the lookup's reply timer")
                .hasValue(askedAgain + 2 * RETRY);
    }
}
