package org.dot4j.daemon;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.dot4j.api.ChannelType;
import org.dot4j.api.CreateSocketData;
import org.dot4j.api.Dot4Constants;
import org.dot4j.api.Dot4Exception;
import org.dot4j.api.IoResult;
import org.dot4j.api.NtStatus;
import org.dot4j.driver.HostClient;
import org.dot4j.driver.PeripheralChannel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One channel a program opened through a {@link DeviceProxy}, relayed to a channel of its own on the device.
 * Each side has its own credit: the proxy reads from the program only as fast as the device takes the data, so
 * a printer that pauses holds back the program, never the proxy's memory. Message ends pass through as they
 * came (both channels are packet channels).
 *
 * <p>How it ends: the program's CloseChannel closes the device's channel once the device took every byte (a later
 * channel of the program to the same service waits for that, so jobs reach the device in the program's order); the
 * device's CloseChannel closes the program's after the program read everything. If the program's channel is
 * cut (the program re-Inits, exits or vanishes), what it sent is still delivered and the device's channel closed:
 * 1284.4 cannot tell a peripheral that a channel was cut, so the cut is logged with its byte count. When data
 * cannot be delivered the bridge fails loudly: an ERROR naming the bytes, and {@link #run} returns false so the
 * session ends the program's link.
 *
 * <p>Thread-safe: one thread per direction.
 */
final class ProxyBridge {

    private static final Logger log = LoggerFactory.getLogger(ProxyBridge.class);
    /** Bytes moved per read in either direction. */
    private static final int CHUNK = 64 * 1024;

    private final String name;
    private final PeripheralChannel program;
    private final HostClient client;
    /** The device's channel, set by {@link #connect}. */
    private int handle;
    private final AtomicBoolean deviceSideClosed = new AtomicBoolean();
    private final AtomicLong toDevice = new AtomicLong();
    private final AtomicLong toProgram = new AtomicLong();
    private final BooleanSupplier sessionEnding;
    private final CompletableFuture<Void> finished = new CompletableFuture<>();

    /**
     * A bridge for {@code program}'s channel; {@link #connect} opens the device's.
     *
     * @param sessionEnding true once the session is being closed (its own log line says why; the bridge's
     *                      failures are then expected and not logged again)
     */
    ProxyBridge(String name, PeripheralChannel program, HostClient client, BooleanSupplier sessionEnding) {
        this.name = name;
        this.program = program;
        this.client = client;
        this.sessionEnding = sessionEnding;
    }

    /**
     * Opens the device's channel for the program's, to the same socket id.
     *
     * @throws Dot4Exception when the device refuses or is gone (the caller closes the program's channel and calls
     *                       {@link #abandon})
     */
    void connect() throws Dot4Exception {
        int hostSocket = client.createSocket(CreateSocketData.forSocket(service(), ChannelType.PACKET, 0, 0, 0))
                .hostSocketId();
        handle = client.openChannel(hostSocket, false);
    }

    /** Ends a bridge whose device channel could not be opened: later channels need not wait for it. */
    void abandon() {
        finished.complete(null);
    }

    /** Relays the device's data to the program until the device's channel ends; call on its own thread. */
    void relayToProgram() {
        byte[] buffer = new byte[CHUNK];
        try {
            while (true) {
                IoResult r = client.read(handle, buffer, 0, buffer.length, Dot4Constants.INFINITE);
                if (r.isEndOfChannel()) {
                    break;
                }
                if (r.bytes() > 0) {
                    program.write(buffer, 0, r.bytes(), r.status() == NtStatus.STATUS_SUCCESS, Dot4Constants.INFINITE);
                    toProgram.addAndGet(r.bytes());
                }
            }
        } catch (Dot4Exception e) {
            if (!deviceSideClosed.get()) {
                log.debug("{}: device to program ended: {}", name, e.getMessage());
            }
            return;
        }
        // The device closed its channel: so does the program's, after the program read what is queued.
        deviceSideClosed.set(true);
        try {
            program.close();
            log.debug("{}: device closed the channel after {} B to the program", name, toProgram.get());
        } catch (Dot4Exception e) {
            log.warn("{}: the device closed the channel, but the program did not take its last data: {}", name, e.getMessage());
        }
    }

    /**
     * Relays the program's data to the device until the program's channel ends, then closes the device's channel
     * delivering what was sent; call on its own thread.
     *
     * @return false when data the program sent could not all be delivered (the session should fail loudly)
     */
    boolean relayToDevice() {
        try {
            return relayAndClose();
        } finally {
            finished.complete(null);
        }
    }

    /** The program's socket id on the device: channels to the same service are ordered by it. */
    int service() {
        return program.key().secondarySocket();
    }

    /**
     * Whether the program has closed its channel (or it was cut) while the device's may still be closing: a later
     * channel to the same service waits for {@link #finished} so the device gets the program's jobs in order.
     */
    boolean programSideEnded() {
        try {
            return program.closeCause().isPresent();
        } catch (Dot4Exception e) {
            return true;
        }
    }

    /** Completes when the device's channel is closed (or the relay gave up). */
    CompletableFuture<Void> finished() {
        return finished;
    }

    private boolean relayAndClose() {
        byte[] buffer = new byte[CHUNK];
        String cut = null;
        try {
            while (true) {
                IoResult r = program.read(buffer, 0, buffer.length, Dot4Constants.INFINITE);
                if (r.isEndOfChannel()) {
                    break;
                }
                if (r.bytes() > 0) {
                    client.write(handle, buffer, 0, r.bytes(), r.status() == NtStatus.STATUS_SUCCESS, Dot4Constants.INFINITE);
                    toDevice.addAndGet(r.bytes());
                }
            }
        } catch (Dot4Exception e) {
            if (deviceSideClosed.get() || sessionEnding.getAsBoolean()) {
                return true;                          // the device ended the channel, or the session is closing
            }
            if (e.status() != NtStatus.STATUS_CANCELLED && e.status() != NtStatus.STATUS_DEVICE_NOT_CONNECTED) {
                log.error("{}: relaying to the device failed after {} B: {}", name, toDevice.get(), e.getMessage());
                return false;
            }
            cut = e.getMessage();
        }
        if (!deviceSideClosed.compareAndSet(false, true)) {
            return true;
        }
        try {
            client.closeChannel(handle);
        } catch (Dot4Exception e) {
            if (sessionEnding.getAsBoolean()) {
                log.debug("{}: closing the device's channel as the session ends: {}", name, e.getMessage());
                return true;
            }
            log.error("{}: the device did not take every byte the program sent ({} B relayed): {}", name, toDevice.get(),
                    e.getMessage());
            return false;
        }
        if (cut != null) {
            log.warn("{}: the program's channel was cut ({}); the {} B it sent were delivered and the device's channel"
                    + " closed", name, cut, toDevice.get());
        } else {
            log.debug("{}: program closed the channel after {} B to the device", name, toDevice.get());
        }
        return true;
    }

    /** Bytes relayed to the device so far. */
    long bytesToDevice() {
        return toDevice.get();
    }

    /** Bytes relayed to the program so far. */
    long bytesToProgram() {
        return toProgram.get();
    }
}
