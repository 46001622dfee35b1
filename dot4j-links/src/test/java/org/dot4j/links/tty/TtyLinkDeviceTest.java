package org.dot4j.links.tty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Opening devices that are not ptys: missing paths, and character devices without termios. */
class TtyLinkDeviceTest {

    @Test
    @Timeout(10)
    void missingDeviceIsReportedByPathAsNoSuchDevice() {
        assertThatThrownBy(() -> TtyLink.open(Path.of("/dev/ttyDOT4J-missing"), TtyOptions.DEFAULTS))
                .isInstanceOf(ErrnoException.class)
                .hasMessageContaining("/dev/ttyDOT4J-missing")
                .hasMessageContaining("no such device")
                .satisfies(e -> assertThat(((ErrnoException) e).errno()).isEqualTo(Posix.ENOENT));
    }

    @Test
    @Timeout(10)
    void onlyTerminalsAreTtys() throws IOException {
        int nul = Posix.open("/dev/null", Posix.O_RDWR);
        try (PtyListener pty = PtyListener.open()) {
            int slave = Posix.open(pty.slavePath(), Posix.O_RDWR | Posix.O_NOCTTY);
            assertThat(Posix.isatty(slave)).isTrue();
            Posix.close(slave, pty.slavePath());
            assertThat(Posix.isatty(nul)).isFalse();
        } finally {
            Posix.close(nul, "/dev/null");
        }
    }

    @Test
    @Timeout(10)
    void zeroDeviceIsNoTerminalAndReadsAndWritesWork() throws IOException {
        // A baud rate is ignored, not applied: tcsetattr on /dev/zero would fail with ENOTTY.
        try (TtyLink zero = TtyLink.open(Path.of("/dev/zero"), TtyOptions.parseQuery("baud=115200"))) {
            assertThat(zero.describe()).isEqualTo("tty:/dev/zero");
            ByteBuffer heap = ByteBuffer.allocate(100_000);
            heap.put(0, (byte) 7);
            assertThat(zero.read(heap)).isEqualTo(100_000);
            assertThat(heap.array()).containsOnly(0);
            ByteBuffer direct = ByteBuffer.allocateDirect(1000);
            assertThat(zero.read(direct)).isEqualTo(1000);
            ByteBuffer src = ByteBuffer.wrap(Bytes.everyValue());
            zero.write(src);
            assertThat(src.hasRemaining()).isFalse();
        }
    }

    @Test
    @Timeout(10)
    void nullDeviceSwallowsWritesAndReadsEndOfStream() throws IOException {
        try (TtyLink nul = TtyLink.open(Path.of("/dev/null"), TtyOptions.DEFAULTS)) {
            ByteBuffer src = ByteBuffer.allocateDirect(200_000);
            nul.write(src);
            assertThat(src.hasRemaining()).isFalse();
            assertThat(nul.read(ByteBuffer.allocate(16))).isEqualTo(-1);
        }
    }
}
