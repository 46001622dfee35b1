package org.dot4j.links.gadget;

import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.dot4j.driver.LinkListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * dot4j as a USB printer-class 1284.4 peripheral through a mounted Linux FunctionFS instance
 * ({@code usb-gadget:} links). {@link #open} writes the descriptors and strings to {@code ep0}; after that
 * the gadget can be bound to a UDC (usb-e2e/gadget-bind.sh). One platform thread then reads ep0 events and
 * answers printer class requests ({@link PrinterClassRequests}).
 *
 * <p>{@link #accept()} returns a {@link GadgetLink} whenever the function is enabled (the host set a
 * configuration) and no earlier link is live. DISABLE and UNBIND end the live link and {@code accept()}
 * then waits for the next ENABLE; SOFT_RESET ends the live link while the function stays enabled, so the
 * next {@code accept()} returns a fresh link at once and the peripheral engine starts over.
 *
 * <p>Threading: {@code accept()} from one thread; {@link #close()} from any. Closing the listener stops
 * answering control requests; FunctionFS tears the function down once ep0 and every endpoint file are
 * closed, so links already accepted keep working only until they are closed or ended.
 */
public final class GadgetListener implements LinkListener {

    private static final Logger LOG = LoggerFactory.getLogger(GadgetListener.class);
    /** FunctionFS hands out at most four queued events per read. */
    private static final int EVENTS_PER_READ = 4;

    private final Path mount;
    private final GadgetOptions options;
    private final PrinterClassRequests requests;
    private final FileChannel ep0;
    private final Thread ep0Thread;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    // Guarded by lock:
    private boolean enabled;
    private boolean closed;
    private IOException ep0Failure;
    private GadgetLink current;
    private int sessions;

    private GadgetListener(Path mount, GadgetOptions options, FileChannel ep0) {
        this.mount = mount;
        this.options = options;
        this.requests = new PrinterClassRequests(options.deviceId());
        this.ep0 = ep0;
        this.ep0Thread = Thread.ofPlatform().daemon().name("usb-gadget ep0 " + mount).unstarted(this::runEp0);
    }

    /**
     * Opens {@code uri} ({@code usb-gadget:/dev/ffs-dot4?device-id=...}): the path is the FunctionFS mount.
     *
     * @throws IllegalArgumentException when the URI is not a valid {@code usb-gadget:} URI
     */
    public static GadgetListener open(URI uri) throws IOException {
        GadgetOptions options = GadgetOptions.fromUri(uri);
        String path = uri.getPath();
        if (path == null || path.isEmpty()) {
            throw new IllegalArgumentException("usb-gadget: URI needs the FunctionFS mount path: " + uri);
        }
        return open(Path.of(path), options);
    }

    /**
     * Takes over the FunctionFS instance mounted at {@code ffsMount}: writes descriptors and strings to its
     * {@code ep0} and starts the ep0 event thread.
     *
     * @throws IOException when ep0 is missing or refuses the descriptors; the message says what to do
     */
    public static GadgetListener open(Path ffsMount, GadgetOptions options) throws IOException {
        Path ep0File = ffsMount.resolve("ep0");
        if (!Files.exists(ep0File)) {
            throw new IOException("cannot open " + ep0File + ": no such file; mount a FunctionFS instance at "
                    + ffsMount + " first (mount -t functionfs NAME " + ffsMount + ", see usb-e2e/gadget-setup.sh)");
        }
        FileChannel ep0 = FileChannel.open(ep0File, StandardOpenOption.READ, StandardOpenOption.WRITE);
        try {
            writeBlob(ep0, ep0File, "descriptors", GadgetDescriptors.descriptors());
            writeBlob(ep0, ep0File, "strings", GadgetDescriptors.strings(options.interfaceName()));
        } catch (IOException e) {
            ep0.close();
            throw e;
        }
        GadgetListener listener = new GadgetListener(ffsMount, options, ep0);
        listener.ep0Thread.start();
        LOG.info("{}: descriptors written; bind the gadget to a UDC now", listener.address());
        return listener;
    }

    /** Waits until the host enables the function and no earlier link is live, then opens a link. */
    @Override
    public GadgetLink accept() throws IOException {
        lock.lock();
        try {
            while (!closed && ep0Failure == null && !readyForLink()) {
                changed.awaitUninterruptibly();
            }
            if (closed) {
                throw new IOException(address() + ": listener closed");
            }
            if (ep0Failure != null) {
                throw new IOException(address() + ": ep0 failed, no more links: " + ep0Failure.getMessage(), ep0Failure);
            }
            // Each session gets its own name, so the logs of a SOFT_RESET's old and new link are told apart.
            String name = address() + " session " + (++sessions);
            current = GadgetLink.open(mount.resolve("ep1"), mount.resolve("ep2"), name, options.readSize());
            return current;
        } finally {
            lock.unlock();
        }
    }

    /**
     * A new link may start when the function is enabled and the last link is gone for a reason that left
     * the endpoints usable (closed by us, or SOFT_RESET). After a failed transfer the kernel has already
     * disabled the endpoints, usually just before the DISABLE event arrives; wait for the next ENABLE then,
     * instead of handing out a link that is dead on arrival. Caller holds the lock.
     */
    private boolean readyForLink() {
        return enabled && (current == null || (current.isEnded() && !current.failedInTransfer()));
    }

    /** {@code usb-gadget:} plus the FunctionFS mount. */
    @Override
    public String address() {
        return GadgetOptions.SCHEME + ":" + mount;
    }

    /** Stops the ep0 thread and wakes {@link #accept()}; idempotent. */
    @Override
    public void close() throws IOException {
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        ep0.close(); // interrupts the ep0 thread's blocked read
        try {
            ep0Thread.join(TimeUnit.SECONDS.toMillis(2));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** FunctionFS takes each blob only whole, in one write(2). */
    private static void writeBlob(FileChannel ep0, Path ep0File, String what, byte[] blob) throws IOException {
        int written;
        try {
            written = ep0.write(ByteBuffer.wrap(blob));
        } catch (IOException e) {
            throw new IOException("cannot write the FunctionFS " + what + " to " + ep0File + ": " + e.getMessage()
                    + " (is another program serving this function? unmount and mount it again)", e);
        }
        if (written != blob.length) {
            throw new IOException("FunctionFS took only " + written + " of " + blob.length + " " + what
                    + " bytes at " + ep0File);
        }
    }

    private void runEp0() {
        ByteBuffer buffer = ByteBuffer.allocate(EVENTS_PER_READ * GadgetEvent.SIZE);
        try {
            while (true) {
                buffer.clear();
                ep0.read(buffer);
                for (GadgetEvent event : GadgetEvent.parseAll(buffer.flip())) {
                    handle(event);
                }
            }
        } catch (ClosedChannelException e) {
            LOG.debug("{}: ep0 closed", address());
        } catch (IOException | RuntimeException e) {
            LOG.error("{}: ep0 event thread failed: {}", address(), e.toString());
            lock.lock();
            try {
                ep0Failure = e instanceof IOException io ? io : new IOException(e);
                endCurrent("ep0 failed: " + e);
                changed.signalAll();
            } finally {
                lock.unlock();
            }
        }
    }

    private void handle(GadgetEvent event) throws IOException {
        LOG.debug("{}: event {}", address(), event);
        switch (event.kind()) {
            case ENABLE -> setEnabled(true, "host re-enabled the function");
            case DISABLE -> setEnabled(false, "host disabled the function (DISABLE: unplug, bus reset or new configuration)");
            case UNBIND -> setEnabled(false, "gadget unbound from its USB device controller (UNBIND)");
            case SETUP -> answer(event.setup());
            case BIND, SUSPEND, RESUME, UNKNOWN -> LOG.info("{}: {}", address(), event);
        }
    }

    private void setEnabled(boolean on, String endReason) {
        LOG.info("{}: {}", address(), on ? "function enabled by the host" : endReason);
        lock.lock();
        try {
            enabled = on;
            endCurrent(endReason); // a (re-)ENABLE also starts a new session
            current = null;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Carries out the reply on ep0; must happen before the next ep0 read, which would else be a data stage. */
    private void answer(SetupPacket setup) throws IOException {
        ControlReply reply = requests.answer(setup);
        switch (reply) {
            case ControlReply.SendData(byte[] data) -> {
                // A zero-length data stage still needs a write; the kernel clamps the 1-byte buffer to wLength 0.
                ep0.write(ByteBuffer.wrap(data.length == 0 ? new byte[1] : data));
            }
            case ControlReply.Acknowledge(boolean softReset) -> {
                if (softReset) {
                    // The old link must be gone before the status stage: HPLIP writes its next Init 1-5 ms
                    // after the request completes, and a read still pending on the old link would take it
                    // (reference §12 item 12). Closing the endpoint files waits for blocked reads to leave.
                    LOG.info("{}: SOFT_RESET from the host", address());
                    lock.lock();
                    try {
                        endCurrent("soft reset by host");
                        changed.signalAll();
                    } finally {
                        lock.unlock();
                    }
                }
                // Reading ep0 for an OUT request sends the status stage; FileChannel skips empty reads,
                // so ask for at least one byte (the kernel clamps to wLength).
                ep0.read(ByteBuffer.allocate(Math.max(1, setup.length())));
            }
            case ControlReply.Stall(String why) -> stall(setup, why);
        }
    }

    private void stall(SetupPacket setup, String why) throws IOException {
        LOG.info("{}: stalling {}", address(), why);
        ByteBuffer wrongWay = ByteBuffer.allocate(1);
        try {
            if (setup.isDeviceToHost()) {
                ep0.read(wrongWay);
            } else {
                ep0.write(wrongWay);
            }
        } catch (ClosedChannelException e) {
            throw e;
        } catch (IOException expected) {
            // f_fs.c __ffs_ep0_stall returns EL2HLT after halting ep0: that error is the success case.
            return;
        }
        throw new IOException("ep0 did not stall " + setup + " (FunctionFS accepted the wrong-direction transfer)");
    }

    private void endCurrent(String reason) {
        if (current != null && !current.isEnded()) {
            current.end(reason);
        }
    }
}
