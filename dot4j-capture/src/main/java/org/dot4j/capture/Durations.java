package org.dot4j.capture;

import java.util.Locale;

/** Durations as a reader wants them in a listing or a drawing: "0 s", "850 us", "12.3 ms", "4.56 s". */
public final class Durations {

    private Durations() {}

    /** {@code nanos} in the largest unit that keeps it readable. */
    public static String text(long nanos) {
        if (nanos == 0) {
            return "0 s";
        }
        if (Math.abs(nanos) < 1_000_000) {
            return String.format(Locale.ROOT, "%d us", nanos / 1000);
        }
        return Math.abs(nanos) < 1_000_000_000L ? String.format(Locale.ROOT, "%.1f ms", nanos / 1e6)
                : String.format(Locale.ROOT, "%.2f s", nanos / 1e9);
    }
}
