package org.dot4j.driver;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.OptionalLong;
import java.util.concurrent.locks.Condition;

/**
 * The two loops of a {@link LinkDriver}: the reader feeds what the link brings into the engine, the writer fires
 * timers and drains packets onto the link. Each holds the driver's lock only around engine calls, never while it
 * reads or writes the link. Their buffers are direct: socket, tty and USB links hand them to the kernel or libusb
 * as they are, where a heap buffer is first copied into a temporary direct one.
 */
final class LinkThreads {

    /** Transmit buffer: room for a full-size packet and more. */
    private static final int TRANSMIT_BUFFER = 128 * 1024;
    /** Receive buffer: several full-size packets, so what waits in a socket reaches the engine in one call. */
    private static final int RECEIVE_BUFFER = 256 * 1024;

    private final LinkDriver driver;
    private final ByteLink link;
    /** Signalled under the lock when the engine may have something to send or a new deadline. */
    private final Condition transmitWanted;
    /** Set with {@link #transmitWanted}'s signal so a signal between the writer's checks is not lost. */
    private boolean kicked;

    LinkThreads(LinkDriver driver, ByteLink link) {
        this.driver = driver;
        this.link = link;
        this.transmitWanted = driver.lock.newCondition();
    }

    /** Under the lock: the engine was called, so the writer looks again. */
    void kick() {
        kicked = true;
        transmitWanted.signal();
    }

    /** Under the lock: wakes the writer without claiming new work (the link went down). */
    void wakeWriter() {
        transmitWanted.signal();
    }

    void readLoop() {
        ByteBuffer in = ByteBuffer.allocateDirect(RECEIVE_BUFFER);
        try {
            while (driver.downReason() == null) {
                in.clear();
                int n = link.read(in);
                if (n < 0) {
                    driver.closeLink("the peer closed the link");
                    return;
                }
                in.flip();
                driver.lock.lock();
                try {
                    driver.engine.handleReceived(in, System.nanoTime());
                    driver.afterEngineCall();
                } finally {
                    driver.unlock();
                }
            }
        } catch (IOException | RuntimeException e) {
            driver.closeLink("read failed: " + e.getMessage());
        }
    }

    void writeLoop() {
        ByteBuffer out = ByteBuffer.allocateDirect(TRANSMIT_BUFFER);
        try {
            while (true) {
                driver.lock.lock();
                try {
                    while (true) {
                        if (driver.downReason() != null) {
                            return;
                        }
                        long now = System.nanoTime();
                        driver.engine.handleTimeout(now);
                        out.clear();
                        int n = driver.engine.pollTransmit(out, now);
                        driver.dispatch();
                        if (n > 0) {
                            break;
                        }
                        if (!kicked) {
                            OptionalLong next = driver.engine.nextDeadline();
                            if (next.isPresent()) {
                                transmitWanted.awaitNanos(Math.max(1, next.getAsLong() - now));
                            } else {
                                transmitWanted.await();
                            }
                        }
                        kicked = false;
                    }
                } finally {
                    driver.unlock();
                }
                out.flip();
                PacketWrites.write(link, out);
            }
        } catch (IOException | RuntimeException e) {
            driver.closeLink("write failed: " + e.getMessage());
        } catch (InterruptedException e) {
            driver.closeLink("interrupted");
        }
    }
}
