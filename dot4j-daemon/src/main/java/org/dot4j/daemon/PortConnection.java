package org.dot4j.daemon;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.dot4j.api.ChannelType;
import org.dot4j.api.CreateSocketData;
import org.dot4j.api.Dot4Constants;
import org.dot4j.api.Dot4Exception;
import org.dot4j.api.IoResult;
import org.dot4j.api.NtStatus;
import org.dot4j.driver.Dot4Host;
import org.dot4j.driver.HostClient;
import org.dot4j.engine.ChannelStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One TCP connection on a {@link ServicePort}, bridged to its own stream channel. One pump per direction moves the
 * bytes; how the connection ends is decided in one place ({@link #end}) from the state of both directions:
 *
 * <ul>
 *   <li>The client shut down its output (TCP FIN, as {@code nc -N} and CUPS's socket backend do): that ends only
 *       the client-to-device direction. The device's data keeps flowing back; once the device has been quiet for
 *       {@link #REPLY_GRACE} ({@link #ANSWER_PAUSE} once it has answered) and is taking no more queued data, the
 *       channel is closed, which delivers every byte the client sent, and then the TCP connection is closed
 *       normally.</li>
 *   <li>The device closed the channel: what it sent is written out, then the TCP connection is closed normally.</li>
 *   <li>Anything else (the device went down, the channel could not take or deliver the data, the client's
 *       connection broke): the TCP connection is reset, so the client sees that its job was not delivered whole
 *       rather than a normal end.</li>
 * </ul>
 *
 * <p>Thread-safe: one virtual thread pumps each direction; {@link #close()} may come from any thread. The state is
 * guarded by {@code this}; no I/O or logging happens while holding it.
 */
final class PortConnection implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(PortConnection.class);
    /** Bytes moved per read in either direction. */
    private static final int CHUNK = 64 * 1024;
    /** Receive buffer of the channel: four default packets in flight. */
    private static final long CHANNEL_BUFFER = 64 * 1024;
    /**
     * After the client's FIN, how long the device may stay silent before the channel is closed: 1284.4 has no
     * half-close, so this is the time a device gets to start answering the last request (a scan, an echo, a PJL
     * status); every new byte from the device restarts it.
     */
    static final Duration REPLY_GRACE = Duration.ofMillis(500);
    /**
     * After the client's FIN, how long an answer the device has started may pause before the channel is closed.
     * Longer than {@link #REPLY_GRACE}: a scan paused by a busy machine (seen: over 500 ms on two loaded cores) must
     * not be cut, while a print job, which gets nothing back, still ends quickly.
     */
    static final Duration ANSWER_PAUSE = Duration.ofSeconds(3);
    /** How long a normal end waits for the device's last data to be written to the client. */
    private static final Duration DOWNSTREAM_FLUSH = Duration.ofSeconds(10);

    /** Where the connection is; each state is entered once, in this order (any may jump to ENDED). */
    private enum State {
        /** Both directions flowing. */
        OPEN,
        /** The client sent FIN; everything it sent is in the channel; the device may still answer. */
        CLIENT_DONE,
        /** Closing the channel, which delivers what is queued; the downstream pump's end is expected now. */
        CLOSING_CHANNEL,
        /** Over: decided by {@link #end}. */
        ENDED
    }

    /** How a connection ended, as the client is told. */
    private enum Outcome {
        /** Every byte delivered both ways: a normal TCP close. */
        DELIVERED,
        /** The job could not be delivered whole: a TCP reset. */
        FAILED
    }

    private final String name;
    private final SocketChannel socket;
    private final Dot4Host host;
    private final HostClient client;
    private final int handle;
    /** The engine's id of the channel, which keeps its counters after the link went down (the handle does not). */
    private final long channelId;
    private final Consumer<PortConnection> onEnd;
    private final String port;
    private final Instant opened = Instant.now();
    private final Thread downstream;
    private final Thread upstream;
    // Guarded by this.
    private State state = State.OPEN;
    private long lastActivityNanos;
    private long written;
    private long fromDevice;
    private long sentSnapshot;
    /** How it ended; set once by {@link #end}. */
    private RecentJobs.Job job;

    private PortConnection(String name, String port, SocketChannel socket, Dot4Host host, HostClient client,
                           int handle, long channelId, Consumer<PortConnection> onEnd) {
        this.name = name;
        this.port = port;
        this.socket = socket;
        this.host = host;
        this.client = client;
        this.handle = handle;
        this.channelId = channelId;
        this.onEnd = onEnd;
        this.lastActivityNanos = System.nanoTime();
        this.downstream = Thread.ofVirtual().name("dot4-down " + name).unstarted(this::fromDevice);
        this.upstream = Thread.ofVirtual().name("dot4-up " + name).unstarted(this::toDevice);
    }

    /**
     * Opens a channel on {@code service} for {@code socket}.
     *
     * @param name the client name shown in status reports; unique among the host's clients
     * @param port the service port, as the job list names it
     * @param onEnd called once when the connection is over, when {@link #job()} tells how
     * @throws Dot4Exception when the socket or channel cannot be made (the caller resets the TCP connection)
     */
    static PortConnection open(String name, String port, SocketChannel socket, Dot4Host host, String service,
                               Consumer<PortConnection> onEnd) throws Dot4Exception {
        HostClient client = host.newClient(name);
        try {
            // 0 packet sizes ask the driver for its defaults.
            int hostSocket = client.createSocket(CreateSocketData.forService(service, ChannelType.STREAM,
                    CHANNEL_BUFFER, 0, 0)).hostSocketId();
            int handle = client.openChannel(hostSocket, false);
            long channelId = host.channels().stream().filter(s -> name.equals(host.ownerOf(s.channelId())))
                    .findFirst().map(ChannelStatus::channelId).orElse(-1L);
            log.info("{}: connected to {} on channel {}", name, service, handle);
            return new PortConnection(name, port, socket, host, client, handle, channelId, onEnd);
        } catch (Dot4Exception e) {
            client.close();
            throw e;
        }
    }

    /** Starts pumping both directions. */
    void start() {
        downstream.start();
        upstream.start();
    }

    /** How the connection ended, for the job list; null until it has. */
    synchronized RecentJobs.Job job() {
        return job;
    }

    /** Ends the connection at once (the daemon is stopping): a reset unless it already ended. */
    @Override
    public void close() {
        end(Outcome.FAILED, "the daemon is stopping");
    }

    private void toDevice() {
        ByteBuffer buffer = ByteBuffer.allocate(CHUNK);
        try {
            for (int n = socket.read(buffer); n >= 0; n = socket.read(buffer)) {
                IoResult r = client.write(handle, buffer.array(), 0, n, Dot4Constants.INFINITE);
                if (r.status() != NtStatus.STATUS_SUCCESS) {
                    throw new Dot4Exception(r.status(), "the channel took " + r.bytes() + " of " + n + " bytes");
                }
                synchronized (this) {
                    written += n;
                }
                buffer.clear();
            }
        } catch (Dot4Exception e) {
            end(Outcome.FAILED, "writing to the device failed: " + e.getMessage());
            return;
        } catch (IOException e) {
            end(Outcome.FAILED, "the client's connection broke: " + e.getMessage());
            return;
        }
        if (enter(State.OPEN, State.CLIENT_DONE)) {
            closeChannelOnceQuiet();
        }
    }

    private void fromDevice() {
        byte[] buffer = new byte[CHUNK];
        try {
            while (true) {
                IoResult r = client.read(handle, buffer, 0, buffer.length, Dot4Constants.INFINITE);
                if (r.isEndOfChannel()) {
                    break;
                }
                ByteBuffer out = ByteBuffer.wrap(buffer, 0, r.bytes());
                while (out.hasRemaining()) {
                    socket.write(out);
                }
                synchronized (this) {
                    fromDevice += r.bytes();
                    lastActivityNanos = System.nanoTime();
                }
            }
        } catch (Dot4Exception e) {
            // Closing the channel ends this read too (CANCELLED): that is the normal end, not a failure.
            if (!stateIs(State.CLOSING_CHANNEL)) {
                end(Outcome.FAILED, "reading from the device failed: " + e.getMessage());
            }
            return;
        } catch (IOException e) {
            end(Outcome.FAILED, "the client's connection broke: " + e.getMessage());
            return;
        }
        // The device closed the channel: it has said all it will, and can take nothing more.
        if (!stateIs(State.CLOSING_CHANNEL)) {
            end(Outcome.DELIVERED, "the device closed the channel");
        }
    }

    /** After the client's FIN: waits until the device is quiet and takes no more, then closes the channel. */
    private void closeChannelOnceQuiet() {
        long sentBefore = -1;
        while (awaitDeviceQuiet()) {
            Optional<ChannelStatus> status = channelStatus();
            status.ifPresent(this::remember);
            boolean draining = status.isPresent() && status.get().queuedToSend() > 0
                    && status.get().bytesSent() != sentBefore;
            if (!draining) {
                break;
            }
            // The device still takes queued data: wait for it, as its answer may follow.
            sentBefore = status.get().bytesSent();
        }
        if (!enter(State.CLIENT_DONE, State.CLOSING_CHANNEL)) {
            return;
        }
        try {
            client.closeChannel(handle);    // delivers what is queued, or throws: then the job is not whole
            synchronized (this) {
                sentSnapshot = written;     // all of it, as closeChannel returned
            }
            end(Outcome.DELIVERED, "the client ended its job");
        } catch (Dot4Exception e) {
            end(Outcome.FAILED, "closing the channel failed, the job was not delivered whole: " + e.getMessage());
        }
    }

    /**
     * Waits while the client is done until the device was silent for the grace period ({@link #REPLY_GRACE}, or
     * {@link #ANSWER_PAUSE} once it has sent something); false if it ended.
     */
    private synchronized boolean awaitDeviceQuiet() {
        long quietSince = System.nanoTime();
        while (state == State.CLIENT_DONE) {
            // nanoTime values are compared by difference only: they may be negative.
            long since = lastActivityNanos - quietSince > 0 ? lastActivityNanos : quietSince;
            long grace = (fromDevice > 0 ? ANSWER_PAUSE : REPLY_GRACE).toNanos();
            long left = since + grace - System.nanoTime();
            if (left <= 0) {
                return true;
            }
            try {
                TimeUnit.NANOSECONDS.timedWait(this, left);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return false;
    }

    /**
     * The one place a connection ends: the first caller decides, later ones return. A normal end lets the
     * device's last data reach the client and closes; a failure resets the connection.
     */
    private void end(Outcome outcome, String reason) {
        synchronized (this) {
            if (state == State.ENDED) {
                return;
            }
            state = State.ENDED;
            notifyAll();
        }
        channelStatus().ifPresent(this::remember);
        client.close();         // ends both pumps' channel calls
        if (outcome == Outcome.DELIVERED) {
            awaitDownstream();
        }
        closeSocket(outcome == Outcome.FAILED);
        long taken;
        long back;
        long received;
        synchronized (this) {
            taken = sentSnapshot;
            back = fromDevice;
            received = written;
            job = new RecentJobs.Job(port, name, opened, Duration.between(opened, Instant.now()), taken, back,
                    outcome == Outcome.DELIVERED, reason);
        }
        onEnd.accept(this);
        if (outcome == Outcome.DELIVERED) {
            log.info("{}: {}: done after {} bytes taken by the device and {} back", name, reason, taken, back);
        } else {
            log.warn("{}: {}; resetting the TCP connection after {} of the {} bytes from the client went to the device"
                    + " and {} came back", name, reason, taken, received, back);
        }
    }

    private void awaitDownstream() {
        try {
            if (downstream != Thread.currentThread() && !downstream.join(DOWNSTREAM_FLUSH)) {
                log.info("{}: the client read nothing for {} s; closing", name, DOWNSTREAM_FLUSH.toSeconds());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void closeSocket(boolean reset) {
        if (reset) {
            ServicePort.reset(socket);
            return;
        }
        try {
            socket.shutdownOutput();
        } catch (IOException e) {
            log.debug("{}: {}", name, e.getMessage());
        }
        try {
            socket.close();
        } catch (IOException e) {
            log.debug("{}: {}", name, e.getMessage());
        }
    }

    private synchronized boolean enter(State from, State to) {
        if (state != from) {
            return false;
        }
        state = to;
        notifyAll();
        return true;
    }

    private synchronized boolean stateIs(State s) {
        return state == s;
    }

    private synchronized void remember(ChannelStatus status) {
        sentSnapshot = status.bytesSent();
    }

    /** This connection's channel as the engine counts it, also after the link went down; empty once it is closed. */
    private Optional<ChannelStatus> channelStatus() {
        return host.channels().stream().filter(s -> s.channelId() == channelId).findFirst();
    }
}
