package org.dot4j.daemon;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.dot4j.api.Dot4Exception;
import org.dot4j.driver.ByteLink;
import org.dot4j.driver.Dot4Host;
import org.dot4j.driver.LinkListener;
import org.dot4j.engine.LocalSocket;
import org.dot4j.links.Links;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A virtual link to a shared device for programs that speak IEEE 1284.4 themselves: each program that connects
 * (opens the pty, connects to the socket) gets its own 1284.4 conversation, with dot4j as the peripheral, and
 * its channels are relayed to channels of the device ({@link ProxySession}), beside the daemon's other clients.
 *
 * <p>A program is served only while the device is up: while it is down, connections wait (a pty's program gets no
 * answer, a socket's connection waits in the listen queue) and a session ends when the device goes down. A pty
 * carries one program at a time, told apart by their Init; sockets carry up to {@link #MAX_SESSIONS} at once.
 *
 * <p>Thread-safe: one virtual thread accepts, each session has its own.
 */
final class DeviceProxy implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(DeviceProxy.class);
    /** Programs served at once; one more is disconnected at once. */
    static final int MAX_SESSIONS = 16;
    /** How often the accept loop looks at a device that is down. */
    private static final Duration DOWN_POLL = Duration.ofSeconds(1);
    /** How soon a device that failed to list its services is asked again. */
    private static final Duration DISCOVERY_RETRY = Duration.ofSeconds(5);

    private final ProxySpec spec;
    private final DeviceSupervisor device;
    private final LinkListener listener;
    private final ServiceCatalogue catalogue;
    private final List<ProxySession> sessions = new CopyOnWriteArrayList<>();
    private final AtomicInteger counter = new AtomicInteger();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Thread acceptor;

    private DeviceProxy(ProxySpec spec, DeviceSupervisor device, LinkListener listener, ServiceCatalogue catalogue) {
        this.spec = spec;
        this.device = device;
        this.listener = listener;
        this.catalogue = catalogue;
        this.acceptor = Thread.ofVirtual().name("dot4-proxy " + spec).unstarted(this::acceptLoop);
    }

    /**
     * Opens the listener and starts serving programs.
     *
     * @param portServices the services the device's ports name, offered too if the device has them
     * @throws IOException when the listener cannot be opened, saying why
     */
    static DeviceProxy open(ProxySpec spec, DeviceSupervisor device, List<String> portServices) throws IOException {
        LinkListener listener = Links.listen(spec.listen());
        DeviceProxy proxy = new DeviceProxy(spec, device, listener, new ServiceCatalogue(portServices));
        proxy.acceptor.start();
        log.info("proxy for {} on {}", spec.device(), proxy.address());
        return proxy;
    }

    /** The configuration. */
    ProxySpec spec() {
        return spec;
    }

    /** Where programs connect: a pty's slave path (e.g. {@code /dev/pts/3}), a socket path, or a TCP address. */
    String address() {
        String address = listener.address();
        return address.startsWith("tty:") ? address.substring("tty:".length()) : address;
    }

    /** One line per program being served, for status reports. */
    List<String> describeSessions() {
        return sessions.stream().map(ProxySession::describe).toList();
    }

    /** Stops listening and ends every program's session. Idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            listener.close();
        } catch (IOException e) {
            log.debug("proxy {}: closing the listener: {}", spec, e.getMessage());
        }
        acceptor.interrupt();
        sessions.forEach(ProxySession::close);
    }

    private void acceptLoop() {
        AcceptBackoff backoff = new AcceptBackoff(log, "proxy " + spec);
        while (!closed.get()) {
            Dot4Host host;
            List<LocalSocket> services;
            try {
                if (!device.awaitUp(DOWN_POLL)) {
                    continue;
                }
                host = device.host().orElse(null);
                // Found before accepting: a pty's program is not kept waiting by a device slow to answer.
                services = host == null ? null : catalogue.servicesOf(host);
            } catch (InterruptedException e) {
                return;
            } catch (Dot4Exception e) {
                log.warn("proxy {}: cannot ask device {} for its services (trying again in {} s): {}", spec,
                        spec.device(), DISCOVERY_RETRY.toSeconds(), e.getMessage());
                try {
                    Thread.sleep(DISCOVERY_RETRY);   // paced: a device that keeps failing must not flood the log
                } catch (InterruptedException interrupted) {
                    return;
                }
                continue;
            }
            if (host == null) {
                continue;
            }
            ByteLink link;
            try {
                link = listener.accept();
                backoff.succeeded();
            } catch (IOException | RuntimeException e) {
                if (closed.get() || !backoff.failed(e)) {
                    return;
                }
                continue;
            }
            serve(link, host, services);
        }
    }

    private void serve(ByteLink link, Dot4Host host, List<LocalSocket> services) {
        String name = "proxy " + spec.device() + " #" + counter.incrementAndGet();
        if (sessions.size() >= MAX_SESSIONS) {
            log.warn("{}: {} programs are served already; disconnecting this one", name, MAX_SESSIONS);
            closeQuietly(link);
            return;
        }
        try {
            ProxySession session = ProxySession.open(name, link, services, host);
            sessions.add(session);
            session.serve(services, sessions::remove);
            if (closed.get()) {
                session.close();
            }
        } catch (Dot4Exception e) {
            log.warn("{}: cannot serve the program, device {} is not answering: {}", name, spec.device(), e.getMessage());
            closeQuietly(link);
        }
    }

    private static void closeQuietly(ByteLink link) {
        try {
            link.close();
        } catch (IOException e) {
            log.debug("closing a proxy link: {}", e.getMessage());
        }
    }
}
