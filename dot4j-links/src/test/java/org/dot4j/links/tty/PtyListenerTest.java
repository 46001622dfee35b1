package org.dot4j.links.tty;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.dot4j.links.tty.Bytes.everyValue;
import static org.dot4j.links.tty.Bytes.random;
import static org.dot4j.links.tty.Bytes.readExactly;
import static org.dot4j.links.tty.Bytes.writeAll;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.dot4j.driver.ByteLink;
import org.dot4j.links.net.Background;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A real pty: PtyListener's master link against hosts opening the slave (§12 item 10). */
class PtyListenerTest {
    /** How long an accept() may take to reach its wait. */
    private static final Duration TO_BLOCK = Duration.ofSeconds(5);
    /** How long a released accept() may take to return. */
    private static final Duration PROMPTLY = Duration.ofSeconds(2);

    /** Hosts that leave the line as the listener configured it, as d4lib does. */
    private static final TtyOptions UNTOUCHED = TtyOptions.parseQuery("raw=false");

    private PtyListener listener;
    private ByteLink peripheral;

    @BeforeEach
    void openPty() throws IOException {
        listener = PtyListener.open();
        peripheral = listener.accept();
    }

    @AfterEach
    void closePty() throws IOException {
        peripheral.close();
        listener.close();
    }

    @Test
    @Timeout(10)
    void addressNamesTheSlaveDevice() {
        assertThat(listener.address()).isEqualTo("tty:" + listener.slavePath()).matches("tty:/dev/pts/\\d+");
    }

    @Test
    @Timeout(10)
    void slaveIsRawBeforeAnyHostOpensIt() throws IOException {
        int fd = Posix.open(listener.slavePath(), Posix.O_RDWR | Posix.O_NOCTTY);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment termios = arena.allocate(Posix.TERMIOS_SIZE, 4);
            Posix.tcgetattr(fd, termios, listener.slavePath());
            assertThat(termios.get(JAVA_INT, Posix.TERMIOS_LFLAG) & (Termios.ICANON | Termios.ECHO)).isZero();
            assertThat(termios.get(JAVA_INT, Posix.TERMIOS_OFLAG) & Termios.OPOST).isZero();
            assertThat(termios.get(JAVA_INT, Posix.TERMIOS_IFLAG)).isZero();
        } finally {
            Posix.close(fd, listener.slavePath());
        }
    }

    @Test
    @Timeout(10)
    void everyByteValueCrossesIntactInBothDirections() throws IOException {
        try (TtyLink host = TtyLink.open(Path.of(listener.slavePath()), UNTOUCHED)) {
            // CR, LF, ^C, ^D, XON, XOFF, DEL and 0xFF are what a cooked line would translate or swallow.
            writeAll(host, everyValue());
            assertThat(readExactly(peripheral, 256)).isEqualTo(everyValue());
            writeAll(peripheral, everyValue());
            assertThat(readExactly(host, 256)).isEqualTo(everyValue());
        }
    }

    @Test
    @Timeout(20)
    void oneMebibyteEachWayConcurrentlyArrivesIdentical() throws Exception {
        byte[] toPeripheral = random(1 << 20, 1);
        byte[] toHost = random(1 << 20, 2);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try (TtyLink host = TtyLink.open(Path.of(listener.slavePath()), TtyOptions.DEFAULTS)) {
            Future<?> hostWrites = pool.submit(() -> { writeAll(host, toPeripheral); return null; });
            Future<?> peripheralWrites = pool.submit(() -> { writeAll(peripheral, toHost); return null; });
            Future<byte[]> peripheralReads = pool.submit(() -> readExactly(peripheral, toPeripheral.length));
            Future<byte[]> hostReads = pool.submit(() -> readExactly(host, toHost.length));
            hostWrites.get();
            peripheralWrites.get();
            assertThat(peripheralReads.get()).isEqualTo(toPeripheral);
            assertThat(hostReads.get()).isEqualTo(toHost);
        } finally {
            pool.shutdownNow();
            assertThat(pool.awaitTermination(5, TimeUnit.SECONDS)).isTrue();
        }
    }

    @Test
    @Timeout(10)
    void rawModeAndDataSurviveSuccessiveHostSessions() throws IOException {
        for (int session = 0; session < 2; session++) {
            try (TtyLink host = TtyLink.open(Path.of(listener.slavePath()), UNTOUCHED)) {
                writeAll(host, everyValue());
                assertThat(readExactly(peripheral, 256)).as("session %d to peripheral", session).isEqualTo(everyValue());
                writeAll(peripheral, everyValue());
                assertThat(readExactly(host, 256)).as("session %d to host", session).isEqualTo(everyValue());
            }
        }
    }

    @Test
    @Timeout(20)
    void externalProcessWritingTheSlaveDeliversExactlyItsBytes(@TempDir Path dir) throws Exception {
        byte[] expected = random(4096, 3);
        Path file = Files.write(dir.resolve("payload.bin"), expected);
        Process cat = new ProcessBuilder("/bin/sh", "-c", "cat \"$1\" > \"$2\"", "sh", file.toString(), listener.slavePath())
                .redirectErrorStream(true).start();
        assertThat(readExactly(peripheral, expected.length)).isEqualTo(expected);
        assertThat(cat.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(cat.exitValue()).as(new String(cat.getInputStream().readAllBytes())).isZero();
        // Nothing was added (no CR before LF): the next byte the peripheral sees is the next host's marker.
        try (TtyLink nextHost = TtyLink.open(Path.of(listener.slavePath()), UNTOUCHED)) {
            writeAll(nextHost, new byte[] {(byte) 0xA5});
            assertThat(readExactly(peripheral, 1)).containsExactly((byte) 0xA5);
        }
    }

    @Test
    @Timeout(10)
    void secondAcceptWaitsForTheFirstLinkAndThenServesTheNextHost() throws Exception {
        Background<ByteLink> second = blockedAccept(); // fails when accept() returned while the first link is open
        writeAll(peripheral, "unread reply for a vanished host".getBytes());
        peripheral.close();
        peripheral = second.result(PROMPTLY);
        try (TtyLink host = TtyLink.open(Path.of(listener.slavePath()), UNTOUCHED)) {
            writeAll(peripheral, "fresh".getBytes());
            assertThat(new String(readExactly(host, 5))).isEqualTo("fresh");
            writeAll(host, everyValue());
            assertThat(readExactly(peripheral, 256)).isEqualTo(everyValue());
        }
    }

    @Test
    @Timeout(10)
    void closingTheListenerUnblocksAcceptAndKeepsTheAcceptedLink() throws Exception {
        Background<ByteLink> blocked = blockedAccept();
        listener.close();
        assertThat(blocked.failure(PROMPTLY)).isInstanceOf(IOException.class).hasMessage("listener closed: " + listener.address());
        try (TtyLink host = TtyLink.open(Path.of(listener.slavePath()), UNTOUCHED)) {
            writeAll(host, everyValue());
            assertThat(readExactly(peripheral, 256)).isEqualTo(everyValue());
        }
        // With the listener's own slave descriptor gone, the last host leaving is the end of the stream.
        assertThat(peripheral.read(ByteBuffer.allocate(1))).isEqualTo(-1);
    }

    @Test
    @Timeout(10)
    void hostReadsEndOfStreamWhenThePtyGoesAway() throws IOException {
        try (TtyLink host = TtyLink.open(Path.of(listener.slavePath()), UNTOUCHED)) {
            peripheral.close();
            listener.close();
            assertThat(host.read(ByteBuffer.allocateDirect(16))).isEqualTo(-1);
        }
    }

    /** A second accept(), returned once it waits for the first link to be released. */
    private Background<ByteLink> blockedAccept() {
        Background<ByteLink> accept = Background.start("second-accept", listener::accept);
        accept.awaitBlockedIn(PtyListener.class, "accept", TO_BLOCK);
        return accept;
    }
}
