package org.dot4j.daemon;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.dot4j.api.Dot4Constants;
import org.dot4j.api.Dot4Exception;
import org.dot4j.api.IoResult;
import org.dot4j.driver.ByteLink;
import org.dot4j.driver.Dot4Peripheral;
import org.dot4j.driver.LinkListener;
import org.dot4j.driver.PeripheralChannel;
import org.dot4j.engine.ChannelMode;
import org.dot4j.engine.LocalSocket;
import org.dot4j.links.LinkUri;
import org.dot4j.links.Links;

/**
 * A small peripheral for the daemon tests: ECHO (socket 6, packet) returns every message, PRINT (socket 2,
 * stream) collects each job until its channel closes, STATUS (socket 9, stream) is where {@link #notifyHost}
 * opens channels toward a host socket. Serves one link given directly, or every host that connects to a listener.
 */
final class TestPeripheral implements AutoCloseable {

    static final int PRINT = 2;
    static final int ECHO = 6;
    static final int STATUS = 9;

    private final BlockingQueue<byte[]> printJobs = new LinkedBlockingQueue<>();
    private final List<Dot4Peripheral> peripherals = new CopyOnWriteArrayList<>();
    /** Set by close(); guarded by {@code peripherals}. */
    private boolean closed;
    private final LinkListener listener;
    private volatile Dot4Peripheral current;
    /** Open unless {@link #holdPrint} closed it: PRINT then reads nothing, like a paused printer. */
    private volatile CountDownLatch printGate = new CountDownLatch(0);

    private TestPeripheral(LinkListener listener) {
        this.listener = listener;
    }

    /** Serves one link, e.g. the far end of a MemoryLink pair. */
    static TestPeripheral onLink(ByteLink link) {
        TestPeripheral p = new TestPeripheral(null);
        p.serve(link);
        return p;
    }

    /** Listens on {@code uri} and serves every host that connects. */
    static TestPeripheral listen(String uri) throws IOException {
        TestPeripheral p = new TestPeripheral(Links.listen(LinkUri.parse(uri)));
        Thread.ofVirtual().start(p::acceptLoop);
        return p;
    }

    /** The next finished print job (its channel closed), or null after {@code timeout}. */
    byte[] nextPrintJob(Duration timeout) throws InterruptedException {
        return printJobs.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Makes PRINT stop reading (after a read under way): its buffer fills and the host runs out of credit. */
    void holdPrint() {
        printGate = new CountDownLatch(1);
    }

    /** Lets PRINT read again. */
    void releasePrint() {
        printGate.countDown();
    }

    /** Opens a channel from STATUS to {@code hostSocket} and sends {@code message} on it. */
    void notifyHost(int hostSocket, byte[] message) throws Dot4Exception {
        PeripheralChannel ch = current.openToHost(STATUS, hostSocket);
        ch.writeFully(message, 0, message.length, 5000);
    }

    /** Closes the listener and every link: hosts see the device go away. */
    @Override
    public void close() throws IOException {
        if (listener != null) {
            listener.close();
        }
        synchronized (peripherals) {
            closed = true;
        }
        peripherals.forEach(Dot4Peripheral::close);
    }

    private void acceptLoop() {
        try {
            while (true) {
                serve(listener.accept());
            }
        } catch (IOException e) {
            // Listener closed: the test is over.
        }
    }

    private void serve(ByteLink link) {
        Dot4Peripheral peripheral = Dot4Peripheral.start(link, List.of(
                LocalSocket.service(PRINT, "PRINT", ChannelMode.STREAM),
                LocalSocket.service(ECHO, "ECHO", ChannelMode.PACKET),
                LocalSocket.service(STATUS, "STATUS", ChannelMode.STREAM)));
        // The host may see Init answered before this line runs: a close() in between must still end this link.
        boolean late;
        synchronized (peripherals) {
            peripherals.add(peripheral);
            late = closed;
        }
        if (late) {
            peripheral.close();
            return;
        }
        current = peripheral;
        Thread.ofVirtual().start(() -> acceptChannels(peripheral, ECHO));
        Thread.ofVirtual().start(() -> acceptChannels(peripheral, PRINT));
    }

    private void acceptChannels(Dot4Peripheral peripheral, int service) {
        try {
            while (true) {
                PeripheralChannel ch = peripheral.accept(service, Duration.ofDays(1));
                Thread.ofVirtual().start(() -> run(ch, service));
            }
        } catch (Dot4Exception e) {
            // The link went down.
        }
    }

    private void run(PeripheralChannel ch, int service) {
        byte[] buf = new byte[70_000];
        ByteArrayOutputStream job = new ByteArrayOutputStream();
        try (ch) {
            while (true) {
                if (service == PRINT) {
                    printGate.await();
                }
                IoResult r = ch.read(buf, 0, buf.length, Dot4Constants.INFINITE);
                if (r.isEndOfChannel()) {
                    break;
                }
                if (service == ECHO) {
                    ch.writeFully(buf, 0, r.bytes(), 600_000);
                } else {
                    job.write(buf, 0, r.bytes());
                }
            }
            if (service == PRINT) {
                printJobs.add(job.toByteArray());
            }
        } catch (Dot4Exception e) {
            // Channel or link closed under the service: nothing to report.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
