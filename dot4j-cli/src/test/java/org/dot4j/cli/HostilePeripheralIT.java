package org.dot4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.dot4j.cli.HostilePeripheral.Behaviour;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code dot4 send}, as a process, against peripherals that misbehave as real ones do (out of paper, stopping
 * mid-job, vanishing, refusing), written independently of dot4j ({@link HostilePeripheral}). Success is a promise
 * that every byte arrived: exit 0 only when the peripheral received the whole job (same SHA-256) and the host
 * closed the channel after it; any other run exits non-zero, with a message and no stack trace, within a bound.
 */
@Timeout(600)
class HostilePeripheralIT {

    static final int[] JOB_SIZES = {25, 3 * 1024, 200 * 1000};
    /** The --timeout given to dot4 send. */
    static final String SEND_TIMEOUT = "2s";
    /** How long a run may take at most: a few replies and credit waits of SEND_TIMEOUT each, plus a JVM start. */
    static final long RUN_BOUND_SECONDS = 60;

    @TempDir
    Path dir;

    static Stream<Arguments> runs() {
        List<Arguments> runs = new ArrayList<>();
        for (Behaviour b : Behaviour.values()) {
            for (int size : JOB_SIZES) {
                runs.add(Arguments.of(b, size));
            }
        }
        return runs.stream();
    }

    /**
     * Whether the run must succeed: a well-behaved peripheral takes every job, and 4 packets of credit (16 KiB
     * packets, dot4 send's default) carry the 25 B and 3 KB jobs whole. Every other run cannot deliver the job.
     */
    static boolean deliverable(Behaviour behaviour, int size) {
        return switch (behaviour) {
            case WELL_BEHAVED -> true;
            case CREDIT_FOR_FOUR_PACKETS -> size <= 4 * (16384 - 6);
            case NO_CREDIT, VANISHES_MID_PACKET, CLOSES_AT_ONCE -> false;
        };
    }

    @ParameterizedTest(name = "{0}, {1} bytes")
    @MethodSource("runs")
    void sendExitsZeroOnlyWhenThePeripheralReceivedTheWholeJob(Behaviour behaviour, int size) throws Exception {
        byte[] job = new byte[size];
        new Random(size).nextBytes(job);
        Path file = Files.write(dir.resolve("job.bin"), job);
        Path socket = dir.resolve("hostile.sock");
        try (HostilePeripheral peripheral = HostilePeripheral.listen(socket, behaviour)) {
            long start = System.nanoTime();
            Dot4Process.Result r = Dot4Process.run(RUN_BOUND_SECONDS, null, "send", "unix:" + socket, "PRINT", file.toString(),
                    "--timeout", SEND_TIMEOUT);
            long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start);

            List<HostilePeripheral.Connection> connections = peripheral.connections();
            String received = connections.stream().map(c -> c.bytes() + " B" + (c.closedChannel() ? " closed" : ""))
                    .toList().toString();
            String context = behaviour + ", " + size + " B job, received " + received + ", " + seconds + " s\n" + r;
            assertThat(r.stderr()).as("no stack trace: " + context).doesNotContain("\tat ");
            if (r.exitCode() == 0) {
                assertThat(connections).as("one connection: " + context).hasSize(1);
                HostilePeripheral.Connection c = connections.getFirst();
                assertThat(c.sha256()).as("exit 0 promises every byte arrived: " + context)
                        .isEqualTo(HostilePeripheral.Connection.sha256(job));
                assertThat(c.closedChannel()).as("and the channel was closed after it: " + context).isTrue();
            } else {
                assertThat(r.stderr().strip()).as("a message: " + context).startsWith("dot4 send:");
            }
            assertThat(r.exitCode() == 0).as("exit 0 exactly when deliverable: " + context).isEqualTo(deliverable(behaviour, size));
        }
    }
}
