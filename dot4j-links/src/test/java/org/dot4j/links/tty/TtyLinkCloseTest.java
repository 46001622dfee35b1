package org.dot4j.links.tty;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

import org.dot4j.driver.ByteLink;
import org.dot4j.links.Blocking;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** close() from another thread must unblock a blocked read and a blocked write promptly (ByteLink contract). */
class TtyLinkCloseTest {

    private static final long PROMPT_MILLIS = 2000;
    /** How long a call may take to reach its wait in poll(). */
    private static final Duration TO_BLOCK = Duration.ofSeconds(5);

    private PtyListener listener;
    private ByteLink peripheral;
    private TtyLink host;

    @BeforeEach
    void openPty() throws IOException {
        listener = PtyListener.open();
        peripheral = listener.accept();
        host = TtyLink.open(Path.of(listener.slavePath()), TtyOptions.DEFAULTS);
    }

    @AfterEach
    void closePty() throws IOException {
        host.close();
        peripheral.close();
        listener.close();
    }

    @Test
    @Timeout(10)
    void closeUnblocksAReadWaitingOnTheSlave() throws Exception {
        assertCloseUnblocks(host, () -> host.read(ByteBuffer.allocate(64)));
    }

    @Test
    @Timeout(10)
    void closeUnblocksAReadWaitingOnTheMaster() throws Exception {
        assertCloseUnblocks(peripheral, () -> peripheral.read(ByteBuffer.allocateDirect(64)));
    }

    @Test
    @Timeout(10)
    void closeUnblocksAWriteToAFullPtyNobodyReads() throws Exception {
        // 4 MiB cannot fit in the pty's buffers (some 64 KiB) while the host reads nothing.
        assertCloseUnblocks(peripheral, () -> peripheral.write(ByteBuffer.allocate(4 << 20)));
    }

    @Test
    @Timeout(10)
    void closeUnblocksAWriteFromTheSlaveNobodyReads() throws Exception {
        assertCloseUnblocks(host, () -> host.write(ByteBuffer.allocateDirect(4 << 20)));
    }

    @Test
    @Timeout(10)
    void interruptEndsABlockedReadAndTheLinkStaysUsable() throws Exception {
        AtomicReference<Throwable> outcome = new AtomicReference<>();
        Thread reader = new Thread(() -> outcome.set(failureOf(() -> host.read(ByteBuffer.allocate(8)))));
        reader.start();
        awaitPolling(reader);
        reader.interrupt();
        reader.join(PROMPT_MILLIS);
        assertThat(reader.isAlive()).isFalse();
        assertThat(outcome.get()).isInstanceOf(InterruptedIOException.class);
        peripheral.write(ByteBuffer.wrap(new byte[] {42}));
        assertThat(Bytes.readExactly(host, 1)).containsExactly(42);
    }

    @Test
    @Timeout(10)
    void callsAfterCloseFailWithLinkClosed() throws IOException {
        host.close();
        host.close(); // idempotent
        assertThat(failureOf(() -> host.read(ByteBuffer.allocate(1)))).hasMessageStartingWith("link closed");
        assertThat(failureOf(() -> host.write(ByteBuffer.wrap(new byte[1])))).hasMessageStartingWith("link closed");
    }

    /** A blocking call on a link. */
    private interface LinkCall {
        void run() throws IOException;
    }

    private static void assertCloseUnblocks(ByteLink link, LinkCall call) throws Exception {
        AtomicReference<Throwable> outcome = new AtomicReference<>();
        Thread caller = new Thread(() -> outcome.set(failureOf(call)), "blocked-on-" + link.describe());
        caller.start();
        awaitPolling(caller); // fails when the call completed instead of blocking

        long start = System.nanoTime();
        link.close();
        caller.join(PROMPT_MILLIS);
        long latencyMillis = (System.nanoTime() - start) / 1_000_000;

        assertThat(caller.isAlive()).as("still blocked %d ms after close", latencyMillis).isFalse();
        assertThat(outcome.get()).isInstanceOf(IOException.class).hasMessageStartingWith("link closed");
        System.out.printf("%s: unblocked %d ms after close%n", link.describe(), latencyMillis);
    }

    /** Waits until {@code caller} sits in the link's poll(), the wait close and interrupts must end. */
    private static void awaitPolling(Thread caller) {
        Blocking.awaitBlockedIn(caller, TtyLink.class, "await", TO_BLOCK);
    }

    private static Throwable failureOf(LinkCall call) {
        try {
            call.run();
            return null;
        } catch (Throwable t) {
            return t;
        }
    }
}
