package org.dot4j.daemon;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.dot4j.engine.LocalSocket;

/**
 * Everything {@code dot4 serve} needs: the devices, the loopback service ports, the control socket and the
 * per-client limits. Built from command-line style options and/or a TOML file ({@link ConfigFile} documents the
 * format); options on the command line override the file.
 *
 * @param devices the devices, in order; the first is the default for ports and clients that name none
 * @param ports the service ports, each resolved to a configured device
 * @param proxies the virtual links for programs that speak 1284.4 themselves, each naming a configured device
 * @param controlSocket the Unix domain socket clients connect to
 * @param socketGroup the group allowed to use the control socket (mode 0660); empty: owner only (0600)
 * @param limits what one client may hold
 * @param backoff how soon a lost device is tried again
 * @param http where the status page listens; empty: no status page
 */
public record DaemonConfig(List<DeviceSpec> devices, List<PortSpec> ports, List<ProxySpec> proxies, Path controlSocket,
                           Optional<String> socketGroup, Limits limits, Backoff backoff, Optional<HttpSpec> http) {

    /** The control socket's file name inside its directory. */
    public static final String SOCKET_FILE = "control.sock";

    /**
     * What one client (one control connection) may hold across all devices; beyond it requests fail with
     * STATUS_INSUFFICIENT_RESOURCES.
     *
     * @param maxChannels open channels, default 32
     * @param maxBufferedBytes receive buffer bytes over its open channels (each costs its socket's
     *                         {@code ulBufferSize}), default 16 MiB
     */
    public record Limits(int maxChannels, long maxBufferedBytes) {
        /** Checks both are positive. */
        public Limits {
            if (maxChannels < 1 || maxBufferedBytes < 1) {
                throw new IllegalArgumentException("limits must be positive: max-channels-per-client " + maxChannels
                        + ", max-buffered-bytes-per-client " + maxBufferedBytes);
            }
        }

        /** 32 channels, 16 MiB. */
        public static Limits defaults() {
            return new Limits(32, 16L << 20);
        }

        /** The buffer a socket created with {@code ulBufferSize} gives each channel (0 means the driver's default). */
        static long channelBuffer(long ulBufferSize) {
            return ulBufferSize == 0 ? LocalSocket.DEFAULT_BUFFER_SIZE : ulBufferSize;
        }
    }

    /**
     * Reconnect delays: the first retry after {@code initial}, doubling up to {@code max}.
     *
     * @param initial first delay, default 0.5 s
     * @param max longest delay, default 30 s
     */
    public record Backoff(Duration initial, Duration max) {
        /** Checks {@code 0 < initial <= max}. */
        public Backoff {
            if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
                throw new IllegalArgumentException("reconnect delays must satisfy 0 < initial-delay-ms (" + initial.toMillis()
                        + ") <= max-delay-ms (" + max.toMillis() + ")");
            }
        }

        /** 0.5 s doubling to 30 s. */
        public static Backoff defaults() {
            return new Backoff(Duration.ofMillis(500), Duration.ofSeconds(30));
        }

        /** The delay after {@code current}. */
        Duration next(Duration current) {
            Duration doubled = current.multipliedBy(2);
            return doubled.compareTo(max) > 0 ? max : doubled;
        }
    }

    /** Checks devices are unique and every port and proxy names one of them, with no TCP port or proxy twice. */
    public DaemonConfig {
        devices = List.copyOf(devices);
        Objects.requireNonNull(controlSocket, "controlSocket");
        Objects.requireNonNull(socketGroup, "socketGroup");
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(backoff, "backoff");
        Objects.requireNonNull(http, "http");
        if (devices.isEmpty()) {
            throw new IllegalArgumentException("no devices configured; give --device NAME=URI (e.g. office=usb:auto)"
                    + " or a [devices] table in the config file");
        }
        Set<String> names = new HashSet<>();
        for (DeviceSpec device : devices) {
            if (!names.add(device.name())) {
                throw new IllegalArgumentException("device " + device.name() + " is configured twice");
            }
        }
        List<PortSpec> resolved = new ArrayList<>();
        Set<Integer> tcpPorts = new HashSet<>();
        for (PortSpec port : ports) {
            String device = port.device().orElse(devices.getFirst().name());
            if (!names.contains(device)) {
                throw new IllegalArgumentException("port " + port + " names device " + device
                        + ", but the configured devices are " + devices.stream().map(DeviceSpec::name).toList());
            }
            if (port.port() != 0 && !tcpPorts.add(port.port())) {
                throw new IllegalArgumentException("TCP port " + port.port() + " is given to more than one service");
            }
            resolved.add(port.on(device));
        }
        ports = List.copyOf(resolved);
        Set<String> listeners = new HashSet<>();
        for (ProxySpec proxy : proxies) {
            if (!names.contains(proxy.device())) {
                throw new IllegalArgumentException("proxy " + proxy + " names device " + proxy.device()
                        + ", but the configured devices are " + devices.stream().map(DeviceSpec::name).toList());
            }
            if (!proxy.listen().toString().equals("pty") && !listeners.add(proxy.listen().toString())) {
                throw new IllegalArgumentException("proxy listener " + proxy.listen() + " is given twice");
            }
        }
        proxies = List.copyOf(proxies);
    }

    /** A configuration with default socket path, no group, default limits and back-off. */
    public static DaemonConfig of(List<DeviceSpec> devices, List<PortSpec> ports) {
        return new DaemonConfig(devices, ports, List.of(), defaultControlSocket(), Optional.empty(), Limits.defaults(),
                Backoff.defaults(), Optional.empty());
    }

    /**
     * The configuration of {@code dot4 serve}: the file's settings (if any), then the command line's on top.
     * A {@code --device} with a name from the file replaces that device; a {@code --port} on a TCP port the file
     * uses replaces that port.
     *
     * @param deviceSpecs {@code NAME=URI} values of {@code --device}
     * @param portSpecs {@code [DEVICE:]SERVICE=PORT} values of {@code --port}
     * @param configFile {@code --config}
     * @param socketPath {@code --socket}, overriding the file's {@code control-socket}
     * @throws IllegalArgumentException naming the bad option, key or value
     * @throws IOException when the file cannot be read
     */
    public static DaemonConfig fromArgs(List<String> deviceSpecs, List<String> portSpecs, Optional<Path> configFile,
                                        Optional<Path> socketPath) throws IOException {
        ConfigFile file = configFile.isPresent() ? ConfigFile.read(configFile.get()) : ConfigFile.empty();
        Map<String, DeviceSpec> devices = new LinkedHashMap<>();
        file.devices().forEach(d -> devices.put(d.name(), d));
        for (String spec : deviceSpecs) {
            DeviceSpec device = DeviceSpec.parse(spec);
            devices.put(device.name(), device);
        }
        Map<String, PortSpec> ports = new LinkedHashMap<>();
        putUnique(ports, file.ports(), "the configuration file");
        List<PortSpec> fromCommandLine = portSpecs.stream().map(PortSpec::parse).toList();
        Map<String, PortSpec> overrides = new LinkedHashMap<>();
        putUnique(overrides, fromCommandLine, "--port");
        ports.putAll(overrides);
        Path socket = socketPath.or(file::controlSocket).orElseGet(DaemonConfig::defaultControlSocket);
        return new DaemonConfig(List.copyOf(devices.values()), List.copyOf(ports.values()), file.proxies(), socket,
                file.socketGroup(), file.limits(), file.backoff(), file.http());
    }

    /** Adds {@code specs} by TCP port; one source giving a TCP port twice is a mistake, refused naming both. */
    private static void putUnique(Map<String, PortSpec> ports, List<PortSpec> specs, String source) {
        for (PortSpec port : specs) {
            PortSpec before = ports.put(portKey(port), port);
            if (before != null) {
                throw new IllegalArgumentException(source + " gives TCP port " + port.port() + " twice (" + before + " and "
                        + port + "); give each service its own port");
            }
        }
    }

    /** Ports are replaced by TCP port number; port 0 (any free port) never clashes. */
    private static String portKey(PortSpec port) {
        return port.port() == 0 ? "any " + port : Integer.toString(port.port());
    }

    /** {@code $XDG_RUNTIME_DIR/dot4/control.sock}, or {@code /run/dot4/control.sock} without that variable. */
    public static Path defaultControlSocket() {
        String runtime = System.getenv("XDG_RUNTIME_DIR");
        return runtime == null || runtime.isBlank() ? systemControlSocket()
                : Path.of(runtime).resolve("dot4").resolve(SOCKET_FILE);
    }

    /** Where the system unit's daemon puts its control socket: {@code /run/dot4/control.sock}. */
    public static Path systemControlSocket() {
        return Path.of("/run", "dot4", SOCKET_FILE);
    }

    /** The device a port or client without a device name uses. */
    public DeviceSpec defaultDevice() {
        return devices.getFirst();
    }

    /**
     * This configuration with the proxies of {@code --proxy} ({@code DEVICE=URI} each) added to the file's.
     *
     * @throws IllegalArgumentException naming the bad proxy
     */
    public DaemonConfig plusProxies(List<String> proxySpecs) {
        List<ProxySpec> all = new ArrayList<>(proxies);
        proxySpecs.stream().map(ProxySpec::parse).forEach(all::add);
        return new DaemonConfig(devices, ports, all, controlSocket, socketGroup, limits, backoff, http);
    }

    /** This configuration with another control socket. */
    public DaemonConfig withControlSocket(Path path) {
        return new DaemonConfig(devices, ports, proxies, path, socketGroup, limits, backoff, http);
    }

    /** This configuration with other limits. */
    public DaemonConfig withLimits(Limits newLimits) {
        return new DaemonConfig(devices, ports, proxies, controlSocket, socketGroup, newLimits, backoff, http);
    }

    /** This configuration with another back-off. */
    public DaemonConfig withBackoff(Backoff newBackoff) {
        return new DaemonConfig(devices, ports, proxies, controlSocket, socketGroup, limits, newBackoff, http);
    }

    /** This configuration with another status page address (empty: none). */
    public DaemonConfig withHttp(Optional<HttpSpec> newHttp) {
        return new DaemonConfig(devices, ports, proxies, controlSocket, socketGroup, limits, backoff, newHttp);
    }

    /**
     * This configuration with {@code --http ADDRESS} on top of the file's {@code [http]}: the address replaces the
     * file's; a non-loopback one needs {@code --http-allow-remote} or the file's {@code allow-remote = true}.
     *
     * @param address {@code --http}, or null when not given
     * @param allowRemote {@code --http-allow-remote}
     * @throws IllegalArgumentException for a bad or unallowed address, naming the option
     */
    public DaemonConfig withHttpOption(String address, boolean allowRemote) {
        if (address == null) {
            if (allowRemote && http.isEmpty()) {
                throw new IllegalArgumentException("--http-allow-remote needs --http HOST:PORT (or [http] in the config file)");
            }
            return this;
        }
        try {
            return withHttp(Optional.of(HttpSpec.parse(address, allowRemote || http.map(HttpSpec::allowRemote).orElse(false))));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--http " + address + ": " + e.getMessage(), e);
        }
    }
}
