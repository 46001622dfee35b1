package org.dot4j.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.stream.LongStream;
import org.dot4j.wire.Opcode;
import org.dot4j.wire.Revision;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The CreditRequest retry timer works with any clock origin (issue 9 defect 8): the engine's contract allows any
 * long as {@code now}, like System.nanoTime, which is negative on some JVMs and wraps. It used to compare
 * {@code now >= retryAt} and take {@code retryAt == 0} as "not armed", so with a negative clock a revision-0x10
 * host, which gets credit only by asking, never asked and stalled forever.
 */
@Timeout(30)
class CreditRetryClockTest {

    /** The suite's origins, and one 10 ms before the clock wraps so the first retry deadline itself wraps. */
    static LongStream origins() {
        return LongStream.concat(LongStream.of(EnginePair.CLOCK_ORIGINS), LongStream.of(Long.MAX_VALUE - 10_000_000L));
    }

    @ParameterizedTest(name = "clock origin {0}")
    @MethodSource("origins")
    void anEpsonHostAsksAgainAfterZeroGrantsAndFinishesTheJob(long origin) {
        EnginePair pair = EnginePair.of(Revision.EPSON_DRAFT, 7);
        pair.now = origin;
        pair.initialized(new LocalSocket(2, "PRINT", ChannelMode.STREAM, 1024, 512, 512, true));
        long channel = pair.open(new LocalSocket(2, "", ChannelMode.STREAM, 1024, 512, 512, false), 2);
        long onPeripheral = pair.acceptedOnPeripheral(new ChannelKey(2, 2));
        byte[] job = new byte[20_000];
        for (int i = 0; i < job.length; i++) {
            job[i] = (byte) (i * 7 + 3);
        }
        ByteBuffer src = ByteBuffer.wrap(job);
        ByteBuffer got = ByteBuffer.allocate(job.length);
        for (int round = 0; got.hasRemaining() && round < 10_000; round++) {
            pair.host.write(channel, src, false);
            pair.drive(); // the peripheral's buffer is full: CreditRequests are answered with 0 until it reads
            pair.peripheral.read(onPeripheral, got);
        }

        assertThat(got.position()).as("bytes delivered after zero grants and retries").isEqualTo(job.length);
        assertThat(Arrays.mismatch(got.array(), job)).as("first byte that differs").isEqualTo(-1);
        assertThat(pair.toPeripheral.commandsSent.get(Opcode.CREDIT_REQUEST)).as("CreditRequests asked")
                .isGreaterThan(job.length / 1024);
        assertThat(pair.hostEvents).noneMatch(e -> e instanceof EngineEvent.ViolationDetected);
    }
}
