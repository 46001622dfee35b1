package org.dot4j.sim;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.dot4j.api.Dot4Constants;
import org.dot4j.api.Dot4Exception;
import org.dot4j.api.NtStatus;
import org.dot4j.driver.ByteLink;
import org.dot4j.driver.Dot4Peripheral;
import org.dot4j.driver.PeripheralChannel;
import org.dot4j.engine.EngineEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The simulator on one link: a {@link Dot4Peripheral} with one accept loop per service socket, one virtual thread
 * per accepted channel, and the status notifier. A service that fails on one channel is logged and the others
 * go on. Ends when the link goes down or {@link #close()} is called.
 *
 * <p>Thread-safe.
 */
final class LinkSession implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LinkSession.class);
    /** How long close waits for each thread to notice the link is down. */
    private static final Duration JOIN_TIMEOUT = Duration.ofSeconds(2);

    /** How a channel ended, as far as a print job is concerned. */
    enum ChannelEnd {
        /** The host sent CloseChannel: the job is whole. */
        CLOSED_BY_HOST,
        /** The host sent Exit with the channel open: an orderly end, the job is whole. */
        HOST_EXITED,
        /** The host started over with Init (it vanished and a new one came, §4.6): the job is cut. */
        HOST_RESET,
        /** The link went down: the job is cut. */
        LINK_DOWN
    }

    private final SimulatedPeripheral owner;
    private final SimConfig config;
    private final Dot4Peripheral peripheral;
    private final Set<Thread> threads = ConcurrentHashMap.newKeySet();
    /** Engine ids of accepted channels per socket, in accept order; guarded by itself. */
    private final Map<Integer, ArrayDeque<Long>> acceptedIds = new HashMap<>();
    /** Why each channel left the wire, by engine id; guarded by {@link #acceptedIds}. */
    private final Map<Long, String> closeReasons = new HashMap<>();
    private final StatusNotifier notifier;
    private volatile boolean closing;

    private LinkSession(SimulatedPeripheral owner, SimConfig config, ByteLink link) {
        this.owner = owner;
        this.config = config;
        DrainingLink draining = new DrainingLink(link);
        this.peripheral = Dot4Peripheral.start(draining, SocketLayout.sockets(config));
        draining.setDrained(this::nothingUnread);
        this.notifier = new StatusNotifier(peripheral, config.notifier(), owner::statusLine);
        // PeripheralChannel hides its engine id and close reason; the events carry both (see report).
        peripheral.addListener(this::onEvent);
    }

    /** Serves {@code link} until it goes down. */
    static LinkSession start(SimulatedPeripheral owner, SimConfig config, ByteLink link) {
        LinkSession session = new LinkSession(owner, config, link);
        log.info("{}: serving {} profile on sockets {}", session.name(), config.profile(), SocketLayout.serviceSockets(config));
        for (int socket : SocketLayout.serviceSockets(config)) {
            session.spawn("sim-accept " + socket, () -> session.acceptLoop(socket));
        }
        if (config.notifier().enabled()) {
            session.spawn("sim-notifier", session.notifier::run);
        }
        return session;
    }

    String name() {
        return peripheral.linkName();
    }

    /** Blocks until the host went away. */
    void awaitDown() throws InterruptedException {
        peripheral.awaitDown();
    }

    /** Closes the link and waits for every thread of this session. */
    @Override
    public void close() {
        closing = true;
        notifier.stop();
        peripheral.close();
        for (Thread t : Set.copyOf(threads)) {
            try {
                if (!t.join(JOIN_TIMEOUT)) {
                    log.warn("{}: thread {} did not end within {} ms after close", name(), t.getName(), JOIN_TIMEOUT.toMillis());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** How the channel with engine id {@code channelId} ended; null while it is open. */
    ChannelEnd endOf(long channelId) {
        String reason;
        synchronized (acceptedIds) {
            reason = closeReasons.get(channelId);
        }
        if (reason == null) {
            return peripheral.downReason() != null ? ChannelEnd.LINK_DOWN : null;
        }
        // The engine states the cause only in the reason text (PeerTransactions, LinkEngine.handleLinkDown).
        if (reason.contains("Init")) {
            return ChannelEnd.HOST_RESET;
        }
        if (reason.contains("Exit")) {
            return ChannelEnd.HOST_EXITED;
        }
        if (reason.startsWith("link down")) {
            return ChannelEnd.LINK_DOWN;
        }
        return ChannelEnd.CLOSED_BY_HOST;
    }

    /**
     * True when no channel holds received data its service has not read yet, nor an end (the host's close) its
     * service has not seen yet: a closed channel stays listed until its service closes it too.
     */
    private boolean nothingUnread() {
        try {
            return peripheral.channels().stream().allMatch(c -> c.bufferedReceived() == 0 && !"CLOSED".equals(c.state()));
        } catch (Dot4Exception e) {
            return true;
        }
    }

    private void onEvent(EngineEvent event) {
        synchronized (acceptedIds) {
            switch (event) {
                case EngineEvent.ChannelAccepted a ->
                        acceptedIds.computeIfAbsent(a.localSocket(), k -> new ArrayDeque<>()).add(a.channelId());
                case EngineEvent.ChannelClosed c -> closeReasons.put(c.channelId(), c.reason());
                case EngineEvent.PeerReset r -> log.info("{}: host restarted with Init (revision 0x{}); channels reset",
                        name(), Integer.toHexString(r.revision()));
                default -> { }
            }
        }
    }

    private void acceptLoop(int socket) {
        try {
            while (!closing) {
                PeripheralChannel ch = peripheral.accept(socket, Duration.ofMillis(Dot4Constants.INFINITE));
                long id;
                synchronized (acceptedIds) {
                    // This loop is the only taker on its socket, so the n-th accept is the n-th ChannelAccepted.
                    id = acceptedIds.get(socket).poll();
                }
                log.debug("{}: host opened channel {} (packets up to {} bytes toward it)", name(), ch.key(), ch.sendPacketSize());
                spawn("sim-serve " + ch.key(), () -> serve(socket, ch, id));
            }
        } catch (Dot4Exception e) {
            if (e.status() != NtStatus.STATUS_DEVICE_NOT_CONNECTED) {
                log.error("{}: accepting channels on socket {} failed: {}", name(), socket, e.getMessage());
            }
        }
    }

    private void serve(int socket, PeripheralChannel ch, long id) {
        try {
            if (socket == SocketLayout.printSocket(config.profile())) {
                new PrintService(owner.spool(), name()).serve(ch, () -> endOf(id));
            } else if (socket == SocketLayout.epsonControlSocket(config.profile())) {
                new EpsonControlService(config, owner::epsonStatus, name()).serve(ch);
            } else if (socket == SocketLayout.HP_SCAN) {
                new ScanService(config.scanPacing(), name()).serve(ch);
            } else if (socket == SocketLayout.ECHO) {
                new EchoService(name()).serve(ch);
            } else {
                log.error("{}: no service for socket {}; closing channel {}", name(), socket, ch.key());
            }
        } catch (Dot4Exception e) {
            if (e.status() == NtStatus.STATUS_DEVICE_NOT_CONNECTED || closing) {
                log.debug("{}: channel {} ended with the link: {}", name(), ch.key(), e.getMessage());
            } else {
                log.warn("{}: service on channel {} failed: {}", name(), ch.key(), e.getMessage());
            }
        } catch (Exception e) {
            log.warn("{}: service on channel {} failed", name(), ch.key(), e);
        } finally {
            closeQuietly(ch);
            synchronized (acceptedIds) {
                closeReasons.remove(id);
            }
        }
    }

    private void closeQuietly(PeripheralChannel ch) {
        try {
            ch.close();
        } catch (Dot4Exception e) {
            log.debug("{}: closing channel {}: {}", name(), ch.key(), e.getMessage());
        }
    }

    private void spawn(String threadName, Runnable body) {
        Thread t = Thread.ofVirtual().name(threadName + " " + name()).unstarted(() -> {
            try {
                body.run();
            } finally {
                threads.remove(Thread.currentThread());
            }
        });
        threads.add(t);
        t.start();
    }
}
