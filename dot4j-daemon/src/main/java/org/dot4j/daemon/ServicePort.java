package org.dot4j.daemon;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.dot4j.api.Dot4Exception;
import org.dot4j.api.NtStatus;
import org.dot4j.driver.Deadline;
import org.dot4j.driver.Dot4Host;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A loopback TCP port for one service of one device, e.g. PRINT on 127.0.0.1:9100, so tools that speak raw
 * TCP (nc, CUPS's socket backend) can use a DOT4 device. Each accepted connection becomes a
 * {@link PortConnection} with its own channel. Only the loopback address is bound: other machines cannot reach
 * the device through the daemon.
 *
 * <p>The port listens only while its device is up and has the service. A listening socket lets the kernel
 * accept a connection and take the client's data before the daemon sees it, so a client such as CUPS's socket
 * backend could write a whole job, get a reset after its last write, ignore it and report the job complete. A
 * refused connection is a failure every client sees (CUPS keeps the job and retries).
 *
 * <p>Thread-safe: one virtual thread follows the device and opens or closes the listener, one accepts while it
 * listens, two per connection pump.
 */
final class ServicePort implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ServicePort.class);
    /** How often the gate wakes while the device is down, and waits before asking again after a failed check. */
    private static final Duration CHECK_PERIOD = Duration.ofSeconds(1);
    /** How often {@link #awaitSettled} looks at the device again. */
    private static final Duration SETTLE_POLL = Duration.ofMillis(50);

    /** {@link #listenState()} while connections are taken. */
    static final String LISTENING = "listening";

    /** What the gate found when it last looked at the device's services. */
    private enum Check { SERVED, MISSING, UNKNOWN }

    private final PortSpec spec;
    private final DeviceSupervisor device;
    private final RecentJobs jobs;
    private final int port;
    private final List<PortConnection> connections = new CopyOnWriteArrayList<>();
    private final AtomicInteger accepted = new AtomicInteger();
    private final Thread gate;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    // Guarded by lock.
    private ServerSocketChannel server;
    private String refusal;
    /** The conversation the current listening or refusing was decided for; null while the device is down. */
    private Dot4Host settledFor;
    private boolean closed;

    private ServicePort(PortSpec spec, DeviceSupervisor device, RecentJobs jobs, int port) {
        this.spec = spec;
        this.device = device;
        this.jobs = jobs;
        this.port = port;
        this.refusal = "waiting for device " + deviceName();
        this.gate = Thread.ofVirtual().name("dot4-port-gate " + spec).unstarted(this::gateLoop);
    }

    /**
     * Checks that {@code 127.0.0.1:port} can be bound (choosing the number for port 0), then listens on it whenever
     * the device is up and has the service. Every connection, once it ended, goes to {@code jobs}.
     *
     * @throws IOException when the port is taken, saying which
     */
    static ServicePort open(PortSpec spec, DeviceSupervisor device, RecentJobs jobs) throws IOException {
        int bound;
        try (ServerSocketChannel probe = bind(spec.port(), spec)) {
            bound = probe.socket().getLocalPort();
        }
        ServicePort port = new ServicePort(spec, device, jobs, bound);
        port.gate.start();
        log.info("service port {} will listen on 127.0.0.1:{} while device {} is up and has {}", spec, bound,
                port.deviceName(), spec.service());
        return port;
    }

    /** The configuration, with the device resolved. */
    PortSpec spec() {
        return spec;
    }

    /** The TCP port (the configured one, or the one chosen at start for 0). */
    int localPort() {
        return port;
    }

    /** Connections being served. */
    int activeConnections() {
        return connections.size();
    }

    /** "listening", or why connections are refused now; for status reports. */
    String listenState() {
        lock.lock();
        try {
            return server != null ? LISTENING : "refusing connections: " + refusal;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits until the port has decided, for the device's current conversation, whether to listen; false at the
     * deadline or when the device is down.
     */
    boolean awaitSettled(Deadline deadline) throws InterruptedException {
        while (true) {
            Dot4Host current = device.host().orElse(null);     // asked outside the lock: the device has its own
            lock.lock();
            try {
                if (closed) {
                    return false;
                }
                if (current != null && settledFor == current) {
                    return true;
                }
                long left = deadline.remainingNanos();
                if (left <= 0) {
                    return false;
                }
                // Bounded: the device may come up again without this port's gate signalling.
                changed.awaitNanos(Math.min(left, SETTLE_POLL.toNanos()));
            } finally {
                lock.unlock();
            }
        }
    }

    /** Stops listening and ends every connection. */
    @Override
    public void close() {
        lock.lock();
        try {
            closed = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        gate.interrupt();
        stopListening("the daemon is stopping", null);
        connections.forEach(PortConnection::close);
    }

    /** Follows the device: listens while it is up and has the service, refuses otherwise. */
    private void gateLoop() {
        try {
            while (!isClosed()) {
                if (!device.awaitUp(CHECK_PERIOD)) {
                    stopListening("device " + deviceName() + " is down", null);
                    continue;
                }
                Dot4Host host = device.host().orElse(null);
                if (host == null) {
                    continue;
                }
                switch (check(host)) {
                    case SERVED -> {
                        if (startListening(host)) {
                            host.awaitDown();
                            stopListening("device " + deviceName() + " is down", null);
                        } else {
                            Thread.sleep(CHECK_PERIOD);
                        }
                    }
                    case MISSING -> host.awaitDown();
                    case UNKNOWN -> Thread.sleep(CHECK_PERIOD);
                }
            }
        } catch (InterruptedException e) {
            // close() ends the gate.
        }
    }

    /** Whether {@code host} has the service; refuses with the reason when it has not or cannot tell. */
    private Check check(Dot4Host host) {
        try {
            if (host.socketIdOf(spec.service()).isPresent()) {
                return Check.SERVED;
            }
            log.warn("service port {}: device {} has no service {}; 127.0.0.1:{} refuses connections", spec,
                    deviceName(), spec.service(), port);
            stopListening("device " + deviceName() + " has no service " + spec.service(), host);
            return Check.MISSING;
        } catch (Dot4Exception e) {
            if (e.status() != NtStatus.STATUS_DEVICE_NOT_CONNECTED) {
                log.warn("service port {}: cannot ask device {} for {}: {}; retrying", spec, deviceName(),
                        spec.service(), e.getMessage());
            }
            stopListening("cannot ask device " + deviceName() + " for " + spec.service() + ": " + e.getMessage(), null);
            return Check.UNKNOWN;
        }
    }

    /** Binds the port for {@code host}'s conversation and starts accepting; false when it cannot be bound. */
    private boolean startListening(Dot4Host host) {
        ServerSocketChannel listening;
        try {
            listening = bind(port, spec);
        } catch (IOException e) {
            log.warn("service port {}: {}; retrying", spec, e.getMessage());
            stopListening(e.getMessage(), null);
            return false;
        }
        lock.lock();
        try {
            if (closed) {
                closeQuietly(listening);
                return false;
            }
            server = listening;
            settledFor = host;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        Thread.ofVirtual().name("dot4-port " + spec).start(() -> acceptLoop(listening));
        log.info("service port {} listening on 127.0.0.1:{}", spec, port);
        return true;
    }

    /** Closes the listener (if any) so connecting is refused, saying why in status reports. */
    private void stopListening(String why, Dot4Host decidedFor) {
        ServerSocketChannel was;
        lock.lock();
        try {
            was = server;
            server = null;
            refusal = why;
            settledFor = decidedFor;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        if (was != null) {
            closeQuietly(was);
            log.info("service port {}: {}; 127.0.0.1:{} refuses connections", spec, why, port);
        }
    }

    private void acceptLoop(ServerSocketChannel listening) {
        AcceptBackoff backoff = new AcceptBackoff(log, "service port " + spec);
        while (listening.isOpen()) {
            SocketChannel socket;
            try {
                socket = listening.accept();
            } catch (IOException | RuntimeException e) {
                if (!listening.isOpen() || !backoff.failed(e)) {
                    return;
                }
                continue;
            }
            backoff.succeeded();
            int number = accepted.incrementAndGet();
            // Opening the channel waits for the device: one slow or failing connection must not hold up the next.
            Thread.ofVirtual().name("dot4-open " + spec + " #" + number).start(() -> serve(socket, number));
        }
    }

    private void serve(SocketChannel socket, int number) {
        String name = "port " + spec + " #" + number;
        Instant accepted = Instant.now();
        try {
            Dot4Host host = device.requireHost();
            PortConnection connection = PortConnection.open(name, spec.toString(), socket, host, spec.service(),
                    this::ended);
            connections.add(connection);
            if (isClosed()) {
                connection.close();     // the port closed meanwhile
                return;
            }
            connection.start();
        } catch (Dot4Exception | RuntimeException e) {
            log.warn("{}: resetting the TCP connection, nothing was sent to the device: {}", name, e.getMessage());
            reset(socket);
            jobs.add(new RecentJobs.Job(spec.toString(), name, accepted, Duration.between(accepted, Instant.now()), 0, 0,
                    false, "no channel: " + e.getMessage()));
        }
    }

    private void ended(PortConnection connection) {
        connections.remove(connection);
        jobs.add(connection.job());
    }

    /** Closes with a TCP reset, so the client sees a failure rather than a normal end of its job. */
    static void reset(SocketChannel socket) {
        try {
            socket.setOption(StandardSocketOptions.SO_LINGER, 0);
        } catch (IOException e) {
            log.debug("SO_LINGER: {}", e.getMessage());
        }
        try {
            socket.close();
        } catch (IOException e) {
            log.debug("close: {}", e.getMessage());
        }
    }

    private static ServerSocketChannel bind(int port, PortSpec spec) throws IOException {
        ServerSocketChannel server = ServerSocketChannel.open();
        try {
            server.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            return server;
        } catch (IOException e) {
            server.close();
            throw new IOException("cannot listen on 127.0.0.1:" + port + " for " + spec + ": " + e.getMessage()
                    + "; is another program using that port?", e);
        }
    }

    private String deviceName() {
        return spec.device().orElse("?");
    }

    private boolean isClosed() {
        lock.lock();
        try {
            return closed;
        } finally {
            lock.unlock();
        }
    }

    private static void closeQuietly(ServerSocketChannel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            log.debug("closing a listener: {}", e.getMessage());
        }
    }
}
