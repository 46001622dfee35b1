package org.dot4j.links;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Objects;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.dot4j.driver.ByteLink;
import org.dot4j.driver.LinkListener;
import org.dot4j.driver.MemoryLink;
import org.dot4j.links.gadget.GadgetListener;
import org.dot4j.links.net.SocketLink;
import org.dot4j.links.net.SocketListener;
import org.dot4j.links.tty.PtyListener;
import org.dot4j.links.tty.TtyLink;
import org.dot4j.links.tty.TtyOptions;
import org.dot4j.links.usb.UsbAddress;
import org.dot4j.links.usb.UsbLink;
import org.dot4j.links.usb.UsbOptions;

/**
 * Opens links by URI: the one place that maps each {@link LinkUri.LinkKind} to its implementation.
 *
 * <p>{@code mem:NAME} links live in this process: {@link #listen} registers a listener under the name,
 * {@link #connect} joins a {@link MemoryLink} pair and hands the far end to that listener; closing the listener
 * frees the name.
 *
 * <p>Threading: all methods are safe to call from any thread.
 */
public final class Links {

    /** How many unaccepted {@code mem:} connections a listener holds before connects fail, like a socket backlog. */
    private static final int MEM_BACKLOG = 64;

    private static final ConcurrentMap<String, MemListener> MEM_LISTENERS = new ConcurrentHashMap<>();

    private Links() {
    }

    /**
     * Connects to a host-side URI ({@code tcp}, {@code unix}, {@code tty}, {@code usb}, {@code mem}).
     *
     * @param timeout how long to wait for the peer to answer; must be positive
     * @throws IOException when the peer cannot be reached, saying why
     * @throws IllegalArgumentException when {@code uri} is a listen form
     */
    public static ByteLink connect(LinkUri uri, Duration timeout) throws IOException {
        Objects.requireNonNull(timeout, "timeout");
        return switch (uri.kind()) {
            case TCP, UNIX -> SocketLink.connect(uri, timeout);
            case MEM -> connectMemory(uri);
            case TTY -> TtyLink.open(Path.of(uri.path()), TtyOptions.parseQuery(linkQuery(uri)));
            case USB -> UsbLink.open(UsbAddress.parse("usb:" + uri.usbSpec()), UsbOptions.defaults());
            case TCP_LISTEN, UNIX_LISTEN, PTY, USB_GADGET -> throw new IllegalArgumentException(
                    uri + " is an address to listen on, not to connect to; " + connectHint(uri));
        };
    }

    /**
     * Starts listening on a peripheral-side URI ({@code tcp-listen}, {@code unix-listen}, {@code pty},
     * {@code usb-gadget}, {@code mem}); {@link LinkListener#address()} then tells hosts where to connect.
     *
     * @throws IOException when the address is taken or cannot be bound
     * @throws IllegalArgumentException when {@code uri} is a connect-only form
     */
    public static LinkListener listen(LinkUri uri) throws IOException {
        return switch (uri.kind()) {
            case TCP_LISTEN, UNIX_LISTEN -> SocketListener.open(uri);
            case MEM -> listenMemory(uri);
            case PTY -> PtyListener.open();
            case USB_GADGET -> GadgetListener.open(URI.create(uri.toString()));
            case TCP, UNIX, TTY, USB -> throw new IllegalArgumentException(
                    uri + " is an address to connect to, not to listen on; " + listenHint(uri));
        };
    }

    /** The URI's query without the host's keys ({@link HostQuery}), for link kinds that check their own keys. */
    private static String linkQuery(LinkUri uri) {
        StringBuilder sb = new StringBuilder();
        uri.query().forEach((k, v) -> {
            if (!HostQuery.KEYS.contains(k)) {
                sb.append(sb.isEmpty() ? "" : "&").append(k).append('=').append(v);
            }
        });
        return sb.toString();
    }

    private static String connectHint(LinkUri uri) {
        return switch (uri.kind()) {
            case TCP_LISTEN -> "connect with " + uri.toString().replaceFirst("^tcp-listen:", "tcp:");
            case UNIX_LISTEN -> "connect with unix:" + uri.path();
            case PTY -> "connect with the tty:/dev/pts/N that the pty listener reports";
            default -> "connect from the USB host with usb:VID:PID";
        };
    }

    private static String listenHint(LinkUri uri) {
        return switch (uri.kind()) {
            case TCP -> "listen with " + uri.toString().replaceFirst("^tcp:", "tcp-listen:");
            case UNIX -> "listen with unix-listen:" + uri.path();
            case TTY -> "listen with pty and connect to the tty it reports";
            default -> "listen with usb-gadget:/FUNCTIONFS-MOUNT on the device side";
        };
    }

    private static ByteLink connectMemory(LinkUri uri) throws IOException {
        MemListener listener = MEM_LISTENERS.get(uri.name());
        if (listener == null) {
            throw new IOException("cannot connect to " + uri + " : no mem listener named " + uri.name()
                    + " in this process (listening now: " + new TreeSet<>(MEM_LISTENERS.keySet())
                    + "); start one with Links.listen(mem:" + uri.name() + ") in the same JVM");
        }
        MemoryLink[] ends = MemoryLink.pair(uri.name());
        listener.enqueue(ends[1]);
        return ends[0];
    }

    private static LinkListener listenMemory(LinkUri uri) throws IOException {
        MemListener listener = new MemListener(uri.name());
        if (MEM_LISTENERS.putIfAbsent(uri.name(), listener) != null) {
            throw new IOException("cannot listen on " + uri + " : another listener in this process owns that name;"
                    + " close it or choose another name");
        }
        return listener;
    }

    /** The listening end of {@code mem:NAME}: a queue of peripheral ends waiting for {@link #accept()}. */
    private static final class MemListener implements LinkListener {
        private final String name;
        private final ReentrantLock lock = new ReentrantLock();
        private final Condition arrived = lock.newCondition();
        private final ArrayDeque<MemoryLink> waiting = new ArrayDeque<>();
        private boolean closed;

        MemListener(String name) {
            this.name = name;
        }

        void enqueue(MemoryLink peripheralEnd) throws IOException {
            lock.lock();
            try {
                if (closed || waiting.size() >= MEM_BACKLOG) {
                    peripheralEnd.close();
                    throw new IOException("cannot connect to mem:" + name + " : "
                            + (closed ? "the listener closed" : MEM_BACKLOG + " connections already wait for accept"));
                }
                waiting.add(peripheralEnd);
                arrived.signalAll();
            } finally {
                lock.unlock();
            }
        }

        @Override
        public ByteLink accept() throws IOException {
            lock.lock();
            try {
                while (waiting.isEmpty()) {
                    if (closed) {
                        throw new IOException("listener mem:" + name + " was closed");
                    }
                    arrived.await();
                }
                return waiting.poll();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while accepting on mem:" + name);
            } finally {
                lock.unlock();
            }
        }

        @Override
        public String address() {
            return "mem:" + name;
        }

        /** Frees the name and ends the connections nobody accepted, so their hosts read end-of-stream. */
        @Override
        public void close() {
            lock.lock();
            try {
                if (closed) {
                    return;
                }
                closed = true;
                MEM_LISTENERS.remove(name, this);
                waiting.forEach(MemoryLink::close);
                waiting.clear();
                arrived.signalAll();
            } finally {
                lock.unlock();
            }
        }
    }
}
