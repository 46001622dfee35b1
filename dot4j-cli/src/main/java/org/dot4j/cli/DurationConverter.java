package org.dot4j.cli;

import java.time.Duration;
import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Reads durations the way people write them: 250ms, 10s, 2m, or plain seconds; more than zero. */
public final class DurationConverter implements ITypeConverter<Duration> {

    @Override
    public Duration convert(String value) {
        Duration d = parse(value.trim().toLowerCase(Locale.ROOT), value);
        if (d.isNegative() || d.isZero()) {
            throw new TypeConversionException("'" + value + "' is not more than zero; write e.g. 500ms, 10s or 2m");
        }
        return d;
    }

    private static Duration parse(String v, String value) {
        try {
            if (v.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)));
            }
            if (v.endsWith("s")) {
                return Duration.ofMillis(Math.round(Double.parseDouble(v.substring(0, v.length() - 1)) * 1000));
            }
            if (v.endsWith("m")) {
                return Duration.ofSeconds(Math.multiplyExact(Long.parseLong(v.substring(0, v.length() - 1)), 60));
            }
            return Duration.ofMillis(Math.round(Double.parseDouble(v) * 1000));
        } catch (NumberFormatException | ArithmeticException e) {
            throw new TypeConversionException("'" + value + "' is not a duration; write e.g. 500ms, 10s or 2m");
        }
    }
}
