package org.dot4j.links.tty;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.dot4j.driver.ByteLink;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** dropStale on a real pty: what the peer wrote before is dropped, what it writes after is read. */
class TtyLinkStaleTest {

    private PtyListener listener;
    private ByteLink peer;
    private TtyLink host;

    @BeforeEach
    void openPty() throws IOException {
        listener = PtyListener.open();
        peer = listener.accept();
        host = TtyLink.open(Path.of(listener.slavePath()), TtyOptions.DEFAULTS);
    }

    @AfterEach
    void closeAll() throws IOException {
        host.close();
        peer.close();
        listener.close();
    }

    @Test
    @Timeout(20)
    void dropsWhatWasThereAndReadsWhatComesAfter() throws IOException {
        for (int size : new int[] {1, 3, 4095, 4096, 4097}) {
            peer.write(ByteBuffer.wrap(new byte[size]));
            assertThat(host.dropStale(Duration.ofMillis(200), Duration.ofSeconds(10))).as("size %d", size).isEqualTo(size);
            peer.write(ByteBuffer.wrap(new byte[] {0, 0, 0, 9}));
            ByteBuffer fresh = ByteBuffer.allocate(16);
            while (fresh.position() < 4) {
                host.read(fresh);
            }
            assertThat(fresh.flip()).isEqualTo(ByteBuffer.wrap(new byte[] {0, 0, 0, 9}));
        }
    }

    @Test
    @Timeout(20)
    void nothingStaleIsNothingDropped() throws IOException {
        assertThat(host.dropStale(Duration.ofMillis(50), Duration.ofSeconds(10))).isZero();
    }

    @Test
    @Timeout(20)
    void aPeerThatNeverFallsSilentIsLeftAfterTheLimit() throws Exception {
        AtomicBoolean stop = new AtomicBoolean();
        Thread streamer = Thread.ofPlatform().start(() -> {
            try {
                while (!stop.get()) {
                    peer.write(ByteBuffer.wrap(new byte[64]));
                }
            } catch (IOException e) {
                // the pty closed under us at the end of the test
            }
        });
        try {
            assertThat(host.dropStale(Duration.ofSeconds(2), Duration.ofSeconds(3))).isPositive();
        } finally {
            stop.set(true);
            host.close();
            streamer.join(5000);
        }
    }
}
