package org.dot4j.daemon;

import java.util.HashMap;
import java.util.Map;
import org.dot4j.api.Dot4Exception;

/**
 * What one control client holds against its {@link DaemonConfig.Limits}: open channels and the receive buffers
 * they cost. An open is reserved before it reaches the device (so concurrent opens cannot overshoot), then
 * committed with its handle or cancelled.
 *
 * <p>Thread-safe (synchronized).
 */
final class ClientQuota {

    /** Sockets a client may hold per channel it may open: one per channel and a spare each. */
    static final int SOCKETS_PER_CHANNEL = 2;

    /** A channel or socket on one device. */
    private record Key(String device, int id) {}

    /** A reserved channel: what it will cost. */
    record Reservation(String device, long bytes) {}

    private final DaemonConfig.Limits limits;
    private final SharedQuota shared;
    private final String user;
    private final Map<Key, Long> socketBuffers = new HashMap<>();
    private final Map<Key, Long> channels = new HashMap<>();
    private int reservedChannels;
    private long reservedBytes;

    /** A quota for one connection of {@code user}, whose channels also count in {@code shared}. */
    ClientQuota(DaemonConfig.Limits limits, SharedQuota shared, String user) {
        this.limits = limits;
        this.shared = shared;
        this.user = user;
    }

    /**
     * Checks there is room for one more socket: {@link #SOCKETS_PER_CHANNEL} per channel the client may hold, so
     * that no client can take all of the device's 255 host socket ids.
     *
     * @throws Dot4Exception STATUS_INSUFFICIENT_RESOURCES at the limit
     */
    synchronized void requireSocketRoom() throws Dot4Exception {
        int max = SOCKETS_PER_CHANNEL * limits.maxChannels();
        if (socketBuffers.size() >= max) {
            throw Dot4Exception.insufficientResources("sockets for this client (the limit is " + max
                    + " sockets per client, " + SOCKETS_PER_CHANNEL + " per channel it may open; destroy one first)");
        }
    }

    /** Remembers the per-channel buffer of a socket the client created. */
    synchronized void socketCreated(String device, int hostSocketId, long ulBufferSize) {
        socketBuffers.put(new Key(device, hostSocketId), DaemonConfig.Limits.channelBuffer(ulBufferSize));
    }

    /** Forgets a destroyed socket. */
    synchronized void socketDestroyed(String device, int hostSocketId) {
        socketBuffers.remove(new Key(device, hostSocketId));
    }

    /**
     * Reserves one channel on a socket.
     *
     * @throws Dot4Exception STATUS_INSUFFICIENT_RESOURCES naming the limit that would be exceeded
     */
    synchronized Reservation reserve(String device, int hostSocketId) throws Dot4Exception {
        long bytes = socketBuffers.getOrDefault(new Key(device, hostSocketId), 0L);
        if (channels.size() + reservedChannels >= limits.maxChannels()) {
            throw Dot4Exception.insufficientResources("channels for this client (the limit is " + limits.maxChannels()
                    + " open channels per client)");
        }
        long buffered = bufferedBytes() + reservedBytes;
        if (buffered + bytes > limits.maxBufferedBytes()) {
            throw Dot4Exception.insufficientResources("receive buffer for this client (" + buffered + " bytes held, "
                    + bytes + " more asked, the limit is " + limits.maxBufferedBytes() + " bytes per client)");
        }
        shared.acquire(user, device);
        reservedChannels++;
        reservedBytes += bytes;
        return new Reservation(device, bytes);
    }

    /** Turns a reservation into the open channel {@code handle}. */
    synchronized void commit(Reservation r, int handle) {
        reservedChannels--;
        reservedBytes -= r.bytes();
        channels.put(new Key(r.device(), handle), r.bytes());
    }

    /** Gives a reservation back (the open failed). */
    synchronized void cancel(Reservation r) {
        reservedChannels--;
        reservedBytes -= r.bytes();
        shared.release(user, r.device(), 1);
    }

    /** Forgets a closed channel. */
    synchronized void channelClosed(String device, int handle) {
        if (channels.remove(new Key(device, handle)) != null) {
            shared.release(user, device, 1);
        }
    }

    /** Forgets everything on a device whose conversation ended (its handles and sockets are gone with it). */
    synchronized void forgetDevice(String device) {
        int before = channels.size();
        channels.keySet().removeIf(k -> k.device().equals(device));
        shared.release(user, device, before - channels.size());
        socketBuffers.keySet().removeIf(k -> k.device().equals(device));
    }

    /** Gives back every channel (the connection ended and its channels were closed). */
    synchronized void releaseAll() {
        for (Key k : channels.keySet()) {
            shared.release(user, k.device(), 1);
        }
        channels.clear();
        socketBuffers.clear();
    }

    /** Open channels. */
    synchronized int channels() {
        return channels.size();
    }

    /** Receive buffer bytes over the open channels. */
    synchronized long bufferedBytes() {
        return channels.values().stream().mapToLong(Long::longValue).sum();
    }
}
