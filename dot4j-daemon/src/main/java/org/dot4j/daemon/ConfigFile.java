package org.dot4j.daemon;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.tomlj.Toml;
import org.tomlj.TomlArray;
import org.tomlj.TomlParseResult;
import org.tomlj.TomlTable;

/**
 * The daemon's TOML configuration file (e.g. {@code /etc/dot4/dot4.toml}); every key is optional.
 *
 * <pre>
 * control-socket = "/run/dot4/control.sock"   # default $XDG_RUNTIME_DIR/dot4/control.sock or /run/dot4/control.sock
 * socket-group = "lp"                         # members may connect (mode 0660); omit for owner only (0600)
 * ports = ["PRINT=9100", "label:PRINT=9101"] # [DEVICE:]SERVICE=PORT on 127.0.0.1; top level, before any table
 * proxies = ["office=pty"]                    # DEVICE=pty|unix-listen:/PATH|tcp-listen://127.0.0.1:PORT (DeviceProxy)
 *
 * [devices]                                   # NAME = link URI; the first is the default device
 * office = "usb:03f0:1234"
 * label = "tcp://192.0.2.7:9100?epson-entry"  # ?epson-entry, ?revision=0x10 or 0x20 set how Init is done
 *
 * [limits]
 * max-channels-per-client = 32
 * max-buffered-bytes-per-client = 16777216
 *
 * [reconnect]
 * initial-delay-ms = 500
 * max-delay-ms = 30000
 *
 * [http]                                      # the status page (see HttpSpec); none without this table
 * listen = "127.0.0.1:8631"                   # HOST:PORT; a loopback address unless
 * allow-remote = false                        # ... this is true
 * </pre>
 *
 * Unknown keys are errors (a typo would otherwise be ignored silently). Immutable.
 *
 * @param devices the {@code [devices]} table, in file order
 * @param ports the {@code ports} array, not yet resolved to devices
 * @param proxies the {@code proxies} array
 * @param controlSocket {@code control-socket}
 * @param socketGroup {@code socket-group}
 * @param limits {@code [limits]}, defaults filled in
 * @param backoff {@code [reconnect]}, defaults filled in
 * @param http {@code [http]}: the status page's address
 */
record ConfigFile(List<DeviceSpec> devices, List<PortSpec> ports, List<ProxySpec> proxies, Optional<Path> controlSocket,
                  Optional<String> socketGroup, DaemonConfig.Limits limits, DaemonConfig.Backoff backoff,
                  Optional<HttpSpec> http) {

    private static final Set<String> TOP_KEYS = Set.of("control-socket", "socket-group", "devices", "ports", "proxies",
            "limits", "reconnect", "http");
    private static final Set<String> HTTP_KEYS = Set.of("listen", "allow-remote");
    private static final Set<String> LIMIT_KEYS = Set.of("max-channels-per-client", "max-buffered-bytes-per-client");
    private static final Set<String> RECONNECT_KEYS = Set.of("initial-delay-ms", "max-delay-ms");

    /** No file: nothing set, defaults for the rest. */
    static ConfigFile empty() {
        return new ConfigFile(List.of(), List.of(), List.of(), Optional.empty(), Optional.empty(),
                DaemonConfig.Limits.defaults(), DaemonConfig.Backoff.defaults(), Optional.empty());
    }

    /**
     * Reads and checks a file.
     *
     * @throws IllegalArgumentException naming the file, the key and what is wrong with its value
     * @throws IOException when the file cannot be read
     */
    static ConfigFile read(Path file) throws IOException {
        TomlParseResult toml;
        try {
            toml = Toml.parse(file);
        } catch (NoSuchFileException e) {
            throw new IOException("config file " + file + " does not exist; create it or drop --config", e);
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException(file + ": not UTF-8 text (TOML files are UTF-8); save it as UTF-8", e);
        }
        if (!toml.errors().isEmpty()) {
            throw new IllegalArgumentException(file + ": not valid TOML: " + toml.errors().stream()
                    .map(e -> e.position() + ": " + e.getMessage()).collect(Collectors.joining("; ")));
        }
        Reader reader = new Reader(file);
        reader.onlyKeys(toml, TOP_KEYS, "");
        return new ConfigFile(reader.devices(toml), reader.ports(toml), reader.proxies(toml),
                reader.string(toml, "control-socket").map(Path::of), reader.string(toml, "socket-group"),
                reader.limits(toml), reader.backoff(toml), reader.http(toml));
    }

    /** Reads values of one file, prefixing every error with the file and key. */
    private record Reader(Path file) {

        List<DeviceSpec> devices(TomlTable toml) {
            TomlTable table = table(toml, "devices");
            List<DeviceSpec> devices = new ArrayList<>();
            if (table != null) {
                for (Map.Entry<String, Object> entry : table.entrySet()) {
                    String key = "devices." + entry.getKey();
                    if (!(entry.getValue() instanceof String uri)) {
                        throw bad(key, "must be a link URI string, e.g. \"usb:auto\" (top-level keys such as ports go before"
                                + " the first table)");
                    }
                    try {
                        devices.add(DeviceSpec.of(entry.getKey(), uri));
                    } catch (IllegalArgumentException e) {
                        throw bad(key, e.getMessage());
                    }
                }
            }
            return devices;
        }

        List<PortSpec> ports(TomlTable toml) {
            return strings(toml, "ports", "[DEVICE:]SERVICE=PORT", "PRINT=9100", PortSpec::parse);
        }

        List<ProxySpec> proxies(TomlTable toml) {
            return strings(toml, "proxies", "DEVICE=URI", "mfp=pty", ProxySpec::parse);
        }

        /** A top-level array of strings, each parsed by {@code parse}; errors name the element. */
        <T> List<T> strings(TomlTable toml, String key, String form, String example, Function<String, T> parse) {
            Object value = toml.get(List.of(key));
            if (value == null) {
                return List.of();
            }
            if (!(value instanceof TomlArray array)) {
                throw bad(key, "must be an array of \"" + form + "\" strings, e.g. [\"" + example + "\"]");
            }
            List<T> parsed = new ArrayList<>();
            for (int i = 0; i < array.size(); i++) {
                if (!(array.get(i) instanceof String spec)) {
                    throw bad(key + "[" + i + "]", "must be a string like \"" + example + "\"");
                }
                try {
                    parsed.add(parse.apply(spec));
                } catch (IllegalArgumentException e) {
                    throw bad(key + "[" + i + "]", e.getMessage());
                }
            }
            return parsed;
        }

        DaemonConfig.Limits limits(TomlTable toml) {
            TomlTable table = table(toml, "limits");
            DaemonConfig.Limits defaults = DaemonConfig.Limits.defaults();
            if (table == null) {
                return defaults;
            }
            onlyKeys(table, LIMIT_KEYS, "limits.");
            long channels = positive(table, "limits.", "max-channels-per-client", defaults.maxChannels(), Integer.MAX_VALUE);
            long bytes = positive(table, "limits.", "max-buffered-bytes-per-client", defaults.maxBufferedBytes(), Long.MAX_VALUE);
            return new DaemonConfig.Limits((int) channels, bytes);
        }

        DaemonConfig.Backoff backoff(TomlTable toml) {
            TomlTable table = table(toml, "reconnect");
            DaemonConfig.Backoff defaults = DaemonConfig.Backoff.defaults();
            if (table == null) {
                return defaults;
            }
            onlyKeys(table, RECONNECT_KEYS, "reconnect.");
            long initial = positive(table, "reconnect.", "initial-delay-ms", defaults.initial().toMillis(), Long.MAX_VALUE);
            long max = positive(table, "reconnect.", "max-delay-ms", defaults.max().toMillis(), Long.MAX_VALUE);
            try {
                return new DaemonConfig.Backoff(Duration.ofMillis(initial), Duration.ofMillis(max));
            } catch (IllegalArgumentException e) {
                throw bad("reconnect", e.getMessage());
            }
        }

        Optional<HttpSpec> http(TomlTable toml) {
            TomlTable table = table(toml, "http");
            if (table == null) {
                return Optional.empty();
            }
            onlyKeys(table, HTTP_KEYS, "http.");
            Object allow = table.get(List.of("allow-remote"));
            if (allow != null && !(allow instanceof Boolean)) {
                throw bad("http.allow-remote", "must be true or false (got " + allow + ")");
            }
            if (!(table.get(List.of("listen")) instanceof String listen) || listen.isBlank()) {
                throw bad("http.listen", "must be a \"HOST:PORT\" string, e.g. \"127.0.0.1:8631\"");
            }
            try {
                return Optional.of(HttpSpec.parse(listen, Boolean.TRUE.equals(allow)));
            } catch (IllegalArgumentException e) {
                throw bad("http.listen", e.getMessage());
            }
        }

        Optional<String> string(TomlTable toml, String key) {
            Object value = toml.get(List.of(key));
            if (value == null) {
                return Optional.empty();
            }
            if (!(value instanceof String text) || text.isBlank()) {
                throw bad(key, "must be a non-empty string");
            }
            return Optional.of(text);
        }

        void onlyKeys(TomlTable table, Set<String> allowed, String prefix) {
            for (String key : table.keySet()) {
                if (!allowed.contains(key)) {
                    throw bad(prefix + key, "is not a known key; known here: " + allowed.stream().sorted().toList());
                }
            }
        }

        private TomlTable table(TomlTable toml, String key) {
            Object value = toml.get(List.of(key));
            if (value != null && !(value instanceof TomlTable)) {
                throw bad(key, "must be a table ([" + key + "])");
            }
            return (TomlTable) value;
        }

        private long positive(TomlTable table, String prefix, String key, long fallback, long max) {
            Object value = table.get(List.of(key));
            if (value == null) {
                return fallback;
            }
            if (!(value instanceof Long number) || number < 1 || number > max) {
                throw bad(prefix + key, "must be a whole number from 1 to " + max + " (got " + value + ")");
            }
            return number;
        }

        private IllegalArgumentException bad(String key, String problem) {
            return new IllegalArgumentException(file + ": " + key + " " + problem);
        }
    }
}
