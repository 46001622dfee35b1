package org.dot4j.driver;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Function;
import org.dot4j.api.Dot4Constants;
import org.dot4j.api.Dot4Exception;
import org.dot4j.api.IoResult;
import org.dot4j.api.NtStatus;
import org.dot4j.engine.ChannelMode;
import org.dot4j.engine.CloseCause;
import org.dot4j.engine.EngineConfig;
import org.dot4j.engine.EngineEvent;
import org.dot4j.engine.EngineException;
import org.dot4j.engine.LinkEngine;
import org.dot4j.engine.ReadResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a {@link LinkEngine} over a {@link ByteLink}: one reader thread feeds received bytes in, one writer
 * thread drains packets out and fires timers; callers block on their own operation only. Role-neutral: the
 * host and peripheral APIs are built on it.
 *
 * <p>Threading: two platform threads per link (links may block in native code); callers may be virtual threads.
 * The engine is touched only under {@link #lock}; every batch of engine events signals
 * {@link #changed}, and blocked callers re-check their own condition. Link writes happen outside the lock, so a
 * slow link never blocks readers of the engine. When the link fails, every pending and later operation fails
 * with STATUS_DEVICE_NOT_CONNECTED, and both threads end.
 */
public final class LinkDriver implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LinkDriver.class);
    /** Transmit buffer: room for a full-size packet and more. */
    private static final int TRANSMIT_BUFFER = 128 * 1024;
    private static final int RECEIVE_BUFFER = 64 * 1024;

    final ReentrantLock lock = new ReentrantLock();
    /** Signalled whenever the engine produced events or the link went down. */
    final Condition changed = lock.newCondition();
    private final Condition transmitWanted = lock.newCondition();
    private final ByteLink link;
    private final LinkEngine engine;
    private final String name;
    private final Map<Long, EngineEvent.Outcome> outcomes = new HashMap<>();
    private final Set<Long> abandoned = new HashSet<>();
    private final Map<Integer, ArrayDeque<Long>> accepted = new HashMap<>();
    private final List<Consumer<EngineEvent>> listeners = new CopyOnWriteArrayList<>();
    private final Thread reader;
    private final Thread writer;
    private boolean kicked;
    private volatile String downReason;

    private LinkDriver(ByteLink link, EngineConfig config) {
        this.link = link;
        this.engine = new LinkEngine(config);
        this.name = link.describe();
        engine.setTracer((sent, t) -> {
            if (log.isDebugEnabled()) {
                log.debug("{} {} {}", name, sent ? "->" : "<-", t);
            }
        });
        // Platform threads: tty and USB links block in native calls (poll, libusb) that pin a virtual thread's
        // carrier; with both ends of a link in one JVM on 2 cores the carriers ran out and the link stalled.
        this.reader = Thread.ofPlatform().daemon().name("dot4-read " + name).unstarted(this::readLoop);
        this.writer = Thread.ofPlatform().daemon().name("dot4-write " + name).unstarted(this::writeLoop);
    }

    /** Starts the driver threads on {@code link} with an engine configured by {@code config}. */
    public static LinkDriver start(ByteLink link, EngineConfig config) {
        LinkDriver driver = new LinkDriver(link, config);
        driver.reader.start();
        driver.writer.start();
        return driver;
    }

    /** What the link is connected to. */
    public String name() {
        return name;
    }

    /** Adds an observer of every engine event; it runs under the driver's lock and must not block. */
    public void addListener(Consumer<EngineEvent> listener) {
        listeners.add(listener);
    }

    /** Why the link went down, or null while it is up. */
    public String downReason() {
        return downReason;
    }

    /** Runs {@code action} on the engine under the lock, then lets the writer send what it produced. */
    public <T> T call(Function<LinkEngine, T> action) throws Dot4Exception {
        lock.lock();
        try {
            requireUp();
            return apply(action);
        } finally {
            lock.unlock();
        }
    }

    /** Runs {@code action} under the held lock in any link state, mapping refusals and waking the writer. */
    private <T> T apply(Function<LinkEngine, T> action) throws Dot4Exception {
        try {
            return action.apply(engine);
        } catch (EngineException e) {
            throw Statuses.of(e);
        } finally {
            afterEngineCall();
        }
    }

    /**
     * Reads engine state under the lock in any state, also after the link went down: what arrived before the
     * link went down (accepted channels, received data, counters) stays visible. {@code query} must not change
     * the engine.
     */
    public <T> T inspect(Function<LinkEngine, T> query) {
        lock.lock();
        try {
            return query.apply(engine);
        } finally {
            lock.unlock();
        }
    }

    /** Issues a command and waits for its outcome; a failure outcome is thrown with its NTSTATUS. */
    public EngineEvent.Outcome request(Function<LinkEngine, Long> command, long timeoutNanos) throws Dot4Exception {
        lock.lock();
        try {
            long id = call(command);
            long deadline = System.nanoTime() + timeoutNanos;
            while (!outcomes.containsKey(id)) {
                if (downReason != null) {
                    throw notConnected();
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    abandoned.add(id);
                    throw new Dot4Exception(NtStatus.STATUS_IO_TIMEOUT, "no answer from " + name + " within "
                            + TimeUnit.NANOSECONDS.toMillis(timeoutNanos) + " ms");
                }
                awaitChange(left);
            }
            EngineEvent.Outcome outcome = outcomes.remove(id);
            if (outcome instanceof EngineEvent.Failed failed) {
                throw Statuses.of(failed);
            }
            return outcome;
        } finally {
            lock.unlock();
        }
    }

    /** Waits for a channel the peer opened to {@code localSocket}; returns its engine id. */
    public long awaitAccepted(int localSocket, long timeoutMillis) throws Dot4Exception {
        lock.lock();
        try {
            long deadline = deadline(timeoutMillis);
            while (true) {
                ArrayDeque<Long> queue = accepted.get(localSocket);
                if (queue != null && !queue.isEmpty()) {
                    return queue.poll();
                }
                requireUp();
                if (!waitUntil(deadline)) {
                    throw new Dot4Exception(NtStatus.STATUS_IO_TIMEOUT, "no channel was opened to socket " + localSocket
                            + " within " + timeoutMillis + " ms");
                }
            }
        } finally {
            lock.unlock();
        }
    }

    /** Channels accepted for {@code localSocket} that nobody has taken yet; they are removed. */
    public List<Long> drainAccepted(int localSocket) {
        lock.lock();
        try {
            ArrayDeque<Long> queue = accepted.remove(localSocket);
            return queue == null ? List.of() : List.copyOf(queue);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Blocking write: queues all {@code size} bytes, waiting for room as credit lets data go, up to the timeout.
     * {@code endOfMessage} makes the bytes one message on a packet channel.
     */
    public IoResult write(long channelId, byte[] buffer, int offset, int size, boolean endOfMessage, long timeoutMillis)
            throws Dot4Exception {
        lock.lock();
        try {
            long deadline = deadline(timeoutMillis);
            ByteBuffer src = ByteBuffer.wrap(buffer, offset, size);
            boolean first = true;
            while (src.hasRemaining() || first) {
                first = false;
                int before = src.remaining();
                call(e -> e.write(channelId, src, endOfMessage));
                if (src.hasRemaining() && before == src.remaining() && !waitUntil(deadline)) {
                    requireUp();
                    return new IoResult(NtStatus.STATUS_TIMEOUT, size - src.remaining());
                }
            }
            return IoResult.success(size);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Blocking read: waits until data, the end of the channel, or the timeout. On a packet channel a message
     * larger than {@code size} comes back in pieces with STATUS_BUFFER_OVERFLOW.
     */
    public IoResult read(long channelId, ChannelMode mode, byte[] buffer, int offset, int size, long timeoutMillis)
            throws Dot4Exception {
        lock.lock();
        try {
            long deadline = deadline(timeoutMillis);
            ByteBuffer dst = ByteBuffer.wrap(buffer, offset, size);
            while (true) {
                // Data received before the link went down is still delivered: nothing is lost.
                ReadResult r = apply(e -> e.read(channelId, dst));
                if (r.bytes() > 0) {
                    boolean partial = mode == ChannelMode.PACKET && !r.endOfMessage();
                    return new IoResult(partial ? NtStatus.STATUS_BUFFER_OVERFLOW : NtStatus.STATUS_SUCCESS, r.bytes());
                }
                CloseCause cause = engine.closeCause(channelId).orElse(null);
                if (r.endOfChannel() && (cause == CloseCause.CLOSED_BY_PEER || cause == CloseCause.EXIT)) {
                    return IoResult.success(0);
                }
                if (r.endOfChannel() && downReason == null) {
                    throw new Dot4Exception(NtStatus.STATUS_CANCELLED, "channel " + channelId + " ended: the conversation was reset");
                }
                if (size == 0) {
                    return IoResult.success(0);
                }
                requireUp();
                if (!waitUntil(deadline)) {
                    return new IoResult(NtStatus.STATUS_TIMEOUT, 0);
                }
            }
        } finally {
            lock.unlock();
        }
    }

    /** Why a channel ended without our close command; readable after the link went down too. */
    public Optional<CloseCause> closeCause(long channelId) {
        return inspect(e -> e.closeCause(channelId));
    }

    /**
     * Waits until everything written to the channel was sent. Gives up (false) only when nothing went out for
     * {@code stallNanos}: a slow printer that keeps taking data is waited for as long as it takes.
     */
    public boolean awaitSent(long channelId, long stallNanos) throws Dot4Exception {
        lock.lock();
        try {
            long deadline = System.nanoTime() + stallNanos;
            int unsent = engine.unsent(channelId);
            while (unsent > 0) {
                requireUp();
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                awaitChange(left);
                int now = engine.unsent(channelId);
                if (now < unsent) {
                    deadline = System.nanoTime() + stallNanos;
                }
                unsent = now;
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** Closes the link; both threads end. A host sends Exit first (see {@link Dot4Host#close()}). */
    public void close() {
        closeLink("closed locally");
        joinQuietly(reader);
        joinQuietly(writer);
    }

    /** Waits up to {@code timeout} for both driver threads to end; true when they have (none is leaked). */
    public boolean awaitTerminated(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (Thread t : new Thread[] {reader, writer}) {
            long left = deadline - System.nanoTime();
            if (left <= 0 || !t.join(Duration.ofNanos(left))) {
                return !t.isAlive();
            }
        }
        return true;
    }

    /** Blocks until the link is down. */
    public void awaitDown() throws InterruptedException {
        lock.lock();
        try {
            while (downReason == null) {
                changed.await();
            }
        } finally {
            lock.unlock();
        }
    }

    // ---- threads

    private void readLoop() {
        ByteBuffer in = ByteBuffer.allocate(RECEIVE_BUFFER);
        try {
            while (downReason == null) {
                in.clear();
                int n = link.read(in);
                if (n < 0) {
                    closeLink("the peer closed the link");
                    return;
                }
                in.flip();
                lock.lock();
                try {
                    engine.handleReceived(in, System.nanoTime());
                    afterEngineCall();
                } finally {
                    lock.unlock();
                }
            }
        } catch (IOException | RuntimeException e) {
            closeLink("read failed: " + e.getMessage());
        }
    }

    private void writeLoop() {
        ByteBuffer out = ByteBuffer.allocate(TRANSMIT_BUFFER);
        try {
            while (true) {
                lock.lock();
                try {
                    while (true) {
                        if (downReason != null) {
                            return;
                        }
                        long now = System.nanoTime();
                        engine.handleTimeout(now);
                        out.clear();
                        int n = engine.pollTransmit(out, now);
                        dispatch();
                        if (n > 0) {
                            break;
                        }
                        if (!kicked) {
                            OptionalLong next = engine.nextDeadline();
                            if (next.isPresent()) {
                                transmitWanted.awaitNanos(Math.max(1, next.getAsLong() - now));
                            } else {
                                transmitWanted.await();
                            }
                        }
                        kicked = false;
                    }
                } finally {
                    lock.unlock();
                }
                out.flip();
                link.write(out);
            }
        } catch (IOException | RuntimeException e) {
            closeLink("write failed: " + e.getMessage());
        } catch (InterruptedException e) {
            closeLink("interrupted");
        }
    }

    // ---- internals

    private void afterEngineCall() {
        dispatch();
        kicked = true;
        transmitWanted.signal();
    }

    private void dispatch() {
        boolean any = false;
        for (var e = engine.pollEvent(); e.isPresent(); e = engine.pollEvent()) {
            EngineEvent event = e.get();
            any = true;
            switch (event) {
                case EngineEvent.Completed c -> {
                    if (!abandoned.remove(c.requestId())) {
                        outcomes.put(c.requestId(), c.outcome());
                    }
                }
                case EngineEvent.ChannelAccepted a ->
                        accepted.computeIfAbsent(a.localSocket(), k -> new ArrayDeque<>()).add(a.channelId());
                case EngineEvent.ViolationDetected v -> {
                    // NUL floods are a known host recovery (reference §12.1), not a fault worth a warning.
                    if (v.detail().contains("NUL bytes")) {
                        log.debug("{}: {}", name, v.detail());
                    } else {
                        log.warn("{}: {} ({})", name, v.detail(), v.code());
                    }
                }
                case EngineEvent.PeerError p -> log.warn("{}: peer sent Error {} for {}/{}", name, p.code(),
                        p.primarySocket(), p.secondarySocket());
                case EngineEvent.LinkDown d -> log.info("{}: link down: {}", name, d.reason());
                default -> { }
            }
            for (Consumer<EngineEvent> listener : listeners) {
                listener.accept(event);
            }
        }
        if (any) {
            changed.signalAll();
        }
    }

    private void closeLink(String reason) {
        lock.lock();
        try {
            if (downReason != null) {
                return;
            }
            downReason = reason;
            engine.handleLinkDown(reason);
            dispatch();
            changed.signalAll();
            transmitWanted.signal();
        } finally {
            lock.unlock();
        }
        try {
            link.close();
        } catch (IOException e) {
            log.debug("{}: close failed: {}", name, e.getMessage());
        }
    }

    private void requireUp() throws Dot4Exception {
        if (downReason != null) {
            throw notConnected();
        }
    }

    private Dot4Exception notConnected() {
        return new Dot4Exception(NtStatus.STATUS_DEVICE_NOT_CONNECTED, name + " is not connected (" + downReason
                + "); check the device and reconnect");
    }

    /** A deadline for a d4drvif timeout: INFINITE never expires, NO_TIMEOUT (0) expires at once. */
    private static long deadline(long timeoutMillis) {
        if (timeoutMillis < 0 || timeoutMillis > Dot4Constants.INFINITE) {
            throw new IllegalArgumentException("timeout " + timeoutMillis + " ms is outside the unsigned 32-bit range");
        }
        return timeoutMillis == Dot4Constants.INFINITE ? Long.MAX_VALUE
                : System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
    }

    /** Waits for a change until {@code deadline}; false when the deadline passed. */
    private boolean waitUntil(long deadline) throws Dot4Exception {
        if (deadline == Long.MAX_VALUE) {
            awaitChange(Long.MAX_VALUE);
            return true;
        }
        long left = deadline - System.nanoTime();
        if (left <= 0) {
            return false;
        }
        awaitChange(left);
        return true;
    }

    private void awaitChange(long nanos) throws Dot4Exception {
        try {
            if (nanos == Long.MAX_VALUE) {
                changed.await();
            } else {
                changed.awaitNanos(nanos);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Dot4Exception(NtStatus.STATUS_CANCELLED, "interrupted while waiting on " + name);
        }
    }

    private static void joinQuietly(Thread t) {
        try {
            t.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
