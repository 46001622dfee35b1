package org.dot4j.links.gadget;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import org.dot4j.links.net.Background;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * GadgetLink over named pipes standing in for the FunctionFS endpoint files: both are plain blocking
 * files to a FileChannel, so reading, writing, ending and closing behave the same. (The real endpoints
 * are exercised by usb-e2e/tests/gadget-echo.sh.)
 */
@Timeout(10)
class GadgetLinkTest {
    /** How long a read may take to reach its blocking system call. */
    private static final Duration TO_BLOCK = Duration.ofSeconds(5);
    /** How long a released read may take to fail. */
    private static final Duration PROMPTLY = Duration.ofSeconds(2);

    @TempDir
    Path dir;

    private FileChannel hostWrites; // what the host sends: our bulk OUT
    private FileChannel hostReads; // what the host receives: our bulk IN
    private GadgetLink link;

    @BeforeEach
    void openLink() throws Exception {
        Path out = fifo("ep1");
        Path in = fifo("ep2");
        // O_RDWR opens of a FIFO never block on Linux, so the link's own opens find both ends present.
        hostWrites = FileChannel.open(out, StandardOpenOption.READ, StandardOpenOption.WRITE);
        hostReads = FileChannel.open(in, StandardOpenOption.READ, StandardOpenOption.WRITE);
        link = GadgetLink.open(out, in, "usb-gadget:" + dir, 512);
    }

    @AfterEach
    void closeAll() throws IOException {
        link.close();
        hostWrites.close();
        hostReads.close();
    }

    @Test
    void readsWhatTheHostSentAtMostReadSizeAtATime() throws IOException {
        hostWrites.write(ByteBuffer.wrap(pattern(1000)));
        ByteBuffer dst = ByteBuffer.allocate(4096);

        assertThat(link.read(dst)).isEqualTo(512);
        assertThat(link.read(dst)).isEqualTo(488);
        assertThat(dst.flip()).isEqualTo(ByteBuffer.wrap(pattern(1000)));
    }

    @Test
    void writeDeliversEveryByteIncludingAWholeNumberOfPackets() throws IOException {
        link.write(ByteBuffer.wrap(pattern(1024)));

        ByteBuffer got = ByteBuffer.allocate(1024);
        while (got.hasRemaining()) {
            hostReads.read(got);
        }
        assertThat(got.flip()).isEqualTo(ByteBuffer.wrap(pattern(1024)));
    }

    @Test
    void endReleasesABlockedReadWithTheReason() throws Exception {
        Background<Integer> read = blockedRead();

        link.end("soft reset by host");

        assertThat(read.failure(PROMPTLY)).isInstanceOf(IOException.class)
                .hasMessage("usb-gadget:" + dir + ": soft reset by host");
        assertThatThrownBy(() -> link.write(ByteBuffer.wrap(new byte[] {1})))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("soft reset by host");
        assertThat(link.isEnded()).isTrue();
        assertThat(link.failedInTransfer()).isFalse();
    }

    @Test
    void closeFromAnotherThreadReleasesABlockedReadPromptly() throws Exception {
        Background<Integer> read = blockedRead();

        link.close();

        assertThat(read.failure(PROMPTLY)).isInstanceOf(IOException.class).hasMessageContaining("closed by the peripheral");
    }

    @Test
    void firstEndReasonWins() {
        link.end("host disabled the function");
        link.end("link closed by the peripheral");

        assertThatThrownBy(() -> link.read(ByteBuffer.allocate(1))).hasMessageEndingWith("host disabled the function");
    }

    /** A read of the link, returned once it waits in the kernel for bytes the host never sends. */
    private Background<Integer> blockedRead() {
        Background<Integer> read = Background.start("blocked-read", () -> link.read(ByteBuffer.allocate(64)));
        read.awaitBlockedIn(GadgetLink.class, "read", TO_BLOCK);
        return read;
    }

    private Path fifo(String name) throws Exception {
        Path path = dir.resolve(name);
        Process mkfifo = new ProcessBuilder("mkfifo", path.toString()).inheritIO().start();
        assertThat(mkfifo.waitFor()).as("mkfifo exit status").isZero();
        return path;
    }

    private static byte[] pattern(int length) {
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++) {
            bytes[i] = (byte) (i * 7 + 3);
        }
        return bytes;
    }
}
