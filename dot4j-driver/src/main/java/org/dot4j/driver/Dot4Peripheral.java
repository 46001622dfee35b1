package org.dot4j.driver;

import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import org.dot4j.api.Dot4Exception;
import org.dot4j.api.NtStatus;
import org.dot4j.engine.ChannelStatus;
import org.dot4j.engine.EngineConfig;
import org.dot4j.engine.EngineEvent;
import org.dot4j.engine.LinkEngine;
import org.dot4j.engine.LocalSocket;

/**
 * The peripheral end of one link: serves named services on their socket ids, accepts the channels hosts open,
 * and (with an IEEE 1284.4 host) opens channels toward a host socket. Hosts that restart (Init again) or vanish
 * are handled by the engine: channels close and the next host starts fresh.
 *
 * <p>Thread-safe. Each accepted channel is usually served by its own thread.
 */
public final class Dot4Peripheral implements AutoCloseable {

    private final LinkDriver driver;
    private final Duration replyTimeout;

    private Dot4Peripheral(LinkDriver driver, Duration replyTimeout) {
        this.driver = driver;
        this.replyTimeout = replyTimeout;
    }

    /**
     * Starts serving {@code services} on {@code link}. The services are registered before the first byte is
     * read, so a host that pipelines Init and OpenChannel finds them. A link that is already gone (a host that
     * connected and closed at once) gives a peripheral whose {@link #downReason()} says so; it never throws.
     */
    public static Dot4Peripheral start(ByteLink link, List<LocalSocket> services) {
        LinkDriver driver = LinkDriver.start(link, EngineConfig.peripheral(), e -> services.forEach(e::registerSocket));
        return new Dot4Peripheral(driver, EngineConfig.DEFAULT_REPLY_TIMEOUT);
    }

    /** Observes every engine event (called outside the driver's lock, in event order). */
    public void addListener(Consumer<EngineEvent> listener) {
        driver.addListener(listener);
    }

    /**
     * Waits until a host opens a channel to service socket {@code serviceSocket}.
     *
     * @throws Dot4Exception STATUS_IO_TIMEOUT after {@code timeout}; STATUS_DEVICE_NOT_CONNECTED when the link ends
     */
    public PeripheralChannel accept(int serviceSocket, Duration timeout) throws Dot4Exception {
        long id = driver.awaitAccepted(serviceSocket, timeout.toMillis());
        return channel(id);
    }

    /** Opens a channel from {@code serviceSocket} to the host's socket {@code hostSocket} (IEEE 1284.4 hosts only). */
    public PeripheralChannel openToHost(int serviceSocket, int hostSocket) throws Dot4Exception {
        EngineEvent.Outcome o = driver.request(e -> e.openChannel(serviceSocket, hostSocket), replyTimeout.toNanos());
        return channel(((EngineEvent.ChannelOpened) o).channelId());
    }

    /** The revision the host asked for; 0 before the first Init. */
    public int revision() throws Dot4Exception {
        return driver.call(LinkEngine::revision);
    }

    /** Every channel with its counters. */
    public List<ChannelStatus> channels() {
        return driver.inspect(LinkEngine::channels);
    }

    /** The link's name. */
    public String linkName() {
        return driver.name();
    }

    /** Why the link is down, or null while it is up. */
    public String downReason() {
        return driver.downReason();
    }

    /** Blocks until the link goes down (the host disconnected). */
    public void awaitDown() throws InterruptedException {
        driver.awaitDown();
    }

    /** Closes the link. */
    @Override
    public void close() {
        driver.close();
    }

    /** A channel the engine accepted or opened; also after the link went down, so its data can still be read. */
    private PeripheralChannel channel(long id) throws Dot4Exception {
        ChannelStatus status = driver.inspect(e -> e.channels().stream().filter(c -> c.channelId() == id).findFirst())
                .orElseThrow(() -> new Dot4Exception(NtStatus.STATUS_INVALID_HANDLE, "channel " + id + " is gone"));
        return new PeripheralChannel(driver, id, status, replyTimeout);
    }
}
