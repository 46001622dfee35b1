package org.dot4j.cli.log;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import org.slf4j.event.Level;

/**
 * How a log line of {@code dot4} looks. Under systemd (JOURNAL_STREAM set: stderr goes to the journal, which adds
 * the time itself) a line is {@code <N>Logger: message}, N the syslog priority of sd-daemon(3), so that
 * {@code journalctl -p warning} finds warnings; every line of a multi-line message or stack trace carries the
 * prefix, as the journal reads each line on its own. Elsewhere a line starts with the local date and time:
 * {@code 2026-12-02 20:40:29.436 [thread] WARN Logger - message}. Stateless.
 */
public final class LogFormat {

    /** Where the lines go. */
    public enum Style {
        /** systemd's journal: priority prefix, no time. */
        JOURNAL,
        /** A terminal or a file: date and time first. */
        PLAIN
    }

    /** The environment variable systemd sets when stderr is connected to the journal (systemd.exec(5)). */
    public static final String JOURNAL_STREAM = "JOURNAL_STREAM";
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS");

    private LogFormat() {
    }

    /** JOURNAL when {@value #JOURNAL_STREAM} is set (to anything), else PLAIN. */
    public static Style styleOf(Map<String, String> environment) {
        String stream = environment.get(JOURNAL_STREAM);
        return stream == null || stream.isEmpty() ? Style.PLAIN : Style.JOURNAL;
    }

    /** The syslog priority of a level (sd-daemon(3)): ERROR 3, WARN 4, INFO 6, DEBUG and TRACE 7. */
    public static int priority(Level level) {
        return switch (level) {
            case ERROR -> 3;
            case WARN -> 4;
            case INFO -> 6;
            case DEBUG, TRACE -> 7;
        };
    }

    /**
     * The text for one event, ending in a line feed.
     *
     * @param logger the logger's short name (the class name without its package)
     * @param failure a throwable whose stack trace follows, or null
     */
    public static String format(Style style, Instant at, ZoneId zone, Level level, String thread, String logger,
                                String message, Throwable failure) {
        StringBuilder text = new StringBuilder(message == null ? "null" : message);
        if (failure != null) {
            StringWriter trace = new StringWriter();
            failure.printStackTrace(new PrintWriter(trace));
            text.append('\n').append(trace.toString().stripTrailing());
        }
        if (style == Style.PLAIN) {
            return TIME.format(at.atZone(zone)) + " [" + thread + "] " + level + " " + logger + " - " + text + "\n";
        }
        String prefix = "<" + priority(level) + ">" + logger + ": ";
        StringBuilder lines = new StringBuilder();
        for (String line : text.toString().split("\n", -1)) {
            lines.append(prefix).append(line).append('\n');
        }
        return lines.toString();
    }
}
