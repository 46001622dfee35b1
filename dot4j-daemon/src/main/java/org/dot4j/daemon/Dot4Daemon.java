package org.dot4j.daemon;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.dot4j.capture.TraceWriter;
import org.dot4j.driver.Deadline;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code dot4 serve}: owns the configured devices and multiplexes local clients over them — programs on the
 * control socket (see {@link DaemonClient} and {@code docs/control-protocol.md}), TCP connections on the
 * loopback service ports, and programs that speak 1284.4 themselves through proxies ({@link DeviceProxy}). Devices
 * that go away are reconnected in the background while the others keep serving.
 * With an {@link HttpSpec} it also serves the status page ({@link StatusPage}), sampling throughput for it.
 *
 * <p>Typical use by the CLI: {@code start(config)}, {@link #installShutdownHook()}, {@link #awaitShutdown()}.
 * Thread-safe.
 */
public final class Dot4Daemon implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Dot4Daemon.class);

    private final DaemonConfig config;
    private final Map<String, DeviceSupervisor> devices = new LinkedHashMap<>();
    private final List<ServicePort> ports = new ArrayList<>();
    private final List<DeviceProxy> proxies = new ArrayList<>();
    private final RecentJobs jobs = new RecentJobs();
    private final PrinterWatch printers = new PrinterWatch();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final AtomicBoolean closing = new AtomicBoolean();
    private ControlServer control;
    private volatile Throughput throughput;
    private volatile StatusPage page;

    private Dot4Daemon(DaemonConfig config) {
        this.config = config;
    }

    /**
     * Starts connecting every device (without waiting for them), opens the control socket, the service ports, the
     * proxies and the status page.
     *
     * @throws IOException when the control socket, a port, a proxy or the page cannot be opened; nothing is left
     *     running then
     */
    public static Dot4Daemon start(DaemonConfig config) throws IOException {
        return start(config, Map.of());
    }

    /**
     * As {@link #start(DaemonConfig)}, with devices' links recorded from their first connection on
     * ({@code dot4 serve --trace}); the caller closes the traces after the daemon.
     *
     * @param traces by device name; a name that is not configured is an IllegalArgumentException
     */
    public static Dot4Daemon start(DaemonConfig config, Map<String, TraceWriter> traces) throws IOException {
        List<String> names = config.devices().stream().map(DeviceSpec::name).toList();
        traces.keySet().stream().filter(n -> !names.contains(n)).findFirst().ifPresent(n -> {
            throw new IllegalArgumentException("a trace names no configured device '" + n + "'; configured: " + names);
        });
        Dot4Daemon daemon = new Dot4Daemon(config);
        try {
            for (DeviceSpec spec : config.devices()) {
                DeviceSupervisor supervisor = new DeviceSupervisor(spec, config.backoff());
                daemon.devices.put(spec.name(), supervisor);
                if (traces.containsKey(spec.name())) {
                    supervisor.trace(traces.get(spec.name()));
                }
                supervisor.start();
            }
            daemon.control = ControlServer.open(config.controlSocket(), config.socketGroup(), daemon.devices,
                    config.limits(), daemon::statusReport);
            for (PortSpec port : config.ports()) {
                daemon.ports.add(ServicePort.open(port, daemon.devices.get(port.device().orElseThrow()), daemon.jobs));
            }
            if (config.http().isPresent()) {
                daemon.throughput = new Throughput(List.copyOf(daemon.devices.values()));
                daemon.throughput.start();
                daemon.page = StatusPage.open(config.http().get(), daemon::statusJson);
                log.info("status page on {}", daemon.page.uri());
            }
            for (ProxySpec proxy : config.proxies()) {
                List<String> portServices = config.ports().stream()
                        .filter(p -> p.device().orElseThrow().equals(proxy.device())).map(PortSpec::service).toList();
                daemon.proxies.add(DeviceProxy.open(proxy, daemon.devices.get(proxy.device()), portServices));
            }
        } catch (IOException | RuntimeException e) {
            daemon.close();
            throw e;
        }
        log.info("dot4 daemon serving {} device(s) on {}", config.devices().size(), config.controlSocket());
        return daemon;
    }

    /** The configuration it runs with. */
    public DaemonConfig config() {
        return config;
    }

    /** The supervisor of a configured device, for state and status queries. */
    public DeviceSupervisor device(String name) {
        DeviceSupervisor device = devices.get(name);
        if (device == null) {
            throw new IllegalArgumentException("no device named " + name + "; configured: " + devices.keySet());
        }
        return device;
    }

    /**
     * Waits until a device is connected and each of its service ports has decided whether to listen; false after
     * {@code timeout}.
     */
    public boolean awaitConnected(String deviceName, Duration timeout) throws InterruptedException {
        Deadline deadline = Deadline.ofNanos(timeout.toNanos());
        if (!device(deviceName).awaitUp(timeout)) {
            return false;
        }
        for (ServicePort port : ports) {
            if (port.spec().device().orElseThrow().equals(deviceName)
                    && !port.awaitSettled(deadline)) {
                return false;
            }
        }
        return true;
    }

    /**
     * The TCP port actually bound for a service port (differs from the configuration only for port 0).
     *
     * @throws IllegalArgumentException when no such port is configured
     */
    public int boundPort(String deviceName, String service) {
        return ports.stream()
                .filter(p -> p.spec().service().equals(service) && p.spec().device().orElseThrow().equals(deviceName))
                .findFirst().orElseThrow(() -> new IllegalArgumentException("no port for " + deviceName + ":" + service))
                .localPort();
    }

    /** Where programs reach each proxy, in configuration order: a pty's slave path, a socket path or address. */
    public List<String> proxyAddresses() {
        return proxies.stream().map(DeviceProxy::address).toList();
    }

    /** The status page's address, when it is served. */
    public Optional<URI> statusPage() {
        return Optional.ofNullable(page).map(StatusPage::uri);
    }

    /** The status report that {@code dot4 ctl status} prints. */
    public String statusReport() {
        return report().text();
    }

    /** The status page's JSON document; asks the devices for their printer status when due. */
    String statusJson() {
        printers.refresh(List.copyOf(devices.values()));
        return StatusJson.write(report(), throughput);
    }

    private StatusReport report() {
        return StatusReport.collect(config.controlSocket(), statusPage(), List.copyOf(devices.values()),
                List.copyOf(ports), List.copyOf(proxies), control == null ? List.of() : control.sessions(),
                jobs.newestFirst(), printers::latest);
    }

    /** Makes SIGTERM and SIGINT (JVM shutdown) stop the daemon cleanly: channels closed, Exit sent. */
    public void installShutdownHook() {
        Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().name("dot4-shutdown").unstarted(this::close));
    }

    /** Blocks until {@link #close()} has finished. */
    public void awaitShutdown() throws InterruptedException {
        stopped.await();
    }

    /**
     * Stops serving: closes the service ports and the control socket (closing every client's channels), then
     * ends each device's conversation with Exit and closes its link. Idempotent.
     */
    @Override
    public void close() {
        if (!closing.compareAndSet(false, true)) {
            return;
        }
        log.info("dot4 daemon stopping");
        if (page != null) {
            page.close();
        }
        if (throughput != null) {
            throughput.close();
        }
        ports.forEach(ServicePort::close);
        proxies.forEach(DeviceProxy::close);
        if (control != null) {
            control.close();
        }
        devices.values().forEach(DeviceSupervisor::close);
        log.info("dot4 daemon stopped");
        stopped.countDown();
    }
}
