package org.dot4j.daemon;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.dot4j.api.Dot4Constants;
import org.dot4j.api.Dot4Exception;
import org.dot4j.api.NtStatus;
import org.dot4j.driver.ByteLink;
import org.dot4j.driver.Dot4Host;
import org.dot4j.driver.Dot4Peripheral;
import org.dot4j.driver.HostClient;
import org.dot4j.driver.PeripheralChannel;
import org.dot4j.engine.EngineEvent;
import org.dot4j.engine.LocalSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One program's conversation through a {@link DeviceProxy}: dot4j is the peripheral toward the program, serving
 * the device's services on the device's socket ids, and each channel the program opens is relayed to a channel of
 * its own on the device ({@link ProxyBridge}). The program's Init, Exit and re-Init reach only its own channels;
 * its credit is its own. Epson's entry packet and revision 0x10 are handled by the peripheral engine as on a real
 * device.
 *
 * <p>Ends when the program's link goes down, when the device goes down (its link is then closed, so the program
 * sees what it would see if the printer were unplugged), or on {@link #close()}. Thread-safe.
 */
final class ProxySession implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ProxySession.class);
    /** How long close waits for each relay thread. */
    private static final Duration JOIN_TIMEOUT = Duration.ofSeconds(2);

    private final String name;
    private final Dot4Peripheral peripheral;
    private final HostClient client;
    private final Dot4Host host;
    private final Set<Thread> threads = ConcurrentHashMap.newKeySet();
    /** In the order the program opened them. */
    private final List<ProxyBridge> bridges = new CopyOnWriteArrayList<>();
    private final AtomicBoolean closed = new AtomicBoolean();

    private ProxySession(String name, ByteLink link, List<LocalSocket> services, Dot4Host host) throws Dot4Exception {
        this.name = name;
        this.host = host;
        this.client = host.newClient(name);
        this.peripheral = Dot4Peripheral.start(link, services);
        peripheral.addListener(this::onEvent);
    }

    /**
     * A session for the program on {@code link} with {@code services} (the device's, from {@link ServiceCatalogue});
     * the link is read from now on, and channels the program opens wait for {@link #serve}.
     *
     * @throws Dot4Exception when the device went down before the session could start (the caller closes the link)
     */
    static ProxySession open(String name, ByteLink link, List<LocalSocket> services, Dot4Host host) throws Dot4Exception {
        ProxySession session = new ProxySession(name, link, services, host);
        log.info("{}: serving a program on {}; offering {}", name, link.describe(), services.stream()
                .map(s -> s.serviceName() + " (" + s.id() + ")").toList());
        return session;
    }

    /** Starts relaying the program's channels; {@code onEnd} is called once, on the session's thread, at its end. */
    void serve(List<LocalSocket> services, Consumer<ProxySession> onEnd) {
        for (LocalSocket service : services) {
            spawn("dot4-proxy-accept " + service.id(), () -> acceptLoop(service.id()));
        }
        spawn("dot4-proxy-watch", () -> watch(onEnd));
    }

    /** Name, channels and bytes, for status reports. */
    String describe() {
        long up = bridges.stream().mapToLong(ProxyBridge::bytesToDevice).sum();
        long down = bridges.stream().mapToLong(ProxyBridge::bytesToProgram).sum();
        return String.format(Locale.ROOT, "%s, %d channel(s) open, %d B to the device, %d B to the program",
                name, bridges.size(), up, down);
    }

    /** Ends the program's link and every device channel of this session. Idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        peripheral.close();
        client.close();
        for (Thread t : Set.copyOf(threads)) {
            if (t == Thread.currentThread()) {
                continue;
            }
            try {
                if (!t.join(JOIN_TIMEOUT)) {
                    log.warn("{}: thread {} did not end within {} ms after close", name, t.getName(), JOIN_TIMEOUT.toMillis());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Waits until the program or the device goes away, then ends the session. */
    private void watch(Consumer<ProxySession> onEnd) {
        Thread deviceWatch = Thread.ofVirtual().name("dot4-proxy-device " + name).start(() -> {
            try {
                host.awaitDown();
                if (!closed.get()) {
                    log.warn("{}: device went down ({}); closing the program's link", name, host.downReason());
                }
                peripheral.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        try {
            peripheral.awaitDown();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (!closed.get()) {
            log.info("{}: program's link ended: {}", name, peripheral.downReason());
        }
        deviceWatch.interrupt();
        close();
        onEnd.accept(this);
    }

    private void onEvent(EngineEvent event) {
        if (event instanceof EngineEvent.PeerReset r) {
            log.info("{}: program started over with Init (revision 0x{}); its channels were reset", name,
                    Integer.toHexString(r.revision()));
        }
    }

    private void acceptLoop(int socket) {
        try {
            while (!closed.get()) {
                PeripheralChannel ch = peripheral.accept(socket, Duration.ofMillis(Dot4Constants.INFINITE));
                ProxyBridge bridge = new ProxyBridge(name + " channel " + ch.key(), ch, client, closed::get);
                bridges.add(bridge);                       // before the next accept: relay() sees them in order
                spawn("dot4-proxy-channel " + ch.key(), () -> relay(bridge, ch));
            }
        } catch (Dot4Exception e) {
            if (e.status() != NtStatus.STATUS_DEVICE_NOT_CONNECTED && !closed.get()) {
                log.error("{}: accepting the program's channels on socket {} failed: {}", name, socket, e.getMessage());
            }
        }
    }

    private void relay(ProxyBridge bridge, PeripheralChannel ch) {
        // The program's earlier channels to this service that it closed: the device gets their ends first.
        for (ProxyBridge earlier : bridges) {
            if (earlier == bridge) {
                break;
            }
            if (earlier.service() == bridge.service() && earlier.programSideEnded()) {
                try {
                    earlier.finished().get();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                } catch (ExecutionException e) {
                    throw new IllegalStateException(e); // finished() is only ever completed normally
                }
            }
        }
        try {
            bridge.connect();
        } catch (Dot4Exception e) {
            // 1284.4 answered the program's OpenChannel already: closing it at once is how it learns of the refusal.
            log.warn("{} {}: the device refused the channel ({}); closing the program's", name, ch.key(), e.getMessage());
            bridge.abandon();
            bridges.remove(bridge);
            closeQuietly(ch);
            return;
        }
        log.debug("{} {}: relaying", name, ch.key());
        Thread down = Thread.ofVirtual().name("dot4-proxy-down " + ch.key()).start(bridge::relayToProgram);
        boolean delivered = bridge.relayToDevice();
        try {
            down.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        bridges.remove(bridge);
        if (!delivered) {
            peripheral.close();                 // fail loudly: the program's link ends rather than look like success
        }
    }

    private void closeQuietly(PeripheralChannel ch) {
        try {
            ch.close();
        } catch (Dot4Exception e) {
            log.debug("{}: closing channel {}: {}", name, ch.key(), e.getMessage());
        }
    }

    private void spawn(String threadName, Runnable body) {
        Thread t = Thread.ofVirtual().name(threadName + " " + name).unstarted(() -> {
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
