package org.dot4j.driver;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.dot4j.api.Activity;
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
 * <p>Thread-safe; blocking calls wait only for their own operation. State is guarded by the host's
 * {@link HandleTable} lock, never held while calling the driver (see there for the lock order).
 */
public final class HostClient implements Dot4Device {

    private static final Logger log = LoggerFactory.getLogger(HostClient.class);
    private final Dot4Host host;
    private final LinkDriver driver;
    private final HandleTable table;
    private final String name;
    // Guarded by table.lock.
    private final ActivityQueue activity;
    private boolean closed;

    HostClient(Dot4Host host, String name) {
        this.host = host;
        this.driver = host.driver;
        this.table = host.table;
        this.activity = new ActivityQueue(table);
        this.name = name;
    }

    /** The name given at creation, for status displays. */
    public String name() {
        return name;
    }

    /** HandleTable.Channel handles this client holds. */
    public Set<Integer> handles() {
        table.lock.lock();
        try {
            return table.channelsOf(this).stream().map(ch -> ch.handle).collect(Collectors.toUnmodifiableSet());
        } finally {
            table.lock.unlock();
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
        // Both locks, in their order: choosing the id and registering the socket are one step for all clients.
        driver.lock.lock();
        table.lock.lock();
        try {
            requireOpen();
            driver.requireUp();
            Set<Integer> engineSockets = driver.engine.channels().stream().map(c -> c.localSocket()).collect(Collectors.toSet());
            int hostSocket = table.allocateSocketId(peripheralSocket, engineSockets);
            LocalSocket local;
            try {
                local = new LocalSocket(hostSocket, "", mode, (int) buffer, maxSend, maxReceive, true);
            } catch (IllegalArgumentException e) {
                throw Dot4Exception.invalidParameter(e.getMessage());
            }
            driver.engine.registerSocket(local);
            table.addSocket(new HandleTable.Socket(hostSocket, peripheralSocket, request.serviceName(), request.type(), this));
            return request.withHostSocketId(hostSocket);
        } finally {
            table.lock.unlock();
            driver.unlock();
        }
    }

    @Override
    public void destroySocket(int hostSocketId) throws Dot4Exception {
        driver.lock.lock();
        table.lock.lock();
        try {
            HandleTable.Socket socket = ownSocket(hostSocketId);
            if (table.inUse(socket)) {
                throw new Dot4Exception(NtStatus.STATUS_INVALID_DEVICE_STATE, "socket " + hostSocketId
                        + " still has open channels; close them first");
            }
            driver.drainAccepted(hostSocketId).forEach(driver.closes::closeUnclaimed);
            driver.engine.unregisterSocket(hostSocketId);
            table.removeSocket(hostSocketId);
        } finally {
            table.lock.unlock();
            driver.unlock();
        }
    }

    @Override
    public int openChannel(int hostSocketId, boolean addActivity) throws Dot4Exception {
        HandleTable.Socket socket = lockedOwnSocket(hostSocketId);
        EngineEvent.Outcome outcome = driver.request(e -> e.openChannel(hostSocketId, socket.peripheralSocketId()), replyTimeout());
        return adopt(((EngineEvent.ChannelOpened) outcome).channelId(), socket, addActivity);
    }

    @Override
    public int waitForChannel(int hostSocketId, long timeoutMillis) throws Dot4Exception {
        HandleTable.Socket socket = lockedOwnSocket(hostSocketId);
        long channelId = driver.awaitAccepted(hostSocketId, timeoutMillis);
        return adopt(channelId, socket, false);
    }

    /**
     * Closes the channel after everything written to it was delivered. The handle is released in every case;
     * the call fails when the peripheral did not take every byte (see {@link LinkDriver#closeDelivering}).
     */
    @Override
    public void closeChannel(int channelHandle) throws Dot4Exception {
        HandleTable.Channel ch;
        table.lock.lock();
        try {
            ch = own(channelHandle);
            if (ch.closing) {
                throw new Dot4Exception(NtStatus.STATUS_INVALID_HANDLE, "channel " + channelHandle + " is already closing");
            }
            ch.closing = true;
        } finally {
            table.lock.unlock();
        }
        try {
            driver.closeDelivering(ch.channelId, replyTimeout(), "the peripheral");
        } finally {
            table.release(ch);
        }
    }

    @Override
    public IoResult read(int channelHandle, byte[] buffer, int offset, int size, long timeoutMillis) throws Dot4Exception {
        checkRange(buffer, offset, size);
        HandleTable.Channel ch = usable(channelHandle);
        try {
            return driver.read(ch.channelId, packet(ch) ? ChannelMode.PACKET : ChannelMode.STREAM, buffer, offset,
                    size, timeoutMillis);
        } catch (Dot4Exception e) {
            throw cancelledIfClosed(ch, e);
        }
    }

    @Override
    public IoResult write(int channelHandle, byte[] buffer, int offset, int size, long timeoutMillis) throws Dot4Exception {
        checkRange(buffer, offset, size);
        HandleTable.Channel ch = usable(channelHandle);
        return write(ch, ByteBuffer.wrap(buffer, offset, size), packet(ch), timeoutMillis);
    }

    /**
     * As {@link #write(int, byte[], int, int, long)}, with the end of message given: {@code endOfMessage} marks the
     * last packet of these bytes as a message's end, so a relay passes message ends on as it received them.
     */
    public IoResult write(int channelHandle, byte[] buffer, int offset, int size, boolean endOfMessage, long timeoutMillis)
            throws Dot4Exception {
        checkRange(buffer, offset, size);
        return write(usable(channelHandle), ByteBuffer.wrap(buffer, offset, size), endOfMessage, timeoutMillis);
    }

    /**
     * As {@link #write(int, byte[], int, int, long)}, for {@code src}'s remaining bytes, its position moved past
     * those taken: a caller holding its data in a (direct) buffer hands it over without a copy of its own.
     */
    public IoResult write(int channelHandle, ByteBuffer src, long timeoutMillis) throws Dot4Exception {
        HandleTable.Channel ch = usable(channelHandle);
        return write(ch, src, packet(ch), timeoutMillis);
    }

    private IoResult write(HandleTable.Channel ch, ByteBuffer src, boolean endOfMessage, long timeoutMillis)
            throws Dot4Exception {
        try {
            return driver.write(ch.channelId, src, endOfMessage, timeoutMillis);
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
        table.lock.lock();
        try {
            own(channelHandle).subscribed = on;
        } finally {
            table.lock.unlock();
        }
    }

    @Override
    public Activity waitActivityBroadcast(long timeoutMillis) throws Dot4Exception {
        table.lock.lock();
        try {
            Deadline deadline = Deadline.ofMillis(timeoutMillis);
            for (Activity next = activity.poll(); ; next = activity.poll()) {
                if (next != null) {
                    return next;
                }
                requireOpen();
                if (driver.downReason() != null) {
                    throw new Dot4Exception(NtStatus.STATUS_DEVICE_NOT_CONNECTED, driver.name() + " is down: " + driver.downReason());
                }
                if (!activity.await(deadline)) {
                    throw Dot4Exception.timeout("WAIT_ACTIVITY_BROADCAST", timeoutMillis);
                }
            }
        } finally {
            table.lock.unlock();
        }
    }

    /**
     * Closes every channel and destroys every socket this client created. The caller does not wait for unsent
     * data, but nothing written is dropped: such a channel closes on the wire once it went out ({@link
     * LinkDriver#closeWhenDrained}). A channel another thread is closing is waited for.
     */
    @Override
    public void close() {
        List<HandleTable.Channel> mine = new ArrayList<>();
        table.lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            activity.wake();
            for (HandleTable.Channel ch : table.channelsOf(this)) {
                if (!ch.closing) {
                    ch.closing = true;
                    mine.add(ch);
                }
            }
        } finally {
            table.lock.unlock();
        }
        for (HandleTable.Channel ch : mine) {
            try {
                if (driver.inspect(e -> e.unsent(ch.channelId)) == 0) {
                    driver.closeChannel(ch.channelId, replyTimeout());
                } else {
                    driver.closeWhenDrained(ch.channelId);
                }
            } catch (Dot4Exception e) {
                log.debug("{}: closing channel {}: {}", name, ch.handle, e.getMessage());
            } finally {
                table.release(ch);
            }
        }
        table.lock.lock();
        try { // channels other threads are closing: wait until they are released or the link is down
            table.awaitReleased(this, Deadline.ofNanos(2 * replyTimeout()), () -> driver.downReason() == null);
        } catch (Dot4Exception e) {
            // Interrupted: stop waiting; the sockets are freed below and the engine refuses a busy reuse.
        } finally {
            table.lock.unlock();
        }
        driver.lock.lock();
        table.lock.lock();
        try {
            for (int socket : table.socketsOf(this)) {
                driver.drainAccepted(socket).forEach(driver.closes::closeUnclaimed);
                driver.engine.unregisterSocket(socket);
                table.removeSocket(socket);
            }
            table.removeClient(this);
        } finally {
            table.lock.unlock();
            driver.unlock();
        }
    }

    /** Where this client's activity broadcasts queue (under the table's lock). */
    ActivityQueue activity() {
        return activity;
    }

    // ---- private

    private int adopt(long channelId, HandleTable.Socket socket, boolean subscribe) throws Dot4Exception {
        table.lock.lock();
        try {
            if (!closed) {
                HandleTable.Channel ch = table.adopt(channelId, socket, this);
                ch.subscribed = subscribe;
                return ch.handle;
            }
        } finally {
            table.lock.unlock();
        }
        driver.closes.closeUnclaimed(channelId);
        throw Dot4Exception.cancelled("OPEN_CHANNEL (client closed)");
    }

    /** A packet channel's writes are messages: each ends one unless the caller says otherwise. */
    private static boolean packet(HandleTable.Channel ch) {
        return ch.socket.type() == ChannelType.PACKET;
    }

    private HandleTable.Channel usable(int channelHandle) throws Dot4Exception {
        table.lock.lock();
        try {
            HandleTable.Channel ch = own(channelHandle);
            if (ch.closing) {
                throw Dot4Exception.cancelled("channel " + channelHandle + " is closing");
            }
            return ch;
        } finally {
            table.lock.unlock();
        }
    }

    private Dot4Exception cancelledIfClosed(HandleTable.Channel ch, Dot4Exception e) {
        table.lock.lock();
        try {
            boolean gone = ch.closing || !table.holds(ch);
            return gone && e.status() != NtStatus.STATUS_DEVICE_NOT_CONNECTED
                    ? Dot4Exception.cancelled("channel " + ch.handle + " was closed during the call") : e;
        } finally {
            table.lock.unlock();
        }
    }

    private HandleTable.Channel own(int handle) throws Dot4Exception {
        requireOpen();
        return table.channel(handle, this);
    }

    private HandleTable.Socket lockedOwnSocket(int hostSocketId) throws Dot4Exception {
        table.lock.lock();
        try {
            return ownSocket(hostSocketId);
        } finally {
            table.lock.unlock();
        }
    }

    private HandleTable.Socket ownSocket(int hostSocketId) throws Dot4Exception {
        requireOpen();
        return table.socket(hostSocketId, this);
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
