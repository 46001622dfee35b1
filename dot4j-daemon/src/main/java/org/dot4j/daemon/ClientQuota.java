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

    /** A channel or socket on one device. */
    private record Key(String device, int id) {}

    /** A reserved channel: what it will cost. */
    record Reservation(String device, long bytes) {}

    private final DaemonConfig.Limits limits;
    private final Map<Key, Long> socketBuffers = new HashMap<>();
    private final Map<Key, Long> channels = new HashMap<>();
    private int reservedChannels;
    private long reservedBytes;

    ClientQuota(DaemonConfig.Limits limits) {
        this.limits = limits;
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
        reservedChannels++;
        reservedBytes += bytes;
        return new Reservation(device, bytes);
    }

    /** Turns a reservation into the open channel {@code handle}. */
    synchronized void commit(Reservation r, int handle) {
        cancel(r);
        channels.put(new Key(r.device(), handle), r.bytes());
    }

    /** Gives a reservation back (the open failed). */
    synchronized void cancel(Reservation r) {
        reservedChannels--;
        reservedBytes -= r.bytes();
    }

    /** Forgets a closed channel. */
    synchronized void channelClosed(String device, int handle) {
        channels.remove(new Key(device, handle));
    }

    /** Forgets everything on a device whose conversation ended (its handles and sockets are gone with it). */
    synchronized void forgetDevice(String device) {
        channels.keySet().removeIf(k -> k.device().equals(device));
        socketBuffers.keySet().removeIf(k -> k.device().equals(device));
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
