package org.dot4j.daemon;

import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.slf4j.ILoggerFactory;
import org.slf4j.IMarkerFactory;
import org.slf4j.Logger;
import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.BasicMarkerFactory;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.helpers.MessageFormatter;
import org.slf4j.helpers.NOPMDCAdapter;
import org.slf4j.spi.MDCAdapter;
import org.slf4j.spi.SLF4JServiceProvider;

/**
 * The daemon tests' slf4j backend (META-INF/services in the test resources): keeps the last {@value #KEPT} events
 * at INFO and above for tests that check what the daemon logs, and prints WARN and ERROR to stderr. Thread-safe.
 */
public final class RecordedLogs implements SLF4JServiceProvider, ILoggerFactory {

    static final int KEPT = 10_000;

    /**
     * One event.
     *
     * @param level its level
     * @param logger the logger's full name
     * @param message the message with its arguments filled in
     */
    record Event(Level level, String logger, String message) {}

    private static final ArrayDeque<Event> EVENTS = new ArrayDeque<>();

    private final ConcurrentMap<String, Logger> loggers = new ConcurrentHashMap<>();

    /** Made by slf4j's ServiceLoader. */
    public RecordedLogs() {
    }

    /** The events kept, oldest first. */
    static List<Event> events() {
        synchronized (EVENTS) {
            return List.copyOf(EVENTS);
        }
    }

    /** The kept events of {@code logger} (a class) whose message contains {@code text}. */
    static List<Event> of(Class<?> logger, String text) {
        return events().stream().filter(e -> e.logger().equals(logger.getName()) && e.message().contains(text)).toList();
    }

    @Override
    public Logger getLogger(String name) {
        return loggers.computeIfAbsent(name, Recorder::new);
    }

    @Override
    public ILoggerFactory getLoggerFactory() {
        return this;
    }

    @Override
    public IMarkerFactory getMarkerFactory() {
        return new BasicMarkerFactory();
    }

    @Override
    public MDCAdapter getMDCAdapter() {
        return new NOPMDCAdapter();
    }

    @Override
    public String getRequestedApiVersion() {
        return "2.0.99";
    }

    @Override
    public void initialize() {
    }

    private static final class Recorder extends LegacyAbstractLogger {
        private static final long serialVersionUID = 1L;

        Recorder(String name) {
            this.name = name;
        }

        @Override
        public boolean isTraceEnabled() {
            return false;
        }

        @Override
        public boolean isDebugEnabled() {
            return false;
        }

        @Override
        public boolean isInfoEnabled() {
            return true;
        }

        @Override
        public boolean isWarnEnabled() {
            return true;
        }

        @Override
        public boolean isErrorEnabled() {
            return true;
        }

        @Override
        protected String getFullyQualifiedCallerName() {
            return null;
        }

        @Override
        protected void handleNormalizedLoggingCall(Level level, Marker marker, String pattern, Object[] arguments,
                                                   Throwable failure) {
            Event event = new Event(level, name, MessageFormatter.basicArrayFormat(pattern, arguments));
            synchronized (EVENTS) {
                if (EVENTS.size() == KEPT) {
                    EVENTS.removeFirst();
                }
                EVENTS.addLast(event);
            }
            if (level.toInt() >= Level.WARN.toInt()) {
                System.err.println(level + " " + name.substring(name.lastIndexOf('.') + 1) + " - " + event.message()
                        + (failure == null ? "" : " (" + failure + ")"));
            }
        }
    }
}
