package org.dot4j.api;

import java.io.Closeable;

/**
 * The d4drvif.h contract in Java: one method per IOCTL, one for one, on one DOT4 device (d4drvif.md §1–§3).
 * A client creates a socket for a service, opens (or waits for) channels on it, reads and writes them, and can
 * subscribe to activity broadcasts. Everything a client created belongs to it: closing the client closes its
 * channels and destroys its sockets on the device.
 *
 * <p>Implementations: the in-process host session of {@code org.dot4j.driver.Dot4Host}, and the daemon's client,
 * which sends the same calls over a local socket; code written against this interface runs on either unchanged.
 *
 * <p><b>Statuses.</b> A method that returns normally completed with {@code STATUS_SUCCESS} (or, for read and
 * write, the status in its {@link IoResult}). Failures throw {@link Dot4Exception} carrying the NTSTATUS; the
 * mapping is documented in {@code docs/ntstatus.md}. Common ones: {@code STATUS_INVALID_PARAMETER} (bad field),
 * {@code STATUS_INVALID_HANDLE} (unknown socket or channel), {@code STATUS_NOT_FOUND} (service name unknown to the
 * peripheral), {@code STATUS_CONNECTION_REFUSED} (the peripheral refused the channel), {@code STATUS_IO_TIMEOUT}
 * (a wait produced nothing in time), {@code STATUS_CANCELLED} (the channel was closed under a pending call),
 * {@code STATUS_DEVICE_NOT_CONNECTED} (the link is gone).
 *
 * <p><b>Timeouts</b> are in milliseconds as an unsigned 32-bit value: {@link Dot4Constants#INFINITE}
 * (0xFFFFFFFF) waits forever; {@link Dot4Constants#NO_TIMEOUT} (0) does not wait at all — dot4j's documented
 * reading of a name the header leaves ambiguous (d4drvif.md §3.6).
 *
 * <p>Thread-safe: calls on different channels proceed in parallel; a read and a write on one channel too.
 */
public interface Dot4Device extends Closeable {

    /**
     * IOCTL_DOT4_CREATE_SOCKET: creates a host socket for a peripheral service, named by service name (resolved
     * with GetSocketID) or, when the name is empty, by peripheral socket id.
     *
     * @return {@code request} with {@link CreateSocketData#hostSocketId()} filled in
     */
    CreateSocketData createSocket(CreateSocketData request) throws Dot4Exception;

    /** IOCTL_DOT4_DESTROY_SOCKET: destroys a host socket; fails with STATUS_INVALID_DEVICE_STATE while channels are open on it. */
    void destroySocket(int hostSocketId) throws Dot4Exception;

    /**
     * IOCTL_DOT4_OPEN_CHANNEL: opens a channel from the socket to its service.
     *
     * @param addActivity also subscribe to the channel's activity broadcasts
     * @return the channel handle (never 0)
     */
    int openChannel(int hostSocketId, boolean addActivity) throws Dot4Exception;

    /**
     * IOCTL_DOT4_WAIT_FOR_CHANNEL: waits until the peripheral opens a channel to this host socket.
     *
     * @return the new channel's handle
     * @throws Dot4Exception STATUS_IO_TIMEOUT when none came within {@code timeoutMillis}
     */
    int waitForChannel(int hostSocketId, long timeoutMillis) throws Dot4Exception;

    /**
     * IOCTL_DOT4_CLOSE_CHANNEL: sends what was written (as long as the peripheral keeps taking data; it gives up
     * after a reply timeout without progress), closes the channel and frees the handle. Pending reads and writes on
     * it fail with STATUS_CANCELLED.
     */
    void closeChannel(int channelHandle) throws Dot4Exception;

    /**
     * IOCTL_DOT4_READ: reads up to {@code size} bytes into {@code buffer} at {@code offset}. Waits until at least
     * one byte is there, the channel ends, or the timeout expires. A packet channel returns at most one message.
     */
    IoResult read(int channelHandle, byte[] buffer, int offset, int size, long timeoutMillis) throws Dot4Exception;

    /**
     * IOCTL_DOT4_WRITE: queues {@code size} bytes from {@code buffer} at {@code offset} for sending, waiting for
     * room as credit lets data go; on a packet channel the bytes form one message.
     */
    IoResult write(int channelHandle, byte[] buffer, int offset, int size, long timeoutMillis) throws Dot4Exception;

    /** IOCTL_DOT4_ADD_ACTIVITY_BROADCAST: subscribes this client to the channel's activity. */
    void addActivityBroadcast(int channelHandle) throws Dot4Exception;

    /** IOCTL_DOT4_REMOVE_ACTIVITY_BROADCAST: ends the subscription. */
    void removeActivityBroadcast(int channelHandle) throws Dot4Exception;

    /**
     * IOCTL_DOT4_WAIT_ACTIVITY_BROADCAST: the next activity on a subscribed channel (or DOT4_DISCONNECT for the
     * link), waiting up to {@code timeoutMillis}.
     *
     * @throws Dot4Exception STATUS_IO_TIMEOUT when nothing happened in time
     */
    Activity waitActivityBroadcast(long timeoutMillis) throws Dot4Exception;

    /** Closes every channel and destroys every socket this client created; idempotent. */
    @Override
    void close();
}
