package org.dot4j.cli;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.dot4j.api.Dot4Device;
import org.dot4j.api.Dot4Exception;
import org.dot4j.daemon.EpsonStatus;

/**
 * The printer's marker levels for CUPS: {@code ATTR: marker-colors=... marker-levels=... marker-names=...
 * marker-types=...} (backend(7)), from the EPSON-CTRL status where the device has that service.
 */
final class CupsMarkers {

    /** CUPS shows markers in these colours; unknown names get none. */
    private static final Map<String, String> COLOURS = Map.ofEntries(Map.entry("Black", "#000000"),
            Map.entry("Photo Black", "#000000"), Map.entry("Matte Black", "#000000"), Map.entry("Cyan", "#00FFFF"),
            Map.entry("Magenta", "#FF00FF"), Map.entry("Yellow", "#FFFF00"), Map.entry("Light Cyan", "#80FFFF"),
            Map.entry("Light Magenta", "#FF80FF"), Map.entry("Light Black", "#808080"), Map.entry("Red", "#FF0000"),
            Map.entry("Blue", "#0000FF"), Map.entry("Orange", "#FFA500"));

    private CupsMarkers() {
    }

    /** Asks the device and writes the ATTR line; a device without EPSON-CTRL (or that cannot say) gets a DEBUG line. */
    static void report(Dot4Device device, long timeoutMillis, PrintStream err) {
        EpsonStatus status;
        try {
            status = StatusCommand.query(device, ServiceRef.UNLISTED, timeoutMillis);
        } catch (Dot4Exception e) {
            err.println("DEBUG: no marker levels: " + e.getMessage());
            return;
        }
        err.println("INFO: Printer state: " + status.statusText());
        if (!status.inks().isEmpty()) {
            err.println(attrLine(status.inks()));
        }
    }

    /** The ATTR line for {@code inks}; names lose commas, which separate CUPS's values. */
    static String attrLine(List<EpsonStatus.Ink> inks) {
        return "ATTR: marker-colors=" + join(inks, i -> COLOURS.getOrDefault(i.colour(), "none"))
                + " marker-levels=" + join(inks, i -> Integer.toString(i.level()))
                + " marker-names=" + join(inks, i -> i.colour().replace(",", "").replace(' ', '-').toLowerCase(Locale.ROOT))
                + " marker-types=" + join(inks, i -> "ink-cartridge");
    }

    private static String join(List<EpsonStatus.Ink> inks, java.util.function.Function<EpsonStatus.Ink, String> f) {
        return inks.stream().map(f).collect(Collectors.joining(","));
    }
}
