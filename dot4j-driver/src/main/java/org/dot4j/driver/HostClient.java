package org.dot4j.driver;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.dot4j.api.Activity;
import org.dot4j.api.ActivityMessage;
import org.dot4j.api.ChannelType;
import org.dot4j.api.CreateSocketData;
import org.dot4j.api.Dot4Device;
import org.dot4j.api.Dot4Exception;
import org.dot4j.api.IoResult;
import org.dot4j.api.NtStatus;
import org.dot4j.engine.ChannelMode;
import org.dot4j.engine.EngineEvent;
import org.dot4j.engine.LocalSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client's view of a {@link Dot4Host}: the d4drvif calls, in process. Sockets and channels it creates are
 * its own; another client cannot see, use or close them (STATUS_INVALID_HANDLE), and closing this client closes
 * them all on the device.
 *
 * <p>Thread-safe; blocking calls wait only for their own operation. State is guarded by the driver's lock.
 */
public final class HostClient implements Dot4Device {

    private static final Logger log = LoggerFactory.getLogger(HostClient.class);
    /** Activity events kept per client; beyond this the oldest is dropped (a client that never waits). */
    static final int MAX_QUEUED_ACTIVITY = 4096;

    /** A host socket this client created. */
    record Socket(int hostSocketId, int peripheralSocketId, String serviceName, ChannelType type, HostClient owner) {}

    /** A channel this client holds. */
    static final class Channel {
        final int handle;
        final long channelId;
        final Socket socket;
        final HostClient owner;
        boolean subscribed;
        boolean closing;

        Channel(int handle, long channelId, Socket socket, HostClient owner) {
            this.handle = handle;
            this.channelId = channelId;
            this.socket = socket;
            this.owner = owner;
        }
    }

    private final Dot4Host host;
    private final LinkDriver driver;
    private final String name;
    private final Set<Integer> sockets = new LinkedHashSet<>();
    private final Set<Integer> handles = new LinkedHashSet<>();
    private final ArrayDeque<Activity> activity = new ArrayDeque<>();
    private boolean closed;

    HostClient(Dot4Host host, String name) {
        this.host = host;
        this.driver = host.driver;
        this.name = name;
    }

    /** The name given at creation, for status displays. */
    public String name() {
        return name;
    }

    /** Channel handles this client holds. */
    public Set<Integer> handles() {
        driver.lock.lock();
        try {
            return Set.copyOf(handles);
        } finally {
            driver.unlock();
        }
    }

    @Override
    public CreateSocketData createSocket(CreateSocketData request) throws Dot4Exception {
        int peripheralSocket = request.peripheralSocketId();
        if (request.usesServiceName()) {
            EngineEvent.Outcome found = driver.request(e -> e.getSocketId(request.serviceName()), replyTimeout());
            peripheralSocket = ((EngineEvent.SocketIdFound) found).socketId();
        } else if (peripheralSocket < 1) {
            throw Dot4Exception.invalidParameter("bPsid " + peripheralSocket + " with an empty service name (give one of them)");
        }
        int maxSend = request.maxHostToPeripheralPacketSize();
        int maxReceive = request.maxPeripheralToHostPacketSize();
        if (maxSend == 0 && maxReceive == 0) {
            maxSend = maxReceive = LocalSocket.DEFAULT_PACKET_SIZE; // both 0 would be refused (0x0D): use defaults
        }
        long buffer = request.bufferSize() == 0 ? LocalSocket.DEFAULT_BUFFER_SIZE : request.bufferSize();
        if (buffer > Integer.MAX_VALUE / 2) {
            throw Dot4Exception.invalidParameter("ulBufferSize " + buffer + " (at most " + Integer.MAX_VALUE / 2 + ")");
        }
        ChannelMode mode = request.type() == ChannelType.PACKET ? ChannelMode.PACKET : ChannelMode.STREAM;
        driver.lock.lock();
        try {
            requireOpen();
            int hostSocket = host.allocateSocketId(peripheralSocket);
            LocalSocket local;
            try {
                local = new LocalSocket(hostSocket, "", mode, (int) buffer, maxSend, maxReceive, true);
            } catch (IllegalArgumentException e) {
                throw Dot4Exception.invalidParameter(e.getMessage());
            }
            driver.call(e -> {
                e.registerSocket(local);
                return null;
            });
            Socket socket = new Socket(hostSocket, peripheralSocket, request.serviceName(), request.type(), this);
            host.sockets.put(hostSocket, socket);
            sockets.add(hostSocket);
            return request.withHostSocketId(hostSocket);
        } finally {
            driver.unlock();
        }
    }

    @Override
    public void destroySocket(int hostSocketId) throws Dot4Exception {
        driver.lock.lock();
        try {
            Socket socket = ownSocket(hostSocketId);
            boolean busy = host.handles.values().stream().anyMatch(ch -> ch.socket == socket);
            if (busy) {
                throw new Dot4Exception(NtStatus.STATUS_INVALID_DEVICE_STATE, "socket " + hostSocketId
                        + " still has open channels; close them first");
            }
            for (long unclaimed : driver.drainAccepted(hostSocketId)) {
                driver.call(e -> e.closeChannel(unclaimed));
            }
            driver.call(e -> {
                e.unregisterSocket(hostSocketId);
                return null;
            });
            host.sockets.remove(hostSocketId);
            sockets.remove(hostSocketId);
        } finally {
            driver.unlock();
        }
    }

    @Override
    public int openChannel(int hostSocketId, boolean addActivity) throws Dot4Exception {
        Socket socket = lockedOwnSocket(hostSocketId);
        EngineEvent.Outcome outcome = driver.request(e -> e.openChannel(hostSocketId, socket.peripheralSocketId()), replyTimeout());
        return adopt(((EngineEvent.ChannelOpened) outcome).channelId(), socket, addActivity);
    }

    @Override
    public int waitForChannel(int hostSocketId, long timeoutMillis) throws Dot4Exception {
        Socket socket = lockedOwnSocket(hostSocketId);
        long channelId = driver.awaitAccepted(hostSocketId, timeoutMillis);
        return adopt(channelId, socket, false);
    }

    /**
     * Closes the channel after everything written to it was delivered. The handle is released in every case;
     * the call fails when the peripheral did not take every byte (see {@link LinkDriver#closeDelivering}).
     */
    @Override
    public void closeChannel(int channelHandle) throws Dot4Exception {
        Channel ch;
        driver.lock.lock();
        try {
            ch = own(channelHandle);
            if (ch.closing) {
                throw new Dot4Exception(NtStatus.STATUS_INVALID_HANDLE, "channel " + channelHandle + " is already closing");
            }
            ch.closing = true;
        } finally {
            driver.unlock();
        }
        try {
            driver.closeDelivering(ch.channelId, replyTimeout(), "the peripheral");
        } finally {
            release(ch);
        }
    }

    @Override
    public IoResult read(int channelHandle, byte[] buffer, int offset, int size, long timeoutMillis) throws Dot4Exception {
        checkRange(buffer, offset, size);
        Channel ch = usable(channelHandle);
        ChannelMode mode = ch.socket.type() == ChannelType.PACKET ? ChannelMode.PACKET : ChannelMode.STREAM;
        try {
            return driver.read(ch.channelId, mode, buffer, offset, size, timeoutMillis);
        } catch (Dot4Exception e) {
            throw cancelledIfClosed(ch, e);
        }
    }

    @Override
    public IoResult write(int channelHandle, byte[] buffer, int offset, int size, long timeoutMillis) throws Dot4Exception {
        return write(channelHandle, buffer, offset, size, usable(channelHandle).socket.type() == ChannelType.PACKET,
                timeoutMillis);
    }

    /**
     * As {@link #write(int, byte[], int, int, long)}, with the end of message given: {@code endOfMessage} marks the
     * last packet of these bytes as a message's end, so a relay passes message ends on as it received them.
     */
    public IoResult write(int channelHandle, byte[] buffer, int offset, int size, boolean endOfMessage, long timeoutMillis)
            throws Dot4Exception {
        checkRange(buffer, offset, size);
        Channel ch = usable(channelHandle);
        try {
            return driver.write(ch.channelId, buffer, offset, size, endOfMessage, timeoutMillis);
        } catch (Dot4Exception e) {
            throw cancelledIfClosed(ch, e);
        }
    }

    @Override
    public void addActivityBroadcast(int channelHandle) throws Dot4Exception {
        subscribe(channelHandle, true);
    }

    @Override
    public void removeActivityBroadcast(int channelHandle) throws Dot4Exception {
        subscribe(channelHandle, false);
    }

    private void subscribe(int channelHandle, boolean on) throws Dot4Exception {
        driver.lock.lock();
        try {
            own(channelHandle).subscribed = on;
        } finally {
            driver.unlock();
        }
    }

    @Override
    public Activity waitActivityBroadcast(long timeoutMillis) throws Dot4Exception {
        driver.lock.lock();
        try {
            Deadline deadline = Deadline.ofMillis(timeoutMillis);
            while (activity.isEmpty()) {
                requireOpen();
                if (driver.downReason() != null) {
                    throw new Dot4Exception(NtStatus.STATUS_DEVICE_NOT_CONNECTED, driver.name() + " is down: " + driver.downReason());
                }
                if (!deadline.await(driver.changed, "WAIT_ACTIVITY_BROADCAST")) {
                    throw Dot4Exception.timeout("WAIT_ACTIVITY_BROADCAST", timeoutMillis);
                }
            }
            return activity.poll();
        } finally {
            driver.unlock();
        }
    }

    /**
     * Closes every channel and destroys every socket this client created. The caller does not wait for unsent
     * data, but nothing written is dropped: such a channel closes on the wire once it went out ({@link
     * LinkDriver#closeWhenDrained}). A channel another thread is closing is waited for.
     */
    @Override
    public void close() {
        List<Channel> mine = new ArrayList<>();
        driver.lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            driver.changed.signalAll();
            for (int handle : handles) {
                Channel ch = host.handles.get(handle);
                if (ch != null && !ch.closing) {
                    ch.closing = true;
                    mine.add(ch);
                }
            }
        } finally {
            driver.unlock();
        }
        for (Channel ch : mine) {
            try {
                if (driver.inspect(e -> e.unsent(ch.channelId)) == 0) {
                    driver.request(e -> e.closeChannel(ch.channelId), replyTimeout());
                } else {
                    driver.closeWhenDrained(ch.channelId);
                }
            } catch (Dot4Exception e) {
                log.debug("{}: closing channel {}: {}", name, ch.handle, e.getMessage());
            } finally {
                release(ch);
            }
        }
        driver.lock.lock();
        try {
            awaitOthersClosing();
            for (int socket : sockets) {
                for (long unclaimed : driver.drainAccepted(socket)) {
                    try {
                        driver.call(e -> e.closeChannel(unclaimed));
                    } catch (Dot4Exception e) {
                        log.debug("{}: {}", name, e.getMessage());
                    }
                }
                try {
                    driver.call(e -> {
                        e.unregisterSocket(socket);
                        return null;
                    });
                } catch (Dot4Exception e) {
                    log.debug("{}: {}", name, e.getMessage());
                }
                host.sockets.remove(socket);
            }
            sockets.clear();
            host.clients.remove(this);
        } finally {
            driver.unlock();
        }
    }

    /** Waits (lock held) until channels that other threads are closing are released, or the link is down. */
    private void awaitOthersClosing() {
        Deadline deadline = Deadline.ofNanos(2 * replyTimeout());
        try {
            while (!handles.isEmpty() && driver.downReason() == null && deadline.await(driver.changed, name)) {
                // Their closeChannel releases them and signals.
            }
        } catch (Dot4Exception e) {
            // Interrupted: stop waiting; the sockets are freed below and the engine refuses a busy reuse.
        }
    }

    // ---- events from the host (under the driver's lock)

    void onData(Channel ch, int bytes, boolean endOfMessage) {
        if (ch.socket.type() == ChannelType.PACKET) {
            if (endOfMessage) {
                queue(ch, ActivityMessage.MESSAGE_RECEIVED, bytes);
            }
        } else {
            queue(ch, ActivityMessage.STREAM_RECEIVED, bytes);
        }
    }

    void onCredit(Channel ch, int credit) {
        queue(ch, ActivityMessage.STREAM_CREDITS, credit);
    }

    void onClosedByPeer(Channel ch) {
        queue(ch, ActivityMessage.CHANNEL_CLOSED, 0);
    }

    void onDisconnect() {
        pushActivity(new Activity(ActivityMessage.DISCONNECT, 0, 0));
    }

    // ---- private

    private void queue(Channel ch, ActivityMessage message, int count) {
        if (ch.subscribed) {
            pushActivity(new Activity(message, count, ch.handle));
        }
    }

    private void pushActivity(Activity a) {
        if (activity.size() >= MAX_QUEUED_ACTIVITY) {
            activity.poll();
        }
        activity.add(a);
    }

    private int adopt(long channelId, Socket socket, boolean subscribe) throws Dot4Exception {
        driver.lock.lock();
        try {
            if (closed) {
                driver.call(e -> e.closeChannel(channelId));
                throw Dot4Exception.cancelled("OPEN_CHANNEL (client closed)");
            }
            Channel ch = new Channel(host.nextHandle(), channelId, socket, this);
            ch.subscribed = subscribe;
            host.handles.put(ch.handle, ch);
            host.byChannelId.put(channelId, ch);
            handles.add(ch.handle);
            return ch.handle;
        } finally {
            driver.unlock();
        }
    }

    private void release(Channel ch) {
        driver.lock.lock();
        try {
            host.handles.remove(ch.handle);
            host.byChannelId.remove(ch.channelId);
            handles.remove(ch.handle);
            driver.changed.signalAll();
        } finally {
            driver.unlock();
        }
    }

    private Channel usable(int channelHandle) throws Dot4Exception {
        driver.lock.lock();
        try {
            Channel ch = own(channelHandle);
            if (ch.closing) {
                throw Dot4Exception.cancelled("channel " + channelHandle + " is closing");
            }
            return ch;
        } finally {
            driver.unlock();
        }
    }

    private Dot4Exception cancelledIfClosed(Channel ch, Dot4Exception e) {
        driver.lock.lock();
        try {
            boolean gone = ch.closing || !host.handles.containsKey(ch.handle);
            return gone && e.status() != NtStatus.STATUS_DEVICE_NOT_CONNECTED
                    ? Dot4Exception.cancelled("channel " + ch.handle + " was closed during the call") : e;
        } finally {
            driver.unlock();
        }
    }

    private Channel own(int handle) throws Dot4Exception {
        requireOpen();
        Channel ch = host.handles.get(handle);
        if (ch == null || ch.owner != this) {
            throw Dot4Exception.invalidHandle(handle & 0xFFFFFFFFL);
        }
        return ch;
    }

    private Socket lockedOwnSocket(int hostSocketId) throws Dot4Exception {
        driver.lock.lock();
        try {
            return ownSocket(hostSocketId);
        } finally {
            driver.unlock();
        }
    }

    private Socket ownSocket(int hostSocketId) throws Dot4Exception {
        requireOpen();
        Socket socket = host.sockets.get(hostSocketId);
        if (socket == null || socket.owner() != this) {
            throw Dot4Exception.invalidHandle(hostSocketId);
        }
        return socket;
    }

    private void requireOpen() throws Dot4Exception {
        if (closed) {
            throw Dot4Exception.cancelled("client " + name + " is closed");
        }
    }

    private long replyTimeout() {
        return host.options.replyTimeout().toNanos();
    }

    private static void checkRange(byte[] buffer, int offset, int size) throws Dot4Exception {
        if (offset < 0 || size < 0 || (long) offset + size > buffer.length) {
            throw Dot4Exception.invalidParameter("ulOffset " + offset + " + ulSize " + size + " beyond the "
                    + buffer.length + "-byte buffer");
        }
    }
}
