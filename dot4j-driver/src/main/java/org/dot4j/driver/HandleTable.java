package org.dot4j.driver;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;
import org.dot4j.api.ChannelType;
import org.dot4j.api.Dot4Exception;
import org.dot4j.api.NtStatus;

/**
 * A {@link Dot4Host}'s bookkeeping of its clients: host socket ids, channel handles and the engine channel behind
 * each, and who owns what. A client sees only its own sockets and handles; anything else is STATUS_INVALID_HANDLE.
 *
 * <p>Thread-safe, under its own {@link #lock}, which also guards each {@link HostClient}'s state. Lock order: the
 * driver's lock, then this one (engine events reach the table under the driver's lock); never the other way:
 * nothing holding only this lock calls the driver, waits for it, logs or calls out.
 */
final class HandleTable {

    /** The highest host socket id (a socket id is one byte; 0 is the transport channel). */
    static final int MAX_SOCKET_ID = 255;

    /** A host socket a client created. */
    record Socket(int hostSocketId, int peripheralSocketId, String serviceName, ChannelType type, HostClient owner) {}

    /** A channel a client holds; {@code subscribed} and {@code closing} are guarded by the table's lock. */
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

    /** Guards the table and the state of every client of the host. */
    final ReentrantLock lock = new ReentrantLock();
    /** Signalled when a channel is released or the link went down. */
    private final Condition released = lock.newCondition();
    private final Map<Integer, Socket> sockets = new HashMap<>();
    private final Map<Integer, Channel> handles = new HashMap<>();
    private final Map<Long, Channel> byChannelId = new HashMap<>();
    private final List<HostClient> clients = new ArrayList<>();
    private int nextHandle = 1;

    /** Adds a client (lock held or not). */
    void addClient(HostClient client) {
        lock.lock();
        try {
            clients.add(client);
        } finally {
            lock.unlock();
        }
    }

    /** Removes a client that closed. */
    void removeClient(HostClient client) {
        lock.lock();
        try {
            clients.remove(client);
        } finally {
            lock.unlock();
        }
    }

    /** The clients now. */
    List<HostClient> clients() {
        lock.lock();
        try {
            return List.copyOf(clients);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Chooses a host socket id (lock held): the peripheral's id when free (PSID = SSID, as every real host does),
     * else the highest free. An id is free only when no client holds it and no channel on it is still known to
     * the engine ({@code engineSockets}: one still closing on the wire would make the next open on it fail as busy).
     */
    int allocateSocketId(int peripheralSocket, Set<Integer> engineSockets) throws Dot4Exception {
        Set<Integer> inUse = new HashSet<>(sockets.keySet());
        inUse.addAll(engineSockets);
        if (!inUse.contains(peripheralSocket)) {
            return peripheralSocket;
        }
        for (int id = MAX_SOCKET_ID; id >= 1; id--) {
            if (!inUse.contains(id)) {
                return id;
            }
        }
        throw new Dot4Exception(NtStatus.STATUS_INSUFFICIENT_RESOURCES, "all " + MAX_SOCKET_ID + " host socket ids are in use");
    }

    /** Records a socket (lock held). */
    void addSocket(Socket socket) {
        sockets.put(socket.hostSocketId(), socket);
    }

    /** Forgets a socket (lock held). */
    void removeSocket(int hostSocketId) {
        sockets.remove(hostSocketId);
    }

    /** {@code owner}'s socket {@code hostSocketId} (lock held); STATUS_INVALID_HANDLE when it is not its own. */
    Socket socket(int hostSocketId, HostClient owner) throws Dot4Exception {
        Socket socket = sockets.get(hostSocketId);
        if (socket == null || socket.owner() != owner) {
            throw Dot4Exception.invalidHandle(hostSocketId);
        }
        return socket;
    }

    /** Host socket ids {@code owner} created (lock held). */
    List<Integer> socketsOf(HostClient owner) {
        return sockets.values().stream().filter(s -> s.owner() == owner).map(Socket::hostSocketId).sorted().toList();
    }

    /** True when a channel on {@code socket} is held (lock held). */
    boolean inUse(Socket socket) {
        return handles.values().stream().anyMatch(ch -> ch.socket == socket);
    }

    /** A new handle for engine channel {@code channelId} (lock held); never 0, which callers may treat as invalid. */
    Channel adopt(long channelId, Socket socket, HostClient owner) {
        while (nextHandle == 0 || handles.containsKey(nextHandle)) {
            nextHandle++;
        }
        Channel ch = new Channel(nextHandle++, channelId, socket, owner);
        handles.put(ch.handle, ch);
        byChannelId.put(channelId, ch);
        return ch;
    }

    /** {@code owner}'s channel {@code handle} (lock held); STATUS_INVALID_HANDLE when it is not its own. */
    Channel channel(int handle, HostClient owner) throws Dot4Exception {
        Channel ch = handles.get(handle);
        if (ch == null || ch.owner != owner) {
            throw Dot4Exception.invalidHandle(handle & 0xFFFFFFFFL);
        }
        return ch;
    }

    /** The channel behind engine channel {@code channelId} (lock held), or null. */
    Channel byChannelId(long channelId) {
        return byChannelId.get(channelId);
    }

    /** True while {@code ch} holds its handle (lock held). */
    boolean holds(Channel ch) {
        return handles.get(ch.handle) == ch;
    }

    /** Channels {@code owner} holds (lock held). */
    List<Channel> channelsOf(HostClient owner) {
        return handles.values().stream().filter(ch -> ch.owner == owner).toList();
    }

    /** Frees a channel's handle; wakes who waits for channels to be released. */
    void release(Channel ch) {
        lock.lock();
        try {
            if (holds(ch)) {
                handles.remove(ch.handle);
                byChannelId.remove(ch.channelId);
            }
            released.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** The link went down (lock held): wakes who waits for channels to be released. */
    void linkDown() {
        released.signalAll();
    }

    /**
     * Waits (lock held) until {@code owner} holds no channel, {@code up} says the link went down, or the deadline;
     * false when channels are still held.
     */
    boolean awaitReleased(HostClient owner, Deadline deadline, BooleanSupplier up) throws Dot4Exception {
        while (!channelsOf(owner).isEmpty()) {
            if (!up.getAsBoolean() || !deadline.await(released, "channels closing")) {
                return false;
            }
        }
        return true;
    }
}
