package org.dot4j.daemon;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.dot4j.api.Dot4Exception;
import org.dot4j.driver.Dot4Host;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A loopback TCP port for one service of one device, e.g. PRINT on 127.0.0.1:9100, so tools that speak raw
 * TCP (nc, CUPS's socket backend) can use a DOT4 device. Each accepted connection becomes a
 * {@link PortConnection} with its own channel. Only the loopback address is bound: other machines cannot reach
 * the device through the daemon.
 *
 * <p>Thread-safe: one virtual thread accepts, two per connection pump.
 */
final class ServicePort implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ServicePort.class);
    /** How often the service check wakes while the device is down, to notice the port closing. */
    private static final Duration SERVICE_CHECK_PERIOD = Duration.ofSeconds(1);

    private final PortSpec spec;
    private final DeviceSupervisor device;
    private final ServerSocketChannel server;
    private final List<PortConnection> connections = new CopyOnWriteArrayList<>();
    private final AtomicInteger accepted = new AtomicInteger();
    private final Thread acceptor;
    private final Thread serviceCheck;

    private ServicePort(PortSpec spec, DeviceSupervisor device, ServerSocketChannel server) {
        this.spec = spec;
        this.device = device;
        this.server = server;
        this.acceptor = Thread.ofVirtual().name("dot4-port " + spec).unstarted(this::acceptLoop);
        this.serviceCheck = Thread.ofVirtual().name("dot4-port-check " + spec).unstarted(this::checkServiceLoop);
    }

    /**
     * Binds {@code 127.0.0.1:port} and starts accepting.
     *
     * @throws IOException when the port is taken, saying which
     */
    static ServicePort open(PortSpec spec, DeviceSupervisor device) throws IOException {
        ServerSocketChannel server = ServerSocketChannel.open();
        try {
            server.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), spec.port()));
        } catch (IOException e) {
            server.close();
            throw new IOException("cannot listen on 127.0.0.1:" + spec.port() + " for " + spec + ": " + e.getMessage()
                    + "; is another program using that port?", e);
        }
        ServicePort port = new ServicePort(spec, device, server);
        port.acceptor.start();
        port.serviceCheck.start();
        log.info("service port {} listening on 127.0.0.1:{}", spec, port.localPort());
        return port;
    }

    /** The configuration, with the device resolved. */
    PortSpec spec() {
        return spec;
    }

    /** The bound TCP port (the configured one, or the one the system chose for 0). */
    int localPort() {
        return server.socket().getLocalPort();
    }

    /** Connections being served. */
    int activeConnections() {
        return connections.size();
    }

    /** Stops accepting and ends every connection. */
    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException e) {
            log.debug("closing port {}: {}", spec, e.getMessage());
        }
        serviceCheck.interrupt();
        connections.forEach(PortConnection::close);
    }

    private void acceptLoop() {
        AcceptBackoff backoff = new AcceptBackoff(log, "service port " + spec);
        while (server.isOpen()) {
            SocketChannel socket;
            try {
                socket = server.accept();
            } catch (IOException | RuntimeException e) {
                if (!server.isOpen() || !backoff.failed(e)) {
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
        try {
            Dot4Host host = device.requireHost();
            PortConnection connection = PortConnection.open(name, socket, host, spec.service(), connections::remove);
            connections.add(connection);
            if (!server.isOpen()) {
                connection.close();     // the port closed meanwhile
                return;
            }
            connection.start();
        } catch (Dot4Exception | RuntimeException e) {
            log.warn("{}: resetting the TCP connection, nothing was sent to the device: {}", name, e.getMessage());
            reset(socket);
        }
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

    /** Each time the device comes up, warns when it lacks this port's service: every connection would fail. */
    private void checkServiceLoop() {
        while (server.isOpen()) {
            try {
                if (!device.awaitUp(SERVICE_CHECK_PERIOD)) {
                    continue;
                }
                Dot4Host host = device.requireHost();
                if (host.socketIdOf(spec.service()).isEmpty()) {
                    log.warn("service port {}: device {} has no service {}; connections to 127.0.0.1:{} will be reset",
                            spec, spec.device().orElse("?"), spec.service(), localPort());
                }
                host.awaitDown();
            } catch (Dot4Exception e) {
                log.debug("service port {}: checking the service: {}", spec, e.getMessage());
            } catch (InterruptedException e) {
                return;
            }
        }
    }
}
