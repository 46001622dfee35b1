package org.dot4j.daemon;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import jdk.net.ExtendedSocketOptions;
import jdk.net.UnixDomainPrincipal;
import org.dot4j.api.Dot4Exception;
import org.dot4j.api.DriverCommand;
import org.dot4j.api.Ioctl;
import org.dot4j.api.NtStatus;
import org.dot4j.capture.TraceBuffer;
import org.dot4j.daemon.ControlProtocol.MalformedFrameException;
import org.dot4j.daemon.ControlProtocol.Reply;
import org.dot4j.daemon.ControlProtocol.Request;
import org.dot4j.driver.Dot4Host;
import org.dot4j.driver.HostClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One connection on the control socket: reads request frames, runs each on a virtual thread (so a READ blocking on
 * one channel does not hold up a WRITE on another; the WRITEs of one channel handle run in order, see
 * {@link WriteLanes}), and writes the replies. On every device it uses
 * it has its own {@link HostClient}, so the driver keeps its sockets and channels apart from everyone else's.
 * When the connection ends — EOF, an I/O error, or a malformed frame — everything it opened is closed on the
 * devices and its pending requests are cancelled; other connections are untouched.
 *
 * <p>Thread-safe: one reader thread, many request threads; replies are written under a lock.
 */
final class ClientSession implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ClientSession.class);
    /** Requests one client may have running at once; more are refused so one client cannot exhaust the daemon. */
    static final int MAX_IN_FLIGHT = 64;

    /**
     * This client's view of one device.
     *
     * @param name the device name
     * @param host the conversation the client belongs to
     * @param client the driver's client
     */
    record DeviceClient(String name, Dot4Host host, HostClient client) {}

    private final int number;
    private final SocketChannel channel;
    private final ControlServer server;
    private final String peer;
    private final ClientQuota quota;
    private final RequestHandler handler;
    private final ReentrantLock writeLock = new ReentrantLock();
    private final Map<String, DeviceClient> devices = new LinkedHashMap<>();
    private final Set<Thread> inFlight = ConcurrentHashMap.newKeySet();
    /** WRITEs per channel handle, run in arrival order. */
    private final WriteLanes<RequestHandler.Progress> writes;
    /** This client's traces ({@code dot4 ctl trace}), by device name; stopped when the connection ends. */
    private final Map<String, ClientTrace> traces = new ConcurrentHashMap<>();
    private volatile long pid;
    private boolean closed;

    ClientSession(int number, SocketChannel channel, ControlServer server, DaemonConfig.Limits limits) {
        this.number = number;
        this.channel = channel;
        this.server = server;
        this.peer = peerCredentials(channel);
        this.quota = new ClientQuota(limits, server.sharedQuota(), peer);
        this.handler = new RequestHandler(this, limits);
        this.writes = new WriteLanes<>(p -> send(handler.finishWrite(p)), this::startWorker);
    }

    /** {@code #N pid:P uid:U}: the connection number, the pid the client gave in HELLO, the peer's user. */
    String name() {
        long p = pid;
        return "#" + number + (p > 0 ? " pid:" + p : "") + " " + peer;
    }

    /** The client's holdings against its limits. */
    ClientQuota quota() {
        return quota;
    }

    /** Records the pid a client gave in HELLO (self-reported; the uid comes from the kernel). */
    void introduce(long clientPid) {
        pid = clientPid;
    }

    /** The daemon's status report. */
    String statusReport() {
        return server.statusReport();
    }

    /** Every device the daemon serves, in configuration order. */
    List<DaemonDevice> devices() {
        return server.devices().stream().map(d -> new DaemonDevice(d.spec().name(), d.spec().uri().toString(),
                d.state().up())).toList();
    }

    /**
     * The next bytes of this client's trace of {@code deviceName}, started by the first call: at most {@code max},
     * waiting up to {@code waitMillis} for some.
     */
    TraceBuffer.Taken trace(String deviceName, int max, long waitMillis) throws Dot4Exception {
        DeviceSupervisor supervisor = server.device(deviceName);
        ClientTrace trace = traces.computeIfAbsent(supervisor.spec().name(), name -> ClientTrace.start(supervisor));
        synchronized (devices) {
            if (closed) {
                trace.stop();
                throw new Dot4Exception(NtStatus.STATUS_CANCELLED, "the control connection is closing");
            }
        }
        try {
            return trace.buffer().take(max, waitMillis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw Dot4Exception.cancelled("TRACE of " + deviceName + " (the connection closed)");
        }
    }

    /** The named device's link, revision and services (asks the device; see {@link DeviceProbe}). */
    DeviceProbe probe(String deviceName) throws Dot4Exception {
        DeviceSupervisor supervisor = server.device(deviceName);
        return DeviceProbe.of(supervisor, supervisor.requireHost());
    }

    /** Reads and dispatches requests until the connection ends, then closes the session. */
    void run() {
        ControlProtocol.FrameReader frames = new ControlProtocol.FrameReader();
        try {
            while (true) {
                ByteBuffer body = frames.next(channel);
                if (body == null) {
                    log.debug("control client {} disconnected", name());
                    return;
                }
                dispatch(ControlProtocol.decodeRequest(body));
            }
        } catch (MalformedFrameException e) {
            log.warn("control client {} sent a malformed frame ({}); dropping that client", name(), e.getMessage());
        } catch (IOException e) {
            if (channel.isOpen()) {
                log.info("control client {} disconnected: {}", name(), e.getMessage());
            }
        } finally {
            close();
        }
    }

    /**
     * This client's view of a device, made on first use and remade when the device reconnected.
     *
     * @param deviceName the name in the request; empty for the first device
     * @throws Dot4Exception STATUS_NO_SUCH_DEVICE for an unknown name, STATUS_DEVICE_NOT_CONNECTED while it is down
     */
    DeviceClient device(String deviceName) throws Dot4Exception {
        DeviceSupervisor supervisor = server.device(deviceName);
        String name = supervisor.spec().name();
        Dot4Host host = supervisor.requireHost();
        synchronized (devices) {
            if (closed) {
                throw Dot4Exception.cancelled("request of closed client " + name());
            }
            DeviceClient current = devices.get(name);
            if (current != null && current.host() == host) {
                return current;
            }
            if (current != null) {
                // The device reconnected: the old conversation and every handle in it are gone.
                current.client().close();
                quota.forgetDevice(name);
            }
            DeviceClient fresh = new DeviceClient(name, host, host.newClient(name()));
            devices.put(name, fresh);
            return fresh;
        }
    }

    /** This client in the status report. */
    StatusReport.Client status() {
        return new StatusReport.Client(name(), quota.channels(), quota.bufferedBytes(), inFlight.size());
    }

    /** Ends the connection, closes every channel and socket of this client, and cancels its pending requests. */
    @Override
    public void close() {
        List<DeviceClient> held;
        synchronized (devices) {
            if (closed) {
                return;
            }
            closed = true;
            held = new ArrayList<>(devices.values());
            devices.clear();
        }
        try {
            channel.close();
        } catch (IOException e) {
            log.debug("closing control client {}: {}", name(), e.getMessage());
        }
        int channels = quota.channels();
        for (DeviceClient device : held) {
            device.client().close();
        }
        quota.releaseAll();
        traces.values().forEach(ClientTrace::stop);
        writes.clear();
        inFlight.forEach(Thread::interrupt);
        server.removed(this);
        log.info("control client {} closed; released {} channel(s)", name(), channels);
    }

    private void dispatch(Request request) {
        // Checked by the one thread that dispatches, so the count can only have fallen since.
        if (inFlight.size() + writes.waiting() >= MAX_IN_FLIGHT) {
            Dot4Exception busy = Dot4Exception.insufficientResources("concurrent requests (at most " + MAX_IN_FLIGHT
                    + " per client)");
            send(new Reply(request.requestId(), NtStatus.STATUS_INSUFFICIENT_RESOURCES.value(), 0,
                    busy.getMessage().getBytes(java.nio.charset.StandardCharsets.UTF_8)));
            return;
        }
        OptionalInt handle = writeHandle(request);
        if (handle.isPresent()) {
            write(handle.getAsInt(), request);
        } else {
            Request own = request.detached();
            startWorker(() -> send(handler.handle(own)));
        }
    }

    /**
     * A WRITE on {@code handle}: queued here, on the thread that reads requests, when nothing of the handle is ahead
     * of it and the send queue takes it whole; else what is left goes to the handle's lane, to wait for room there.
     */
    private void write(int handle, Request request) {
        RequestHandler.Progress progress = RequestHandler.Progress.of(request);
        if (writes.idle(handle)) {
            progress = handler.writeNow(request);
            if (progress.answered()) {
                send(progress.reply());
                return;
            }
        }
        writes.submit(handle, progress.detached()); // run after the frame's buffer holds the next one
    }

    /** Runs {@code work} on a virtual thread of its own, counted in flight and interrupted when the session closes. */
    private void startWorker(Runnable work) {
        Thread worker = Thread.ofVirtual().name("dot4-request " + name()).unstarted(() -> {
            try {
                work.run();
            } finally {
                inFlight.remove(Thread.currentThread());
            }
        });
        inFlight.add(worker);
        worker.start();
    }

    /** The channel handle of a WRITE whose command decodes; empty for every other request. */
    private static OptionalInt writeHandle(Request request) {
        if (request.code() != Ioctl.WRITE.code()) {
            return OptionalInt.empty();
        }
        try {
            return OptionalInt.of(DriverCommand.decode(request.in()).channelHandle());
        } catch (Dot4Exception e) {
            return OptionalInt.empty();     // the handler answers the malformed command
        }
    }

    private void send(Reply reply) {
        ByteBuffer frame = ControlProtocol.encodeReply(reply);
        IOException failed = null;
        writeLock.lock();
        try {
            while (frame.hasRemaining()) {
                channel.write(frame);
            }
        } catch (IOException e) {
            failed = e;
        } finally {
            writeLock.unlock();
        }
        if (failed != null) {
            // The client is gone (or was closed under us); the reader sees it too and cleans up.
            log.debug("control client {}: reply {} not delivered: {}", name(), reply.requestId(), failed.getMessage());
            close();
        }
    }

    private static String peerCredentials(SocketChannel channel) {
        try {
            UnixDomainPrincipal principal = channel.getOption(ExtendedSocketOptions.SO_PEERCRED);
            return "uid:" + principal.user().getName();
        } catch (IOException | UnsupportedOperationException e) {
            return "uid:?";
        }
    }
}
