package org.dot4j.sim;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.dot4j.api.Dot4Constants;
import org.dot4j.api.Dot4Exception;
import org.dot4j.api.NtStatus;
import org.dot4j.driver.ByteLink;
import org.dot4j.driver.Dot4Peripheral;
import org.dot4j.driver.PeripheralChannel;
import org.dot4j.engine.ChannelStatus;
import org.dot4j.engine.EngineEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The simulator on one link: a {@link Dot4Peripheral} with one accept loop per service socket, one virtual thread
 * per accepted channel, the status notifier, and the {@link StalledPacketGuard}'s watch. A service that fails on
 * one channel is logged and the others go on. Ends when the link goes down or {@link #close()} is called.
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
        /** The host sent Exit with the channel open: an orderly end of the link, but nobody said the job ended. */
        HOST_EXITED,
        /** The host started over with Init (it vanished and a new one came, §4.6): the job is cut. */
        HOST_RESET,
        /** The link went down: the job is cut. */
        LINK_DOWN
    }

    private final SimulatedPeripheral owner;
    private final SimConfig config;
    private final Dot4Peripheral peripheral;
    private final StalledPacketGuard guard;
    private final Set<Thread> threads = ConcurrentHashMap.newKeySet();
    private final StatusNotifier notifier;
    private volatile boolean closing;

    private LinkSession(SimulatedPeripheral owner, SimConfig config, ByteLink link) {
        this.owner = owner;
        this.config = config;
        this.guard = new StalledPacketGuard(link, config.limits().stalledPacketTimeout());
        this.peripheral = Dot4Peripheral.start(guard, SocketLayout.sockets(config));
        this.notifier = new StatusNotifier(peripheral, config.notifier(), owner::statusLine);
        peripheral.addListener(this::onEvent);
    }

    /**
     * Serves {@code link} until it goes down.
     *
     * @throws RuntimeException when the link could not even be started (the caller closes it and goes on)
     */
    static LinkSession start(SimulatedPeripheral owner, SimConfig config, ByteLink link) {
        LinkSession session = new LinkSession(owner, config, link);
        session.spawn("sim-stall-watch", session.guard::watch);
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

    /** The state of every open channel on this link. */
    List<ChannelStatus> channels() {
        return peripheral.channels();
    }

    /** How {@code ch} ended; null while it is open. */
    static ChannelEnd endOf(PeripheralChannel ch) {
        try {
            return ch.closeCause().map(cause -> switch (cause) {
                case CLOSED_BY_PEER -> ChannelEnd.CLOSED_BY_HOST;
                case EXIT -> ChannelEnd.HOST_EXITED;
                case REINIT -> ChannelEnd.HOST_RESET;
                case LINK_DOWN -> ChannelEnd.LINK_DOWN;
            }).orElse(null);
        } catch (Dot4Exception e) {
            return ChannelEnd.LINK_DOWN;
        }
    }

    private void onEvent(EngineEvent event) {
        if (event instanceof EngineEvent.PeerReset r) {
            log.info("{}: host restarted with Init (revision 0x{}); channels reset", name(), Integer.toHexString(r.revision()));
        }
    }

    private void acceptLoop(int socket) {
        try {
            while (!closing) {
                PeripheralChannel ch = peripheral.accept(socket, Duration.ofMillis(Dot4Constants.INFINITE));
                log.debug("{}: host opened channel {} (packets up to {} bytes toward it)", name(), ch.key(), ch.sendPacketSize());
                spawn("sim-serve " + ch.key(), () -> serve(socket, ch));
            }
        } catch (Dot4Exception e) {
            if (e.status() != NtStatus.STATUS_DEVICE_NOT_CONNECTED) {
                log.error("{}: accepting channels on socket {} failed: {}", name(), socket, e.getMessage());
            }
        }
    }

    private void serve(int socket, PeripheralChannel ch) {
        try {
            if (socket == SocketLayout.printSocket(config.profile())) {
                new PrintService(owner.spool(), name()).serve(ch, () -> endOf(ch));
            } else if (socket == SocketLayout.epsonControlSocket(config.profile())) {
                new EpsonControlService(config, owner::epsonStatus, name()).serve(ch);
            } else if (socket == SocketLayout.HP_SCAN) {
                new ScanService(config.scanPacing(), name()).serve(ch);
            } else if (socket == SocketLayout.ECHO) {
                new EchoService(name(), config.limits().maxEchoMessage()).serve(ch);
            } else if (socket == SocketLayout.HP_MESSAGE && config.profile() == SimConfig.Profile.HP) {
                new PmlService(name(), () -> owner.epsonStatus().state()).serve(ch);
            } else if (socket == config.notifier().serviceSocket()) {
                new StatusService(name(), owner::statusLine).serve(ch);
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
