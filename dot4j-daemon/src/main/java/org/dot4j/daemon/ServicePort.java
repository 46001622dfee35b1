package org.dot4j.daemon;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
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

    private final PortSpec spec;
    private final DeviceSupervisor device;
    private final ServerSocketChannel server;
    private final List<PortConnection> connections = new CopyOnWriteArrayList<>();
    private final AtomicInteger accepted = new AtomicInteger();
    private final Thread acceptor;

    private ServicePort(PortSpec spec, DeviceSupervisor device, ServerSocketChannel server) {
        this.spec = spec;
        this.device = device;
        this.server = server;
        this.acceptor = Thread.ofVirtual().name("dot4-port " + spec).unstarted(this::acceptLoop);
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
        connections.forEach(PortConnection::close);
    }

    private void acceptLoop() {
        while (server.isOpen()) {
            SocketChannel socket;
            try {
                socket = server.accept();
            } catch (IOException e) {
                if (server.isOpen()) {
                    log.warn("service port {}: accept failed: {}", spec, e.getMessage());
                }
                continue;
            }
            serve(socket, accepted.incrementAndGet());
        }
    }

    private void serve(SocketChannel socket, int number) {
        String name = "port " + spec + " #" + number;
        try {
            Dot4Host host = device.requireHost();
            PortConnection connection = PortConnection.open(name, socket, host, spec.service(), connections::remove);
            connections.add(connection);
            connection.start();
        } catch (Dot4Exception e) {
            log.warn("{}: closing the TCP connection at once: {}", name, e.getMessage());
            try {
                socket.close();
            } catch (IOException ignored) {
                // Closing is all we wanted.
            }
        }
    }
}
