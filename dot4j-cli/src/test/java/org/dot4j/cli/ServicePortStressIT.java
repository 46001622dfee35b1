package org.dot4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.dot4j.sim.ScanService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Jobs through the daemon's service ports, from real {@code nc -N} processes, each checked by SHA-256 against what
 * the simulated peripheral spooled: every byte a client sent before its FIN reaches the device, and an exit status
 * of 0 means the job arrived whole.
 */
@Timeout(300)
class ServicePortStressIT {

    /** Payload bytes in a default-size packet (16384 with its 6-byte header). */
    private static final int PACKET_PAYLOAD = 16_384 - 6;
    /** Sizes every run includes: empty, one byte, around a packet and the pumps' 64 KiB chunk. */
    private static final int[] EDGE_SIZES = {0, 1, PACKET_PAYLOAD - 1, PACKET_PAYLOAD, PACKET_PAYLOAD + 1,
        65_535, 65_536, 65_537};
    private static final int MAX_JOB = 300_000;
    private static final int JOBS = 240;
    private static final int SEQUENTIAL = 40;
    private static final int CONCURRENT = 20;

    @TempDir
    Path dir;
    PortRig rig;

    @BeforeEach
    void start() throws Exception {
        rig = PortRig.start(dir);
        rig.awaitDevice("UP", 60);
    }

    @AfterEach
    void stop() throws Exception {
        rig.close();
    }

    @Test
    void twentySequentialNcJobsOfTwentyBytesAndOf200KbAreEachSpooledWhole() throws Exception {
        List<byte[]> jobs = new ArrayList<>();
        Random random = new Random(1);
        for (int size : new int[] {20, 200_000}) {
            for (int i = 0; i < 20; i++) {
                byte[] job = new byte[size];
                random.nextBytes(job);
                jobs.add(job);
            }
        }
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < jobs.size(); i++) {
            Path job = Files.write(dir.resolve("job" + i), jobs.get(i));
            Process nc = rig.startNc(rig.printPort, job, dir.resolve("nc" + i + ".out"));
            assertThat(PortRig.exitCode(nc)).as("nc exit status for job %d", i).isZero();
            expected.add(PortRig.sha256(jobs.get(i)));
        }
        expected.sort(null);
        assertThat(rig.awaitCompleteDigests(expected, 30)).as("spool: %s", rig.spoolSummary()).isEqualTo(expected);
    }

    @Test
    void hundredsOfRandomJobsThroughNcAndCupsSequentialAndTwentyAtOnceAreSpooledWhole() throws Exception {
        long seed = Long.getLong("dot4.stress.seed", System.nanoTime());
        Random random = new Random(seed);
        List<byte[]> jobs = new ArrayList<>();
        for (int size : EDGE_SIZES) {
            jobs.add(randomJob(random, size));
        }
        while (jobs.size() < JOBS) {
            jobs.add(randomJob(random, random.nextInt(MAX_JOB + 1)));
        }
        List<String> expected = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        // The first SEQUENTIAL jobs one after another, the rest CONCURRENT at once; every third through CUPS.
        for (int i = 0; i < SEQUENTIAL; i++) {
            failures.addAll(print(i, jobs.get(i)));
        }
        try (ExecutorService pool = Executors.newFixedThreadPool(CONCURRENT)) {
            List<Future<List<String>>> results = new ArrayList<>();
            for (int i = SEQUENTIAL; i < jobs.size(); i++) {
                int index = i;
                results.add(pool.submit(() -> print(index, jobs.get(index))));
            }
            for (Future<List<String>> r : results) {
                failures.addAll(r.get());
            }
        }
        for (byte[] job : jobs) {
            if (job.length > 0) {
                expected.add(PortRig.sha256(job));
            }
        }
        expected.sort(null);
        assertThat(failures).as("seed %d (rerun with -Ddot4.stress.seed=%d)", seed, seed).isEmpty();
        assertThat(rig.awaitCompleteDigests(expected, 60)).as("seed %d (rerun with -Ddot4.stress.seed=%d); spool: %s",
                seed, seed, rig.spoolSummary()).isEqualTo(expected);
    }

    @Test
    void aScanRequestAfterTheClientsFinIsAnsweredInFull() throws Exception {
        Path request = Files.writeString(dir.resolve("scan.req"), "SCAN 100000\n");
        Path out = dir.resolve("scan.out");
        assertThat(PortRig.exitCode(rig.startNc(rig.scanPort, request, out))).isZero();
        byte[] expected = new byte[100_000];
        for (int i = 0; i < expected.length; i++) {
            expected[i] = ScanService.patternByte(i);
        }
        assertThat(Files.readAllBytes(out)).isEqualTo(expected);
    }

    @Test
    void anEchoAfterTheClientsFinComesBack() throws Exception {
        Path message = Files.writeString(dir.resolve("echo.req"), "hello through the daemon\n");
        Path out = dir.resolve("echo.out");
        assertThat(PortRig.exitCode(rig.startNc(rig.echoPort, message, out))).isZero();
        assertThat(Files.readString(out)).isEqualTo("hello through the daemon\n");
    }

    /** Prints job {@code i} through nc or CUPS's backend; the failures seen (empty when it exited 0). */
    private List<String> print(int i, byte[] data) throws Exception {
        Path job = Files.write(dir.resolve("job" + i), data);
        Path out = dir.resolve("client" + i + ".out");
        boolean cups = i % 3 == 2;
        Process p = cups ? rig.startCupsBackend(rig.printPort, job, out) : rig.startNc(rig.printPort, job, out);
        int exit = PortRig.exitCode(p);
        Files.delete(job);
        return exit == 0 ? List.of() : List.of((cups ? "cups" : "nc") + " job " + i + " of " + data.length
                + " bytes exited " + exit + ": " + Files.readString(out));
    }

    private static byte[] randomJob(Random random, int size) {
        byte[] job = new byte[size];
        random.nextBytes(job);
        return job;
    }
}
