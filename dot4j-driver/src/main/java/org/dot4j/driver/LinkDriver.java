package org.dot4j.driver;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Function;
import org.dot4j.api.Dot4Exception;
import org.dot4j.api.IoResult;
import org.dot4j.api.NtStatus;
import org.dot4j.engine.ChannelMode;
import org.dot4j.engine.CloseCause;
import org.dot4j.engine.EngineConfig;
import org.dot4j.engine.EngineEvent;
import org.dot4j.engine.EngineException;
import org.dot4j.engine.LinkEngine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a {@link LinkEngine} over a {@link ByteLink}: one reader thread feeds received bytes in, one writer
 * thread drains packets out and fires timers; callers block on their own operation only. Role-neutral: the
 * host and peripheral APIs are built on it.
 *
 * <p>Threading: two platform threads per link (links may block in native code); callers may be virtual threads.
 * The engine is touched only under {@link #lock}. A blocked caller waits on a condition of its own, and an engine
 * event wakes only the callers it concerns ({@link Wakeups}): data wakes that channel's reader, room its writer,
 * an outcome its requester. Link writes, log lines and observers run outside the lock ({@link Notices}), so a
 * slow link, log or observer never blocks users of the engine. When the link fails, every pending and later
 * operation fails with STATUS_DEVICE_NOT_CONNECTED, and both threads end. Channel I/O waits live in
 * {@link ChannelIo}, closes that deliver first in {@link ChannelCloses}, the two threads' loops in {@link LinkThreads}.
 * A request whose caller stops waiting (timeout, interrupt) is cancelled in the engine, so nothing it leaves
 * behind (a late channel, an outcome) outlives it.
 */
public final class LinkDriver implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LinkDriver.class);
    /** Guards the engine and every table here; held by no caller while it waits, nor while logging. */
    final ReentrantLock lock = new ReentrantLock();
    /** Blocked callers, each woken by what concerns it. */
    final Wakeups wakeups = new Wakeups(lock);
    final LinkEngine engine;
    final ChannelCloses closes = new ChannelCloses(this);
    final Requests requests = new Requests(this);
    private final ChannelIo io = new ChannelIo(this);
    private final ByteLink link;
    private final String name;
    private final List<Consumer<EngineEvent>> listeners = new CopyOnWriteArrayList<>();
    private final List<Consumer<EngineEvent>> lockedObservers = new CopyOnWriteArrayList<>();
    private final Notices notices;
    private final Thread reader;
    private final Thread writer;
    private final LinkThreads threads;
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
        this.threads = new LinkThreads(this, link);
        this.reader = Thread.ofPlatform().daemon().name("dot4-read " + name).unstarted(threads::readLoop);
        this.writer = Thread.ofPlatform().daemon().name("dot4-write " + name).unstarted(threads::writeLoop);
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
    <T> T apply(Function<LinkEngine, T> action) throws Dot4Exception {
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
        return requests.request(command, timeoutNanos, false);
    }

    /** Waits for a channel the peer opened to {@code localSocket}; returns its engine id. */
    public long awaitAccepted(int localSocket, long timeoutMillis) throws Dot4Exception {
        return requests.awaitAccepted(localSocket, timeoutMillis);
    }

    /** Channels accepted for {@code localSocket} that nobody has taken yet; they are removed. */
    public List<Long> drainAccepted(int localSocket) {
        return requests.drainAccepted(localSocket);
    }

    /**
     * Blocking write: queues all {@code size} bytes, waiting for room as credit lets data go, up to the timeout;
     * a timeout returns STATUS_TIMEOUT with the bytes taken (they are sent). {@code endOfMessage} makes the bytes
     * one message on a packet channel. An interrupt fails the call with STATUS_CANCELLED, the flag kept; bytes
     * taken before it are sent. The bytes are {@code src}'s remaining ones, its position moved past those taken.
     */
    public IoResult write(long channelId, ByteBuffer src, boolean endOfMessage, long timeoutMillis)
            throws Dot4Exception {
        return io.write(channelId, src, endOfMessage, timeoutMillis);
    }

    /**
     * Blocking read: waits until data, the end of the channel, or the timeout (STATUS_TIMEOUT, 0 bytes). On a
     * packet channel a message larger than {@code size} comes back in pieces with STATUS_BUFFER_OVERFLOW. An
     * interrupt fails the call with STATUS_CANCELLED, the flag kept; data that arrives stays for the next read.
     */
    public IoResult read(long channelId, ChannelMode mode, byte[] buffer, int offset, int size, long timeoutMillis)
            throws Dot4Exception {
        return io.read(channelId, mode, buffer, offset, size, timeoutMillis);
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
        return io.awaitSent(channelId, stallNanos);
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
        closes.closeDelivering(channelId, timeoutNanos, peer);
    }

    /**
     * CloseChannel without waiting for data to drain (what was not sent is dropped: use {@link #closeDelivering}
     * or {@link #closeWhenDrained} for a channel with unsent data); callers blocked on the channel are woken.
     */
    public void closeChannel(long channelId, long timeoutNanos) throws Dot4Exception {
        closes.closeChannel(channelId, timeoutNanos, false);
    }

    /**
     * Hands a channel nobody uses any more to the driver: it is closed on the wire once everything written to
     * it was sent (at once when nothing is unsent), or forgotten when the peer, a reset or the link ends it
     * first. Reads and writes still blocked on it fail with STATUS_CANCELLED.
     */
    public void closeWhenDrained(long channelId) {
        closes.closeWhenDrained(channelId);
    }

    /** Closes the link; both threads end. A host sends Exit first (see {@link Dot4Host#close()}). */
    public void close() {
        closeLink("closed locally");
        joinQuietly(reader);
        joinQuietly(writer);
    }

    /** Waits up to {@code timeout} for both driver threads to end; true when they have (none is leaked). */
    public boolean awaitTerminated(Duration timeout) throws InterruptedException {
        Deadline deadline = Deadline.ofNanos(timeout.toNanos());
        for (Thread t : new Thread[] {reader, writer}) {
            long left = deadline.remainingNanos();
            if (left <= 0 || !t.join(Duration.ofNanos(left))) {
                return !t.isAlive();
            }
        }
        return true;
    }

    /** Blocks until the link is down. */
    public void awaitDown() throws InterruptedException {
        lock.lock();
        try (Wakeups.Waiter down = wakeups.register(Wakeups.Topic.DOWN, 0)) {
            while (downReason == null) {
                down.await();
            }
        } finally {
            unlock();
        }
    }

    // ---- internals

    /** Under the lock, after every engine call: hands out its events and lets the writer look again. */
    void afterEngineCall() {
        dispatch();
        threads.kick();
    }

    /** Under the lock: hands out the engine's events (wakeups, tables; logs and listeners for after the lock). */
    void dispatch() {
        closes.closeDrained();
        for (var e = engine.pollEvent(); e.isPresent(); e = engine.pollEvent()) {
            EngineEvent event = e.get();
            switch (event) {
                case EngineEvent.Completed c -> requests.completed(c);
                case EngineEvent.ChannelAccepted a -> requests.accepted(a);
                case EngineEvent.DataReceived d -> wakeups.wake(Wakeups.Topic.RECEIVE, d.channelId());
                case EngineEvent.Writable w -> wakeups.wake(Wakeups.Topic.SEND, w.channelId());
                case EngineEvent.ChannelClosed c -> wakeups.wakeChannel(c.channelId());
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
                    wakeups.wakeAll();
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
    }

    /** Takes the link down once (the engine, waiters, the writer), then closes it outside the lock. */
    void closeLink(String reason) {
        lock.lock();
        try {
            if (downReason != null) {
                return;
            }
            downReason = reason;
            engine.handleLinkDown(reason);
            dispatch();
            wakeups.wakeAll();
            threads.wakeWriter();
        } finally {
            unlock();
        }
        try {
            link.close();
        } catch (IOException e) {
            log.debug("{}: close failed: {}", name, e.getMessage());
        }
    }

    void requireUp() throws Dot4Exception {
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
