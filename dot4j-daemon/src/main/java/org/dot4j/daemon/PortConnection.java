package org.dot4j.daemon;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.dot4j.api.ChannelType;
import org.dot4j.api.CreateSocketData;
import org.dot4j.api.Dot4Constants;
import org.dot4j.api.Dot4Exception;
import org.dot4j.api.IoResult;
import org.dot4j.driver.Dot4Host;
import org.dot4j.driver.HostClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One TCP connection on a {@link ServicePort}, bridged to its own stream channel: bytes flow both ways, and
 * closing either end closes the other.
 *
 * <ul>
 *   <li>TCP EOF (the client shut down its output, as {@code nc -N} and CUPS's socket backend do): every byte
 *       received is delivered to the peripheral, however long its credit takes, then the channel is closed and
 *       with it the TCP connection.</li>
 *   <li>The peripheral closed the channel: what it sent is written out, the TCP output is shut down and the
 *       connection closed.</li>
 *   <li>The device went down or the TCP connection broke: everything is closed at once.</li>
 * </ul>
 *
 * <p>Thread-safe: one virtual thread pumps each direction; {@link #close()} may come from any thread.
 */
final class PortConnection implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(PortConnection.class);
    /** Bytes moved per read in either direction. */
    private static final int CHUNK = 64 * 1024;
    /** Receive buffer of the channel: four default packets in flight. */
    private static final long CHANNEL_BUFFER = 64 * 1024;

    private final String name;
    private final SocketChannel socket;
    private final HostClient client;
    private final int handle;
    private final Consumer<PortConnection> onEnd;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AtomicLong toDevice = new AtomicLong();
    private final AtomicLong fromDevice = new AtomicLong();

    private PortConnection(String name, SocketChannel socket, HostClient client, int handle,
                           Consumer<PortConnection> onEnd) {
        this.name = name;
        this.socket = socket;
        this.client = client;
        this.handle = handle;
        this.onEnd = onEnd;
    }

    /**
     * Opens a channel on {@code service} for {@code socket}.
     *
     * @param name the client name shown in status reports
     * @param onEnd called once when the connection is over
     * @throws Dot4Exception when the socket or channel cannot be made (the caller closes the TCP connection)
     */
    static PortConnection open(String name, SocketChannel socket, Dot4Host host, String service,
                               Consumer<PortConnection> onEnd) throws Dot4Exception {
        HostClient client = host.newClient(name);
        try {
            // 0 packet sizes ask the driver for its defaults.
            int hostSocket = client.createSocket(CreateSocketData.forService(service, ChannelType.STREAM,
                    CHANNEL_BUFFER, 0, 0)).hostSocketId();
            int handle = client.openChannel(hostSocket, false);
            log.info("{}: connected to {} on channel {}", name, service, handle);
            return new PortConnection(name, socket, client, handle, onEnd);
        } catch (Dot4Exception e) {
            client.close();
            throw e;
        }
    }

    /** Starts pumping both directions. */
    void start() {
        Thread.ofVirtual().name("dot4-up " + name).start(this::toDevice);
        Thread.ofVirtual().name("dot4-down " + name).start(this::fromDevice);
    }

    /** Closes the TCP connection and the channel; idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            socket.close();
        } catch (IOException e) {
            log.debug("{}: {}", name, e.getMessage());
        }
        client.close();
        onEnd.accept(this);
        log.info("{}: closed after {} bytes to the device and {} back", name, toDevice.get(), fromDevice.get());
    }

    private void toDevice() {
        ByteBuffer buffer = ByteBuffer.allocate(CHUNK);
        try {
            while (true) {
                buffer.clear();
                int n = socket.read(buffer);
                if (n < 0) {
                    break;
                }
                IoResult r = client.write(handle, buffer.array(), 0, n, Dot4Constants.INFINITE);
                toDevice.addAndGet(r.bytes());
            }
            client.closeChannel(handle);    // drains first; the other pump sees the end and closes the TCP connection
        } catch (IOException e) {
            if (!closed.get()) {
                log.info("{}: {}", name, e.getMessage());
            }
            close();
        }
    }

    private void fromDevice() {
        byte[] buffer = new byte[CHUNK];
        try {
            while (true) {
                IoResult r = client.read(handle, buffer, 0, buffer.length, Dot4Constants.INFINITE);
                if (r.isEndOfChannel()) {
                    socket.shutdownOutput();
                    break;
                }
                ByteBuffer out = ByteBuffer.wrap(buffer, 0, r.bytes());
                while (out.hasRemaining()) {
                    socket.write(out);
                }
                fromDevice.addAndGet(r.bytes());
            }
        } catch (IOException e) {
            // CANCELLED after our own close of the channel is the normal end of a job.
            log.debug("{}: {}", name, e.getMessage());
        }
        close();
    }
}
