package org.dot4j.daemon;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.dot4j.api.Dot4Exception;
import org.dot4j.api.NtStatus;

/**
 * Where a client finds the daemon's control socket: a path it was given, else the first that exists of the user's
 * own daemon's ({@code $XDG_RUNTIME_DIR/dot4/control.sock}), the system unit's ({@code /run/dot4/control.sock}) and
 * the {@code control-socket} of the system config file ({@value #SYSTEM_CONFIG}). Also parses the link URI
 * {@code dot4d:NAME[?socket=PATH]} that names a device through the daemon.
 */
public final class DaemonSockets {

    /** The URI scheme of a device reached through the daemon. */
    public static final String SCHEME = "dot4d:";
    /** The system-wide config file, read for its {@code control-socket} when nothing else is found. */
    public static final String SYSTEM_CONFIG = "/etc/dot4/dot4.toml";

    /**
     * A device through the daemon.
     *
     * @param device the device name in the daemon's configuration
     * @param socket the control socket, when the URI names one
     */
    public record DaemonUri(String device, Optional<Path> socket) {}

    private DaemonSockets() {
    }

    /** Whether {@code uri} names a device through the daemon. */
    public static boolean isDaemonUri(String uri) {
        return uri.startsWith(SCHEME);
    }

    /**
     * Parses {@code dot4d:NAME[?socket=PATH]}.
     *
     * @throws IllegalArgumentException naming what is wrong and what is expected
     */
    public static DaemonUri parse(String uri) {
        if (!isDaemonUri(uri)) {
            throw new IllegalArgumentException("not a daemon URI: " + uri + " (expected dot4d:NAME[?socket=PATH])");
        }
        String rest = uri.substring(SCHEME.length());
        int q = rest.indexOf('?');
        String name = q < 0 ? rest : rest.substring(0, q);
        if (!name.matches("[A-Za-z0-9._-]{1,40}")) {
            throw new IllegalArgumentException("bad device name '" + name + "' in " + uri
                    + " (expected dot4d:NAME with the name of a device in the daemon's configuration, e.g. dot4d:mfp)");
        }
        Optional<Path> socket = Optional.empty();
        if (q >= 0) {
            for (String option : rest.substring(q + 1).split("&")) {
                int eq = option.indexOf('=');
                String key = eq < 0 ? option : option.substring(0, eq);
                if (!key.equals("socket") || eq < 0 || eq == option.length() - 1) {
                    throw new IllegalArgumentException("unknown or empty option '" + option + "' in " + uri
                            + " (dot4d: takes only ?socket=PATH)");
                }
                socket = Optional.of(Path.of(URLDecoder.decode(option.substring(eq + 1), StandardCharsets.UTF_8)));
            }
        }
        return new DaemonUri(name, socket);
    }

    /** The places searched when no socket is given, in order. */
    public static List<Path> candidates() {
        // Where `dot4 serve` puts it by default (the user's own daemon's with XDG_RUNTIME_DIR set), then the system's.
        List<Path> places = new ArrayList<>(List.of(DaemonConfig.defaultControlSocket()));
        if (!places.contains(DaemonConfig.systemControlSocket())) {
            places.add(DaemonConfig.systemControlSocket());
        }
        Path config = Path.of(SYSTEM_CONFIG);
        if (Files.isRegularFile(config)) {
            try {
                ConfigFile.read(config).controlSocket().ifPresent(places::add);
            } catch (IOException | RuntimeException e) {
                // A broken system config names no socket; the daemon itself reports it when it starts.
            }
        }
        return places;
    }

    /**
     * The control socket to use: {@code given} if present, else the first candidate that exists.
     *
     * @throws Dot4Exception STATUS_DEVICE_NOT_CONNECTED naming every place tried
     */
    public static Path locate(Optional<Path> given) throws Dot4Exception {
        if (given.isPresent()) {
            return given.get();
        }
        List<Path> tried = candidates();
        for (Path place : tried) {
            if (Files.exists(place)) {
                return place;
            }
        }
        throw new Dot4Exception(NtStatus.STATUS_DEVICE_NOT_CONNECTED, "no dot4 daemon found: no control socket at "
                + String.join(", ", tried.stream().map(Path::toString).toList())
                + (Files.isRegularFile(Path.of(SYSTEM_CONFIG)) ? "" : " (and no " + SYSTEM_CONFIG + ")")
                + "; start one with 'dot4 serve', or name its socket with --socket PATH or ?socket=PATH");
    }
}
