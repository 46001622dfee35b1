package org.dot4j.driver;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.dot4j.api.Dot4Exception;
import org.dot4j.api.NtStatus;
import org.dot4j.engine.ChannelStatus;
import org.dot4j.engine.EngineEvent;
import org.dot4j.engine.LinkEngine;
import org.dot4j.engine.LinkState;
import org.dot4j.wire.Revision;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The host end of one link to a DOT4 peripheral: starts the conversation (entry packet, Init) and hands out
 * {@link HostClient}s, each a {@link org.dot4j.api.Dot4Device} with its own sockets and channels. In-process
 * programs use one client; the daemon gives each local program its own.
 *
 * <p>Thread-safe. Host-wide tables (host socket ids, channel handles) live in its {@link HandleTable}, under a
 * lock of their own taken after the driver's (see there).
 */
public final class Dot4Host implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Dot4Host.class);

    final LinkDriver driver;
    final HostOptions options;
    /** Clients, their sockets and channel handles, under a lock of their own. */
    final HandleTable table = new HandleTable();
    private int revision;

    private Dot4Host(LinkDriver driver, HostOptions options) {
        this.driver = driver;
        this.options = options;
        driver.observeLocked(this::onEvent);
    }

    /**
     * Starts a conversation on {@code link}: the Epson entry packet if asked, then Init. A peripheral that refuses
     * revision 0x20 as "not supported" is tried with HP MLC (the engine does it; this logs it once).
     *
     * @throws Dot4Exception STATUS_IO_TIMEOUT when the peripheral does not answer, STATUS_DEVICE_PROTOCOL_ERROR
     *     when it refuses the revision, STATUS_DEVICE_NOT_CONNECTED when the link fails
     */
    public static Dot4Host connect(ByteLink link, HostOptions options) throws Dot4Exception {
        LinkDriver driver = LinkDriver.start(link, options.engineConfig());
        Dot4Host host = new Dot4Host(driver, options);
        try {
            long timeout = options.replyTimeout().toNanos();
            if (options.epsonEntry()) {
                driver.request(LinkEngine::requestEpsonEntry, timeout);
            }
            EngineEvent.Outcome done = driver.request(LinkEngine::init, timeout);
            host.revision = ((EngineEvent.InitDone) done).revision();
            if (host.revision != options.revision()) {
                log.info("{}: the peripheral refused revision {} as not supported; speaking {}", driver.name(),
                        Revision.describe(options.revision()), Revision.describe(host.revision));
            }
            return host;
        } catch (Dot4Exception e) {
            long junk = driver.inspect(LinkEngine::junkBytes);
            driver.close();
            throw notAPeripheral(driver.name(), e, junk);
        }
    }

    /**
     * Init (or the Epson entry) that got no 1284.4 answer: the usual cause is a port that speaks something else
     * (an HTTP server, raw port 9100, a modem), so say that rather than only "no reply".
     */
    private static Dot4Exception notAPeripheral(String link, Dot4Exception e, long junkBytes) {
        String prefix = e.status().describe() + ": ";
        String why = e.getMessage().startsWith(prefix) ? e.getMessage().substring(prefix.length()) : e.getMessage();
        return switch (e.status()) {
            case STATUS_IO_TIMEOUT, STATUS_DEVICE_NOT_CONNECTED, STATUS_DEVICE_PROTOCOL_ERROR -> new Dot4Exception(
                    e.status(), link + " did not answer Init as a 1284.4 peripheral (" + why
                    + (junkBytes > 0 ? "; it sent " + junkBytes + " bytes that are not 1284.4 packets" : "")
                    + "); check that this is the device's 1284.4 port, and that the device speaks IEEE 1284.4"
                    + " (Epson printers want ?epson-entry, HP MLC devices ?mlc)");
            default -> e;
        };
    }

    /** A new client: sockets and channels it creates are its own, and closing it closes them. */
    public HostClient newClient(String name) throws Dot4Exception {
        if (driver.downReason() != null) {
            throw new Dot4Exception(NtStatus.STATUS_DEVICE_NOT_CONNECTED, driver.name() + " is down: " + driver.downReason());
        }
        HostClient client = new HostClient(this, name);
        table.addClient(client);
        return client;
    }

    /** GetSocketID: the peripheral's socket for {@code serviceName}; empty when it has no such service. */
    public OptionalInt socketIdOf(String serviceName) throws Dot4Exception {
        try {
            EngineEvent.Outcome o = driver.request(e -> e.getSocketId(serviceName), options.replyTimeout().toNanos());
            return OptionalInt.of(((EngineEvent.SocketIdFound) o).socketId());
        } catch (Dot4Exception e) {
            if (e.status() == NtStatus.STATUS_NOT_FOUND) {
                return OptionalInt.empty();
            }
            throw e;
        }
    }

    /** GetServiceName: the service on the peripheral's socket {@code socketId}; empty when none. */
    public Optional<String> serviceNameOf(int socketId) throws Dot4Exception {
        try {
            EngineEvent.Outcome o = driver.request(e -> e.getServiceName(socketId), options.replyTimeout().toNanos());
            return Optional.of(((EngineEvent.ServiceNameFound) o).serviceName());
        } catch (Dot4Exception e) {
            if (e.status() == NtStatus.STATUS_NOT_FOUND) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /** The revision Init agreed on. */
    public int revision() {
        return revision;
    }

    /** The link's name (its URI). */
    public String linkName() {
        return driver.name();
    }

    /** Why the link is down, or null while it is up. */
    public String downReason() {
        return driver.downReason();
    }

    /** The conversation's state. */
    public LinkState state() throws Dot4Exception {
        return driver.downReason() != null ? LinkState.DOWN : driver.call(LinkEngine::state);
    }

    /** Every open channel with its counters, for status displays. */
    public List<ChannelStatus> channels() {
        return driver.inspect(LinkEngine::channels);
    }

    /** Payload bytes sent to the peripheral on every channel of this conversation, closed ones included. */
    public long bytesSent() {
        return driver.inspect(LinkEngine::bytesSent);
    }

    /** Payload bytes received from the peripheral on every channel of this conversation, closed ones included. */
    public long bytesReceived() {
        return driver.inspect(LinkEngine::bytesReceived);
    }

    /** The client owning an engine channel, for status displays; empty when none. */
    public String ownerOf(long channelId) {
        table.lock.lock();
        try {
            HandleTable.Channel ch = table.byChannelId(channelId);
            return ch == null ? "" : ch.owner.name();
        } finally {
            table.lock.unlock();
        }
    }

    /** Waits up to {@code timeout} for the driver's threads to end after the link went down. */
    public boolean awaitTerminated(Duration timeout) throws InterruptedException {
        return driver.awaitTerminated(timeout);
    }

    /** Blocks until the link goes down. */
    public void awaitDown() throws InterruptedException {
        driver.awaitDown();
    }

    /** Closes every client, sends Exit while the link is up (briefly), and closes the link. */
    @Override
    public void close() {
        for (HostClient client : table.clients()) {
            client.close();
        }
        if (driver.downReason() == null) {
            try {
                driver.request(LinkEngine::exit, Math.min(options.replyTimeout().toNanos(), 2_000_000_000L));
            } catch (Dot4Exception e) {
                // The peer may be gone already; closing the link is what matters now.
            }
        }
        driver.close();
    }

    /** Routes an event to the client concerned (under the driver's lock, then the table's). */
    private void onEvent(EngineEvent event) {
        table.lock.lock();
        try {
            route(event);
        } finally {
            table.lock.unlock();
        }
    }

    private void route(EngineEvent event) {
        switch (event) {
            case EngineEvent.DataReceived d -> {
                HandleTable.Channel ch = table.byChannelId(d.channelId());
                if (ch != null) {
                    ch.owner.activity().onData(ch, d.bytes(), d.endOfMessage());
                }
            }
            case EngineEvent.CreditReceived c -> {
                HandleTable.Channel ch = table.byChannelId(c.channelId());
                if (ch != null) {
                    ch.owner.activity().onCredit(ch, c.credit());
                }
            }
            case EngineEvent.ChannelClosed c -> {
                HandleTable.Channel ch = table.byChannelId(c.channelId());
                if (ch != null) {
                    ch.owner.activity().onClosedByPeer(ch);
                }
            }
            case EngineEvent.LinkDown d -> {
                table.clients().forEach(c -> c.activity().onDisconnect());
                table.linkDown();
            }
            default -> { }
        }
    }
}
