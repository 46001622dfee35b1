package org.dot4j.cli.log;

import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.slf4j.ILoggerFactory;
import org.slf4j.IMarkerFactory;
import org.slf4j.Logger;
import org.slf4j.event.Level;
import org.slf4j.helpers.BasicMarkerFactory;
import org.slf4j.helpers.NOPMDCAdapter;
import org.slf4j.spi.MDCAdapter;
import org.slf4j.spi.SLF4JServiceProvider;

/**
 * dot4's own slf4j backend (found through META-INF/services): {@link Dot4Logger}s writing {@link LogFormat} lines
 * to stderr, at a level and in a style {@link #configure} sets at start and may change later (unlike slf4j-simple,
 * which reads its settings once and knows no journal priorities).
 *
 * <p>Thread-safe.
 */
public final class Dot4LogProvider implements SLF4JServiceProvider, ILoggerFactory {

    /**
     * What is logged and how.
     *
     * @param level the lowest level written
     * @param style journal or plain lines
     */
    public record Settings(Level level, LogFormat.Style style) {
        /** Checks both are given. */
        public Settings {
            Objects.requireNonNull(level, "level");
            Objects.requireNonNull(style, "style");
        }
    }

    private static volatile Settings settings = new Settings(Level.INFO, LogFormat.Style.PLAIN);

    private final ConcurrentMap<String, Logger> loggers = new ConcurrentHashMap<>();
    private final IMarkerFactory markers = new BasicMarkerFactory();
    private final MDCAdapter mdc = new NOPMDCAdapter();

    /** Made by slf4j's ServiceLoader. */
    public Dot4LogProvider() {
    }

    /** Sets what is logged and how, for every logger at once. */
    public static void configure(Settings newSettings) {
        settings = Objects.requireNonNull(newSettings, "settings");
    }

    static Settings settings() {
        return settings;
    }

    @Override
    public Logger getLogger(String name) {
        return loggers.computeIfAbsent(name, Dot4Logger::new);
    }

    @Override
    public ILoggerFactory getLoggerFactory() {
        return this;
    }

    @Override
    public IMarkerFactory getMarkerFactory() {
        return markers;
    }

    @Override
    public MDCAdapter getMDCAdapter() {
        return mdc;
    }

    @Override
    public String getRequestedApiVersion() {
        return "2.0.99";
    }

    @Override
    public void initialize() {
        // Nothing to read: configure() sets everything.
    }
}
