package org.dot4j.cli.log;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneId;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.slf4j.event.Level;

/** Journal lines carry sd-daemon(3) priorities and no time; other lines start with the date and time. */
class LogFormatTest {

    private static final Instant AT = Instant.parse("2026-12-02T20:40:29.436Z");
    private static final ZoneId UTC = ZoneId.of("UTC");

    @Test
    void levelsMapToSyslogPriorities() {
        assertThat(LogFormat.priority(Level.ERROR)).isEqualTo(3);
        assertThat(LogFormat.priority(Level.WARN)).isEqualTo(4);
        assertThat(LogFormat.priority(Level.INFO)).isEqualTo(6);
        assertThat(LogFormat.priority(Level.DEBUG)).isEqualTo(7);
        assertThat(LogFormat.priority(Level.TRACE)).isEqualTo(7);
    }

    @Test
    void theJournalIsChosenWhenSystemdSetsJournalStream() {
        assertThat(LogFormat.styleOf(Map.of("JOURNAL_STREAM", "8:12345"))).isEqualTo(LogFormat.Style.JOURNAL);
        assertThat(LogFormat.styleOf(Map.of("JOURNAL_STREAM", ""))).isEqualTo(LogFormat.Style.PLAIN);
        assertThat(LogFormat.styleOf(Map.of())).isEqualTo(LogFormat.Style.PLAIN);
    }

    @Test
    void aJournalLineIsThePriorityTheLoggerAndTheMessage() {
        assertThat(LogFormat.format(LogFormat.Style.JOURNAL, AT, UTC, Level.WARN, "main", "DeviceSupervisor",
                "device mfp went down", null)).isEqualTo("<4>DeviceSupervisor: device mfp went down\n");
    }

    @Test
    void everyLineOfAMultiLineMessageAndItsStackTraceCarriesThePriority() {
        String text = LogFormat.format(LogFormat.Style.JOURNAL, AT, UTC, Level.ERROR, "main", "Dot4Daemon", "one\ntwo",
                new IllegalStateException("broken"));
        assertThat(text).startsWith("<3>Dot4Daemon: one\n<3>Dot4Daemon: two\n<3>Dot4Daemon: java.lang.IllegalStateException: broken\n")
                .endsWith("\n");
        assertThat(text.lines()).allMatch(l -> l.startsWith("<3>Dot4Daemon: ")).hasSizeGreaterThan(3);
    }

    @Test
    void aPlainLineStartsWithTheDateAndTime() {
        assertThat(LogFormat.format(LogFormat.Style.PLAIN, AT, UTC, Level.INFO, "dot4-device mfp", "DeviceSupervisor",
                "device mfp is up", null))
                .isEqualTo("2026-12-02 20:40:29.436 [dot4-device mfp] INFO DeviceSupervisor - device mfp is up\n");
        assertThat(LogFormat.format(LogFormat.Style.PLAIN, AT, ZoneId.of("Europe/Berlin"), Level.DEBUG, "t", "X", "m", null))
                .startsWith("2026-12-02 21:40:29.436 [t] DEBUG X - m");
    }
}
