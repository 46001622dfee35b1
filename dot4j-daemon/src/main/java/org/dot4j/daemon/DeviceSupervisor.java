package org.dot4j.daemon;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.dot4j.api.Dot4Exception;
import org.dot4j.api.NtStatus;
import org.dot4j.capture.TraceWriter;
import org.dot4j.capture.TracingLink;
import org.dot4j.driver.ByteLink;
import org.dot4j.driver.Dot4Host;
import org.dot4j.links.Links;
import org.dot4j.links.usb.UsbLink;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps one device connected: connects its link, starts the 1284.4 conversation, and when the link goes away
 * logs why and tries again after a growing delay ({@link DaemonConfig.Backoff}), logging a summary now and then
 * rather than every attempt ({@link OutageLog}). Other devices are unaffected;
 * while this one is down, requests for it fail with STATUS_DEVICE_NOT_CONNECTED saying since when, why and when
 * the next attempt is.
 *
 * <p>Thread-safe: one virtual thread runs the connect loop; any thread may ask for the state or the host.
 */
public final class DeviceSupervisor implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(DeviceSupervisor.class);
    /** How long a link may take to connect before the attempt counts as failed. */
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);

    /**
     * A snapshot for status reports.
     *
     * @param host the conversation while the device is up
     * @param since when the device last came up or went down
     * @param reason why it is down (empty while up)
     * @param nextAttempt when it is tried again while down (null while up or connecting)
     * @param reconnects how many times a lost device came back
     * @param failedAttempts attempts that failed since it was last up (or since the daemon started); 0 while up
     * @param deviceId the IEEE 1284 device id a USB printer gave when it was last connected; empty for other links
     */
    public record State(Optional<Dot4Host> host, Instant since, String reason, Instant nextAttempt, int reconnects,
                        int failedAttempts, Optional<String> deviceId) {
        /** Whether the device is connected. */
        public boolean up() {
            return host.isPresent();
        }
    }

    private final DeviceSpec spec;
    private final DaemonConfig.Backoff backoff;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final Thread thread;
    /** Used by the connect loop only. */
    private final OutageLog outages;
    private Dot4Host host;
    private Instant since = Instant.now();
    private String reason = "not connected yet";
    private Instant nextAttempt;
    private int reconnects;
    private int failedAttempts;
    private Optional<String> deviceId = Optional.empty();
    /** Traces recording this device's link, across reconnections ({@code serve --trace}, {@code ctl trace}). */
    private final List<TraceWriter> traces = new CopyOnWriteArrayList<>();
    /** The link of the current (or last) connection; traces attach to it. */
    private volatile TracingLink link;
    private boolean everUp;
    private boolean closed;

    /** A supervisor for {@code spec}; {@link #start()} begins connecting. */
    public DeviceSupervisor(DeviceSpec spec, DaemonConfig.Backoff backoff) {
        this.spec = spec;
        this.backoff = backoff;
        this.thread = Thread.ofVirtual().name("dot4-device " + spec.name()).unstarted(this::superviseLoop);
        this.outages = new OutageLog(log, spec.name() + " (" + spec.uri() + ")");
    }

    /** Starts the connect loop. */
    public void start() {
        thread.start();
    }

    /** The device's configuration. */
    public DeviceSpec spec() {
        return spec;
    }

    /** The current state. */
    public State state() {
        lock.lock();
        try {
            return new State(Optional.ofNullable(host), since, reason, nextAttempt, reconnects, failedAttempts, deviceId);
        } finally {
            lock.unlock();
        }
    }

    /** The conversation while the device is up. */
    public Optional<Dot4Host> host() {
        return state().host();
    }

    /**
     * The conversation, or a STATUS_DEVICE_NOT_CONNECTED failure describing why there is none.
     */
    public Dot4Host requireHost() throws Dot4Exception {
        lock.lock();
        try {
            if (host != null) {
                return host;
            }
            String next = nextAttempt == null ? "a connection attempt is in progress"
                    : "next attempt at " + nextAttempt;
            throw new Dot4Exception(NtStatus.STATUS_DEVICE_NOT_CONNECTED, "device " + spec.name() + " (" + spec.uri()
                    + ") is down since " + since + ": " + reason + "; " + next);
        } finally {
            lock.unlock();
        }
    }

    /** Records this device's link into {@code trace} from now on, through reconnections, until {@link #untrace}. */
    public void trace(TraceWriter trace) {
        traces.add(trace);
        attachTo(trace);
    }

    /** Attaches {@code trace} to the current link; a trace that cannot take a link is dropped, never the device. */
    private void attachTo(TraceWriter trace) {
        TracingLink current = link;
        if (current == null) {
            return;
        }
        try {
            current.attach(trace.link(traceName()));
        } catch (IOException e) {
            traces.remove(trace);
            log.warn("{}: tracing stopped: {}", spec.name(), e.getMessage());
        }
    }

    /**
     * Stops recording into {@code trace} (the caller closes it). The current link's part of it ends when the link
     * does: a trace closed before that stops taking records.
     */
    public void untrace(TraceWriter trace) {
        traces.remove(trace);
    }

    private String traceName() {
        return "host end of " + spec.uri() + " (device " + spec.name() + ")";
    }

    /** Waits until the device is up; false after {@code timeout}. */
    public boolean awaitUp(Duration timeout) throws InterruptedException {
        lock.lock();
        try {
            long left = timeout.toNanos();
            while (host == null) {
                if (left <= 0 || closed) {
                    return false;
                }
                left = changed.awaitNanos(left);
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** Waits until the device is down; false after {@code timeout}. */
    public boolean awaitDown(Duration timeout) throws InterruptedException {
        lock.lock();
        try {
            long left = timeout.toNanos();
            while (host != null) {
                if (left <= 0) {
                    return false;
                }
                left = changed.awaitNanos(left);
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** Stops reconnecting and ends the conversation (Exit while the link is up). */
    @Override
    public void close() {
        Dot4Host current;
        lock.lock();
        try {
            closed = true;
            current = host;
            host = null;
            reason = "the daemon is stopping";
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        if (current != null) {
            current.close();
        }
        thread.interrupt();
        try {
            thread.join(Duration.ofSeconds(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void superviseLoop() {
        Duration delay = backoff.initial();
        while (!isClosed()) {
            Dot4Host connected = connectOnce(delay);
            if (connected != null) {
                delay = backoff.initial();
                try {
                    connected.awaitDown();
                } catch (InterruptedException e) {
                    return;     // close() ends the host itself
                }
                if (isClosed()) {
                    return;
                }
                connected.close();
                markDown(connected.downReason(), delay, false);
                outages.lost(connected.downReason(), Instant.now());
            }
            if (!sleepBeforeRetry()) {
                return;
            }
            delay = backoff.next(delay);
        }
    }

    /** One attempt: the conversation, or null after recording why it failed and when to retry. */
    private Dot4Host connectOnce(Duration retryDelay) {
        TracingLink link = null;
        try {
            ByteLink raw = Links.connect(spec.uri(), CONNECT_TIMEOUT);
            Optional<String> id = deviceIdOf(raw);
            link = new TracingLink(raw, TracingLink.End.HOST);
            this.link = link;
            traces.forEach(this::attachTo);
            Dot4Host connected = Dot4Host.connect(link, spec.options());
            lock.lock();
            try {
                if (closed) {
                    connected.close();
                    return null;
                }
                host = connected;
                since = Instant.now();
                reason = "";
                nextAttempt = null;
                failedAttempts = 0;
                deviceId = id;
                if (everUp) {
                    reconnects++;
                }
                everUp = true;
                changed.signalAll();
            } finally {
                lock.unlock();
            }
            outages.up(connected.revision(), Instant.now());
            return connected;
        } catch (IOException | RuntimeException e) {
            if (link != null && !(e instanceof Dot4Exception)) {
                closeQuietly(link);
            }
            markDown(e.getMessage(), retryDelay, true);
            outages.failed(e.getMessage(), Instant.now(), retryDelay);
            return null;
        }
    }

    /**
     * Records that the device is down and when the next attempt will be, in one step for status readers;
     * {@code failedAttempt}: an attempt to connect failed (not a loss of a device that was up).
     */
    private void markDown(String why, Duration retryDelay, boolean failedAttempt) {
        lock.lock();
        try {
            if (failedAttempt) {
                failedAttempts++;
            } else {
                since = Instant.now();  // it went down now; a failed attempt leaves the outage's start as it was
            }
            host = null;
            reason = why == null ? "unknown" : why;
            nextAttempt = Instant.now().plus(retryDelay);
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Waits until the next attempt is due unless closed first; false when closed. */
    private boolean sleepBeforeRetry() {
        lock.lock();
        try {
            long left = Duration.between(Instant.now(), nextAttempt).toNanos();
            while (!closed && left > 0) {
                left = changed.awaitNanos(left);
            }
            nextAttempt = null;
            return !closed;
        } catch (InterruptedException e) {
            return false;
        } finally {
            lock.unlock();
        }
    }

    private boolean isClosed() {
        lock.lock();
        try {
            return closed;
        } finally {
            lock.unlock();
        }
    }

    /**
     * The IEEE 1284 device id of a USB printer (HP's MDL/CMD/DES, Epson's too), read once per connection before the
     * conversation starts, for the status page; empty for other links or when the printer does not answer.
     */
    private static Optional<String> deviceIdOf(ByteLink link) {
        if (!(link instanceof UsbLink usb)) {
            return Optional.empty();
        }
        try {
            return Optional.of(usb.deviceId().text());
        } catch (IOException | RuntimeException e) {
            log.debug("{}: no device id: {}", link.describe(), e.getMessage());
            return Optional.empty();
        }
    }

    private static void closeQuietly(ByteLink link) {
        try {
            link.close();
        } catch (IOException e) {
            log.debug("closing {}: {}", link.describe(), e.getMessage());
        }
    }
}
