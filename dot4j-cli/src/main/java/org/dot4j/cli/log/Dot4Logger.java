package org.dot4j.cli.log;

import java.time.Instant;
import java.time.ZoneId;
import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.helpers.MessageFormatter;

/**
 * A logger of {@code dot4}: formats each event with {@link LogFormat} and writes it to stderr in one piece, so
 * lines of different threads do not mix. The level and style are {@link Dot4LogProvider}'s, read at each event.
 *
 * <p>Thread-safe.
 */
final class Dot4Logger extends LegacyAbstractLogger {

    private static final long serialVersionUID = 1L;

    private final String shortName;

    Dot4Logger(String name) {
        this.name = name;
        this.shortName = name.substring(name.lastIndexOf('.') + 1);
    }

    @Override
    public boolean isTraceEnabled() {
        return enabled(Level.TRACE);
    }

    @Override
    public boolean isDebugEnabled() {
        return enabled(Level.DEBUG);
    }

    @Override
    public boolean isInfoEnabled() {
        return enabled(Level.INFO);
    }

    @Override
    public boolean isWarnEnabled() {
        return enabled(Level.WARN);
    }

    @Override
    public boolean isErrorEnabled() {
        return enabled(Level.ERROR);
    }

    @Override
    protected String getFullyQualifiedCallerName() {
        return null;
    }

    @Override
    protected void handleNormalizedLoggingCall(Level level, Marker marker, String pattern, Object[] arguments,
                                               Throwable failure) {
        Dot4LogProvider.Settings settings = Dot4LogProvider.settings();
        if (level.toInt() < settings.level().toInt()) {
            return;
        }
        String message = MessageFormatter.basicArrayFormat(pattern, arguments);
        String line = LogFormat.format(settings.style(), Instant.now(), ZoneId.systemDefault(), level,
                Thread.currentThread().getName(), shortName, message, failure);
        System.err.print(line);
        System.err.flush();
    }

    private static boolean enabled(Level level) {
        return level.toInt() >= Dot4LogProvider.settings().level().toInt();
    }
}
