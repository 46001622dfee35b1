package org.dot4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code dot4 serve}'s log as systemd's journal wants it ({@code <N>} priorities, no time) when JOURNAL_STREAM is
 * set, and with the date and time otherwise; the device it serves is absent, so it warns.
 */
@Timeout(120)
class JournalLogIT {

    @TempDir
    Path dir;

    @Test
    void underSystemdEveryLineCarriesItsPriorityAndNoTime() throws Exception {
        List<String> lines = serveUntilItWarns("x");
        assertThat(lines).as("every line: %s", lines).allMatch(l -> l.matches("<[3-7]>\\w+: .*"));
        assertThat(lines).anyMatch(l -> l.startsWith("<6>Dot4Daemon: dot4 daemon serving 1 device(s) on "))
                .anyMatch(l -> l.startsWith("<4>DeviceSupervisor: device mfp (unix:" + dir + "/absent.sock): cannot connect: "));
    }

    @Test
    void elsewhereEveryLineStartsWithTheDateAndTime() throws Exception {
        List<String> lines = serveUntilItWarns(null);
        assertThat(lines).as("every line: %s", lines)
                .allMatch(l -> l.matches("\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}\\.\\d{3} \\[[^]]+] (ERROR|WARN|INFO|DEBUG) \\w+ - .*"));
        assertThat(lines).anyMatch(l -> l.contains(" WARN DeviceSupervisor - device mfp (unix:"));
    }

    /**
     * Runs {@code dot4 serve} with JOURNAL_STREAM set to {@code journal} (unset when null) until its log has the
     * device's warning and the daemon's start line, stops it, and returns its log lines.
     */
    private List<String> serveUntilItWarns(String journal) throws Exception {
        Path log = dir.resolve("serve" + (journal == null ? "" : "-journal") + ".err");
        ProcessBuilder pb = new ProcessBuilder(Dot4Process.command(), "serve", "--device", "mfp=unix:" + dir.resolve("absent.sock"),
                "--socket", dir.resolve("control-" + (journal == null) + ".sock").toString())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(log.toFile());
        pb.environment().remove("JOURNAL_STREAM");
        if (journal != null) {
            pb.environment().put("JOURNAL_STREAM", journal);
        }
        Process serve = pb.start();
        try {
            for (long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60); ; Thread.sleep(50)) {
                String text = Files.exists(log) ? Files.readString(log) : "";
                if (text.contains("device mfp") && text.contains("dot4 daemon serving")) {
                    break;
                }
                assertThat(serve.isAlive()).as("dot4 serve is running; its log:\n%s", text).isTrue();
                assertThat(System.nanoTime() - end).as("the warning within 60 s; log:\n%s", text).isNegative();
            }
        } finally {
            serve.destroy();
            if (!serve.waitFor(10, TimeUnit.SECONDS)) {
                serve.destroyForcibly();
            }
        }
        return Files.readAllLines(log);
    }
}
