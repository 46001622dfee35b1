package org.dot4j.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.slf4j.event.Level;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A device that stays down costs one WARN and then summaries at growing intervals, not a WARN per attempt. */
@Timeout(30)
class OutageLogTest {

    private static final Pattern SUMMARY = Pattern.compile("still down after (\\d+) attempt\\(s\\) over \\d+ s: ");
    /** The first failure's WARN (summaries quote the reason, which may say "cannot connect" too). */
    private static final String FIRST_FAILURE = "): cannot connect: ";
    private static final DaemonConfig.Backoff QUICK = new DaemonConfig.Backoff(Duration.ofMillis(1), Duration.ofMillis(2));

    @TempDir
    Path dir;

    @Test
    void summariesFollowThePowersOfTwoFromFourThenEvery128thAttempt() {
        List<Integer> summarised = IntStream.rangeClosed(1, 1000).filter(OutageLog::summarises).boxed().toList();
        assertThat(summarised).containsExactly(4, 8, 16, 32, 64, 128, 256, 384, 512, 640, 768, 896);
    }

    @Test
    void aDeviceThatNeverAnswersLogsOneWarningAndThenOnlySummaries() throws Exception {
        DeviceSpec spec = DeviceSpec.of("never-there", "unix:" + dir.resolve("absent.sock"));
        DeviceSupervisor device = new DeviceSupervisor(spec, QUICK);
        java.time.Instant since = device.state().since();
        device.start();
        try {
            awaitFailedAttempts(device, 40);
        } finally {
            device.close();
        }
        int attempts = device.state().failedAttempts();
        assertThat(device.state().since()).as("down since the start, not since the last attempt").isEqualTo(since);

        List<RecordedLogs.Event> warnings = warningsAbout("never-there");
        assertThat(warnings.getFirst().message()).contains(FIRST_FAILURE).contains("absent.sock");
        assertThat(warnings.stream().filter(e -> e.message().contains(FIRST_FAILURE))).hasSize(1);
        assertThat(summarisedAttempts(warnings.subList(1, warnings.size())))
                .isEqualTo(IntStream.rangeClosed(1, attempts).filter(OutageLog::summarises).boxed().toList());
    }

    @Test
    void aLostDeviceSaysItWentDownThenSummarisesAndSaysHowLongItTookToComeBack() throws Exception {
        try (DaemonFixture fixture = DaemonFixture.start(dir, List.of(), c -> c.withBackoff(QUICK))) {
            DeviceSupervisor device = fixture.daemon().device(DaemonFixture.DEVICE);
            fixture.unplug();
            awaitFailedAttempts(device, 9);
            fixture.plugIn();
            assertThat(device.awaitUp(Duration.ofSeconds(10))).isTrue();
        }
        List<RecordedLogs.Event> warnings = warningsAbout(DaemonFixture.DEVICE + " (unix:" + dir);
        assertThat(warnings.getFirst().message()).contains("went down");
        assertThat(warnings).noneMatch(e -> e.message().contains(FIRST_FAILURE));
        assertThat(summarisedAttempts(warnings.subList(1, warnings.size()))).startsWith(4, 8);
        assertThat(RecordedLogs.of(DeviceSupervisor.class, "is up, revision 0x20 after "))
                .anyMatch(e -> e.message().contains(dir.toString()) && e.message().matches(".* after \\d+ failed attempt\\(s\\) over \\d+ s"));
    }

    /** Waits (10 s at most) until {@code device} has failed {@code attempts} times in its current outage. */
    private static void awaitFailedAttempts(DeviceSupervisor device, int attempts) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (device.state().failedAttempts() < attempts) {
            assertThat(System.nanoTime() - deadline).as("%d failed attempts within 10 s; state %s; log %s", attempts,
                    device.state(), RecordedLogs.of(DeviceSupervisor.class, device.spec().name())).isNegative();
            Thread.sleep(5);
        }
    }

    private static List<RecordedLogs.Event> warningsAbout(String device) {
        return RecordedLogs.of(DeviceSupervisor.class, "device " + device).stream()
                .filter(e -> e.level() == Level.WARN).toList();
    }

    private static List<Integer> summarisedAttempts(List<RecordedLogs.Event> events) {
        return events.stream().map(e -> {
            Matcher m = SUMMARY.matcher(e.message());
            assertThat(m.find()).as("a summary: %s", e.message()).isTrue();
            return Integer.parseInt(m.group(1));
        }).toList();
    }
}
