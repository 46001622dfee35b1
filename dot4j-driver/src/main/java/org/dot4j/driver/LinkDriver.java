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
import java.util.Set;
import java.util.OptionalLong;
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
 * {@link #changed}, and blocked callers re-check their own condition. Link writes, log lines and observers run
 * outside the lock ({@link Notices}), so a slow link, log or observer never blocks users of the engine. When the
 * link fails, every pending and later operation fails with STATUS_DEVICE_NOT_CONNECTED, and both threads end.
 * A request whose caller stops waiting (timeout, interrupt) is cancelled in the engine, so nothing it leaves
 * behind (a late channel, an outcome) outlives it.
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
    private final Map<Integer, ArrayDeque<Long>> accepted = new HashMap<>();
    /** Channels given up on with data unsent: nothing is dropped, so each closes on the wire once it drained. */
    private final Set<Long> lingering = new HashSet<>();
    /** Requests the driver issued itself, whose outcome nobody waits for. */
    private final Set<Long> unclaimed = new HashSet<>();
    private final List<Consumer<EngineEvent>> listeners = new CopyOnWriteArrayList<>();
    private final List<Consumer<EngineEvent>> lockedObservers = new CopyOnWriteArrayList<>();
    private final Notices notices;
    private final Thread reader;
    private final Thread writer;
    private boolean kicked;
    private volatile String downReason;

    private LinkDriver(ByteLink link, EngineConfig config) {
        this.link = link;
        this.engine = new LinkEngine(config);
        this.name = link.describe();
        this.notices = new Notices(log, name, lock);
        engine.setTracer((sent, t) -> {
            if (log.isDebugEnabled()) {
                notices.later(() -> log.debug("{} {} {}", name, sent ? "->" : "<-", t));
            }
        });
        // Platform threads: tty and USB links block in native calls (poll, libusb) that pin a virtual thread's
        // carrier; with both ends of a link in one JVM on 2 cores the carriers ran out and the link stalled.
        this.reader = Thread.ofPlatform().daemon().name("dot4-read " + name).unstarted(this::readLoop);
        this.writer = Thread.ofPlatform().daemon().name("dot4-write " + name).unstarted(this::writeLoop);
    }

    /** Starts the driver threads on {@code link} with an engine configured by {@code config}. */
    public static LinkDriver start(ByteLink link, EngineConfig config) {
        return start(link, config, e -> { });
    }

    /**
     * Starts the driver threads on {@code link} after {@code setup} prepared the engine (e.g. registered the
     * services a peripheral offers), so the first bytes the peer sends already find them.
     */
    public static LinkDriver start(ByteLink link, EngineConfig config, Consumer<LinkEngine> setup) {
        LinkDriver driver = new LinkDriver(link, config);
        setup.accept(driver.engine);
        driver.reader.start();
        driver.writer.start();
        return driver;
    }

    /** What the link is connected to. */
    public String name() {
        return name;
    }

    /** Adds an observer of every engine event; it is called outside the driver's lock, in event order. */
    public void addListener(Consumer<EngineEvent> listener) {
        listeners.add(listener);
    }

    /** Adds an observer that keeps driver-side tables in step with the engine: runs under the lock, never blocks. */
    void observeLocked(Consumer<EngineEvent> observer) {
        lockedObservers.add(observer);
    }

    /** Lets go of {@link #lock} and runs what was queued to be said or called outside it. */
    void unlock() {
        lock.unlock();
        notices.run();
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
            unlock();
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
            unlock();
        }
    }

    /**
     * Issues a command and waits for its outcome; a failure outcome is thrown with its NTSTATUS. When the wait
     * ends without an outcome (timeout, interrupt, link loss) the request is cancelled in the engine.
     */
    public EngineEvent.Outcome request(Function<LinkEngine, Long> command, long timeoutNanos) throws Dot4Exception {
        lock.lock();
        try {
            long id = call(command);
            Deadline deadline = Deadline.ofNanos(timeoutNanos);
            try {
                while (!outcomes.containsKey(id)) {
                    requireUp();
                    if (!deadline.await(changed, name)) {
                        throw new Dot4Exception(NtStatus.STATUS_IO_TIMEOUT, "no answer from " + name + " within "
                                + TimeUnit.NANOSECONDS.toMillis(timeoutNanos) + " ms");
                    }
                }
            } catch (Dot4Exception e) {
                // Timeout, interrupt or link loss: the engine undoes what it can; what completed meanwhile stands.
                if (engine.cancel(id) || !outcomes.containsKey(id)) {
                    throw e;
                }
            }
            EngineEvent.Outcome outcome = outcomes.remove(id);
            if (outcome instanceof EngineEvent.Failed failed) {
                throw Statuses.of(failed);
            }
            return outcome;
        } finally {
            unlock();
        }
    }

    /** Waits for a channel the peer opened to {@code localSocket}; returns its engine id. */
    public long awaitAccepted(int localSocket, long timeoutMillis) throws Dot4Exception {
        lock.lock();
        try {
            Deadline deadline = Deadline.ofMillis(timeoutMillis);
            while (true) {
                ArrayDeque<Long> queue = accepted.get(localSocket);
                if (queue != null && !queue.isEmpty()) {
                    return queue.poll();
                }
                requireUp();
                if (!deadline.await(changed, name)) {
                    throw new Dot4Exception(NtStatus.STATUS_IO_TIMEOUT, "no channel was opened to socket " + localSocket
                            + " within " + timeoutMillis + " ms");
                }
            }
        } finally {
            unlock();
        }
    }

    /** Channels accepted for {@code localSocket} that nobody has taken yet; they are removed. */
    public List<Long> drainAccepted(int localSocket) {
        lock.lock();
        try {
            ArrayDeque<Long> queue = accepted.remove(localSocket);
            return queue == null ? List.of() : List.copyOf(queue);
        } finally {
            unlock();
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
            Deadline deadline = Deadline.ofMillis(timeoutMillis);
            ByteBuffer src = ByteBuffer.wrap(buffer, offset, size);
            boolean first = true;
            while (src.hasRemaining() || first) {
                first = false;
                int before = src.remaining();
                call(e -> e.write(channelId, src, endOfMessage));
                if (src.hasRemaining() && before == src.remaining() && !deadline.await(changed, name)) {
                    requireUp();
                    return new IoResult(NtStatus.STATUS_TIMEOUT, size - src.remaining());
                }
            }
            return IoResult.success(size);
        } finally {
            unlock();
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
            Deadline deadline = Deadline.ofMillis(timeoutMillis);
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
                if (!deadline.await(changed, name)) {
                    return new IoResult(NtStatus.STATUS_TIMEOUT, 0);
                }
            }
        } finally {
            unlock();
        }
    }

    /** Why a channel ended without our close command; readable after the link went down too. */
    public Optional<CloseCause> closeCause(long channelId) {
        return inspect(e -> e.closeCause(channelId));
    }

    /**
     * Waits until everything written to the channel was sent; returns the bytes left unsent (0 on success).
     * Gives up only when nothing went out for {@code stallNanos} or the peer closed the channel: a slow printer
     * that keeps taking data is waited for as long as it takes.
     */
    public int awaitSent(long channelId, long stallNanos) throws Dot4Exception {
        lock.lock();
        try {
            Deadline deadline = Deadline.ofNanos(stallNanos);
            int unsent = engine.unsent(channelId);
            while (unsent > 0 && engine.closeCause(channelId).isEmpty()) {
                requireUp();
                if (!deadline.await(changed, name)) {
                    return unsent;
                }
                int now = engine.unsent(channelId);
                if (now < unsent) {
                    deadline = Deadline.ofNanos(stallNanos);
                }
                unsent = now;
            }
            return unsent;
        } finally {
            unlock();
        }
    }

    /**
     * CLOSE_CHANNEL as the first rule of dot4j wants it: waits until everything written was sent (as long as
     * the peer keeps taking data, giving up after {@code timeoutNanos} without progress), then closes the channel
     * on the wire. The channel is closed and forgotten in every case; the call succeeds only when every byte
     * written was taken by {@code peer} and the channel closed normally. Otherwise it fails with
     * STATUS_IO_TIMEOUT (the peer stopped taking data), STATUS_CANCELLED (the peer closed the channel first)
     * or STATUS_DEVICE_NOT_CONNECTED (the link went down), the message saying how many bytes were not delivered.
     */
    public void closeDelivering(long channelId, long timeoutNanos, String peer) throws Dot4Exception {
        int unsent;
        try {
            unsent = awaitSent(channelId, timeoutNanos);
        } catch (Dot4Exception e) {
            throw undelivered(channelId, e);
        }
        Optional<CloseCause> cause = closeCause(channelId);
        if (unsent == 0 && cause.filter(c -> c == CloseCause.CLOSED_BY_PEER || c == CloseCause.EXIT).isPresent()) {
            forget(channelId);     // the peer ended it after taking everything: nothing to say on the wire
            return;
        }
        Dot4Exception failure = null;
        if (unsent > 0 && cause.isEmpty()) {
            closeWhenDrained(channelId);
            throw new Dot4Exception(NtStatus.STATUS_IO_TIMEOUT, unsent + " bytes not delivered: " + peer
                    + " took no data for " + TimeUnit.NANOSECONDS.toMillis(timeoutNanos) + " ms (out of paper? paused?);"
                    + " they stay queued and the channel closes once " + peer + " takes them");
        }
        if (unsent > 0) {
            failure = switch (cause.get()) {
                case LINK_DOWN -> new Dot4Exception(NtStatus.STATUS_DEVICE_NOT_CONNECTED, name + " went down with "
                        + unsent + " bytes not delivered (" + downReason + ")");
                case REINIT -> new Dot4Exception(NtStatus.STATUS_CANCELLED, "the conversation was reset with "
                        + unsent + " bytes not delivered");
                case CLOSED_BY_PEER, EXIT -> new Dot4Exception(NtStatus.STATUS_CANCELLED, peer + " closed the channel with "
                        + unsent + " bytes not taken; the job was not delivered whole");
            };
        }
        try {
            request(e -> e.closeChannel(channelId), timeoutNanos);
        } catch (Dot4Exception e) {
            throw failure != null ? failure : e;
        }
        if (failure != null) {
            throw failure;
        }
    }

    /**
     * Hands a channel nobody uses any more to the driver: it is closed on the wire once everything written to
     * it was sent (at once when nothing is unsent), or forgotten when the peer, a reset or the link ends it first.
     */
    public void closeWhenDrained(long channelId) {
        lock.lock();
        try {
            lingering.add(channelId);
            closeDrained();
        } finally {
            unlock();
        }
    }

    /** Closes lingering channels that have drained or ended (lock held); runs before each batch of events. */
    private void closeDrained() {
        for (var it = lingering.iterator(); it.hasNext(); ) {
            long id = it.next();
            if (downReason == null && engine.unsent(id) > 0 && engine.closeCause(id).isEmpty()) {
                continue;
            }
            it.remove();
            try {
                long request = engine.closeChannel(id);
                if (!engine.cancel(request)) {
                    unclaimed.add(request);       // completed at once: its event is dispatched next
                }
            } catch (EngineException e) {
                // Already closing or gone (link down, reset): nothing is left to close.
            }
        }
    }

    /** Drops a channel the peer already closed, in any link state. */
    private void forget(long channelId) throws Dot4Exception {
        lock.lock();
        try {
            discard(apply(e -> e.closeChannel(channelId)));
        } finally {
            unlock();
        }
    }

    /** The link failed during a close: the error says whether written data was lost with it. */
    private Dot4Exception undelivered(long channelId, Dot4Exception e) {
        int unsent = inspect(engine -> engine.unsent(channelId));
        return unsent == 0 ? e : new Dot4Exception(e.status(), e.getMessage() + "; " + unsent + " bytes were not delivered");
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
            unlock();
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
                    unlock();
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
                    unlock();
                }
                out.flip();
                PacketWrites.write(link, out);
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
        if (!lingering.isEmpty()) {
            closeDrained();
        }
        boolean any = false;
        for (var e = engine.pollEvent(); e.isPresent(); e = engine.pollEvent()) {
            EngineEvent event = e.get();
            any = true;
            switch (event) {
                case EngineEvent.Completed c -> {
                    if (!unclaimed.remove(c.requestId())) {
                        outcomes.put(c.requestId(), c.outcome());
                    }
                }
                case EngineEvent.ChannelAccepted a ->
                        accepted.computeIfAbsent(a.localSocket(), k -> new ArrayDeque<>()).add(a.channelId());
                case EngineEvent.ViolationDetected v -> {
                    // A known peer recovery (d4lib's NUL flood, reference §12.1) is not a fault worth a warning.
                    if (v.kind().benign()) {
                        notices.later(() -> log.debug("{}: {}", name, v.detail()));
                    } else {
                        notices.violation(v.detail() + " (" + v.code() + ")");
                    }
                }
                case EngineEvent.PeerError p -> notices.violation("peer sent Error " + p.code() + " for "
                        + p.primarySocket() + "/" + p.secondarySocket());
                case EngineEvent.LinkDown d -> {
                    notices.flushSuppressed();
                    notices.later(() -> log.info("{}: link down: {}", name, d.reason()));
                }
                default -> { }
            }
            for (Consumer<EngineEvent> observer : lockedObservers) {
                observer.accept(event);
            }
            for (Consumer<EngineEvent> listener : listeners) {
                notices.later(() -> listener.accept(event));
            }
        }
        if (any) {
            changed.signalAll();
        }
    }

    /** Drops request {@code id} and its outcome, whether or not it already came (caller holds the lock). */
    private void discard(long id) {
        if (!engine.cancel(id)) {
            outcomes.remove(id);
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
            unlock();
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

    private static void joinQuietly(Thread t) {
        try {
            t.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
