package org.dot4j.cli;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A CUPS device URI of the {@code dot4} backend: {@code dot4://daemon/NAME} (device NAME of a running
 * {@code dot4 serve}) or {@code dot4://usb/VID:PID[:SERIAL]} (a USB 1284.4 device, through the daemon when it holds
 * it, else directly). Query: {@code service=NAME} (default PRINT), {@code socket=PATH} (the daemon's control socket),
 * {@code epson-entry} (Epson's entry packet, direct USB only). Unknown keys are refused: a typo must not be ignored.
 *
 * @param daemonDevice the daemon's device name, or empty for a USB URI
 * @param usbAddress {@code VID:PID[:SERIAL]}, or empty for a daemon URI
 * @param service the 1284.4 service the job goes to
 * @param socket the daemon's control socket, if given
 * @param epsonEntry whether a direct USB conversation starts with Epson's entry packet
 */
record CupsDeviceUri(Optional<String> daemonDevice, Optional<String> usbAddress, String service,
                     Optional<Path> socket, boolean epsonEntry) {

    static final String SCHEME = "dot4://";
    private static final Set<String> KEYS = Set.of("service", "socket", "epson-entry");
    private static final Pattern USB = Pattern.compile("[0-9A-Fa-f]{4}:[0-9A-Fa-f]{4}(:[^/?]+)?");

    /**
     * Parses {@code uri}.
     *
     * @throws IllegalArgumentException saying what is wrong and what is accepted
     */
    static CupsDeviceUri parse(String uri) {
        if (!uri.startsWith(SCHEME)) {
            throw bad(uri, "does not start with " + SCHEME);
        }
        String rest = uri.substring(SCHEME.length());
        int q = rest.indexOf('?');
        String path = q < 0 ? rest : rest.substring(0, q);
        String service = "PRINT";
        Optional<Path> socket = Optional.empty();
        boolean epsonEntry = false;
        if (q >= 0 && q < rest.length() - 1) {
            for (String pair : rest.substring(q + 1).split("&")) {
                int eq = pair.indexOf('=');
                String key = eq < 0 ? pair : pair.substring(0, eq);
                String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                if (!KEYS.contains(key)) {
                    throw bad(uri, "has an unknown option \"" + key + "\"; known: service=NAME, socket=PATH, epson-entry");
                }
                switch (key) {
                    case "service" -> service = value;
                    case "socket" -> socket = Optional.of(Path.of(value));
                    default -> epsonEntry = true;
                }
            }
        }
        if (service.isEmpty()) {
            throw bad(uri, "gives an empty service");
        }
        if (path.startsWith("daemon/") && path.length() > "daemon/".length()) {
            if (epsonEntry) {
                throw bad(uri, "asks for epson-entry, which the daemon's device configuration decides (?epson-entry on its link)");
            }
            return new CupsDeviceUri(Optional.of(path.substring("daemon/".length())), Optional.empty(), service, socket, false);
        }
        if (path.startsWith("usb/") && USB.matcher(path.substring("usb/".length())).matches()) {
            return new CupsDeviceUri(Optional.empty(), Optional.of(path.substring("usb/".length())), service, socket,
                    epsonEntry);
        }
        throw bad(uri, "names neither daemon/NAME nor usb/VID:PID[:SERIAL]");
    }

    /** The daemon URI for device {@code name}, with this URI's control socket. */
    String daemonLink(String name) {
        return "dot4d:" + name + socket.map(s -> "?socket=" + s).orElse("");
    }

    /** The direct link of a USB URI. */
    String usbLink() {
        return "usb:" + usbAddress.orElseThrow() + (epsonEntry ? "?epson-entry" : "");
    }

    private static IllegalArgumentException bad(String uri, String why) {
        return new IllegalArgumentException("device URI " + uri + " " + why + "; write dot4://daemon/NAME or"
                + " dot4://usb/VID:PID[:SERIAL], optionally with ?service=NAME, &socket=PATH or &epson-entry");
    }
}
