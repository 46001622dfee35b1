package org.dot4j.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.dot4j.api.ChannelType;
import org.dot4j.api.CreateSocketData;
import org.dot4j.api.Dot4Constants;
import org.dot4j.api.Dot4Exception;
import org.dot4j.api.IoResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Writes with an INFINITE timeout are posted ({@link PostedWrites}): the caller does not wait for the daemon's
 * answer, but no failure is lost. It is thrown by a later write on the channel or by CLOSE_CHANNEL, and a job
 * split into many posted writes reaches the device whole and in order.
 */
@Timeout(30)
class PostedWriteTest {

    private static final long INFINITE = Dot4Constants.INFINITE;

    @TempDir
    Path dir;

    @Test
    void aPostedWriteTheDaemonFailedMakesCloseChannelFail() throws Exception {
        try (DaemonFixture fixture = DaemonFixture.start(dir, List.of()); DaemonClient client = fixture.client()) {
            int handle = openPrint(client);
            fixture.unplug();
            assertThat(fixture.daemon().device(DaemonFixture.DEVICE).awaitDown(Duration.ofSeconds(5))).isTrue();

            assertThat(client.write(handle, new byte[] {1}, 0, 1, INFINITE)).isEqualTo(IoResult.success(1));
            assertThatThrownBy(() -> client.closeChannel(handle)).isInstanceOf(Dot4Exception.class)
                    .hasMessageContaining("an earlier write on this channel failed");
        }
    }

    @Test
    void aLaterWriteOnTheChannelThrowsTheFailureOfAnEarlierOne() throws Exception {
        try (DaemonFixture fixture = DaemonFixture.start(dir, List.of()); DaemonClient client = fixture.client()) {
            int handle = openPrint(client);
            fixture.unplug();
            assertThat(fixture.daemon().device(DaemonFixture.DEVICE).awaitDown(Duration.ofSeconds(5))).isTrue();

            // at most PER_CHANNEL writes are unanswered: the next one waits for the oldest, which failed
            assertThatThrownBy(() -> {
                for (int i = 0; i <= PostedWrites.PER_CHANNEL; i++) {
                    client.write(handle, new byte[] {1}, 0, 1, INFINITE);
                }
            }).isInstanceOf(Dot4Exception.class).hasMessageContaining("an earlier write on this channel failed");
        }
    }

    @Test
    void aJobOfManyPostedWritesArrivesWholeAndInOrder() throws Exception {
        try (DaemonFixture fixture = DaemonFixture.start(dir, List.of()); DaemonClient client = fixture.client()) {
            int handle = openPrint(client);
            byte[] job = pattern(3 * DaemonClient.MAX_WRITE_REQUEST + 7);
            // one call split into several requests, then small writes of 1 byte and of 0 bytes behind it
            client.write(handle, job, 0, job.length - 2, INFINITE);
            client.write(handle, job, job.length - 2, 0, INFINITE);
            client.write(handle, job, job.length - 2, 1, INFINITE);
            client.write(handle, job, job.length - 1, 1, INFINITE);
            assertPrintedWhole(fixture, client, handle, job);
        }
    }

    @Test
    void aWriteTheSendQueueCannotTakeWholeFinishesBehindTheReaderAndKeepsItsOrder() throws Exception {
        try (DaemonFixture fixture = DaemonFixture.start(dir, List.of()); DaemonClient client = fixture.client()) {
            int handle = openPrint(client);
            byte[] job = pattern(4 * DaemonClient.MAX_WRITE_REQUEST + 3);
            fixture.peripheral().holdPrint();
            // One big write, far more than the send queue and the printer hold, then small ones queued behind it.
            CompletableFuture<Void> written = new CompletableFuture<>();
            Thread.ofVirtual().start(() -> {
                try {
                    client.write(handle, job, 0, job.length - 3, INFINITE);
                    for (int i = job.length - 3; i < job.length; i++) {
                        client.write(handle, job, i, 1, INFINITE);
                    }
                    written.complete(null);
                } catch (Dot4Exception | RuntimeException e) {
                    written.completeExceptionally(e);
                }
            });
            // The part the queue could not take waits on the handle's lane, not on the thread that reads requests.
            awaitReport(fixture, "[1-9]\\d* request\\(s\\) running");
            fixture.peripheral().releasePrint();
            written.get(10, TimeUnit.SECONDS); // a miscounted reply fails it here
            assertPrintedWhole(fixture, client, handle, job);
        }
    }

    @Test
    void aWriteWithoutTimeoutIsAnsweredAtOnceWithTheBytesTaken() throws Exception {
        try (DaemonFixture fixture = DaemonFixture.start(dir, List.of()); DaemonClient client = fixture.client()) {
            int handle = openPrint(client);
            byte[] job = pattern(4 * DaemonClient.MAX_WRITE_REQUEST);
            fixture.peripheral().holdPrint();

            IoResult r = client.write(handle, job, 0, job.length, Dot4Constants.NO_TIMEOUT);
            assertThat(r.status()).isEqualTo(org.dot4j.api.NtStatus.STATUS_TIMEOUT);
            assertThat(r.bytes()).isBetween(1, job.length - 1);
            fixture.peripheral().releasePrint();
            client.closeChannel(handle);

            byte[] got = fixture.peripheral().nextPrintJob(Duration.ofSeconds(10));
            assertThat(got).as("job").isNotNull();
            assertThat(got).as("exactly the bytes the write said it took").isEqualTo(Arrays.copyOf(job, r.bytes()));
        }
    }

    private static byte[] pattern(int size) {
        byte[] job = new byte[size];
        for (int i = 0; i < job.length; i++) {
            job[i] = (byte) (i * 31 + (i >>> 8));
        }
        return job;
    }

    /** Waits until the daemon's status report matches {@code regex} somewhere. */
    private static void awaitReport(DaemonFixture fixture, String regex) throws InterruptedException {
        Pattern p = Pattern.compile(regex);
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!p.matcher(fixture.daemon().statusReport()).find()) {
            assertThat(System.nanoTime() - deadline).as("the status report to show " + regex).isNegative();
            Thread.sleep(5);
        }
    }

    /** Closes {@code handle}, which returns once the peripheral took every byte, and checks the job it printed. */
    private static void assertPrintedWhole(DaemonFixture fixture, DaemonClient client, int handle, byte[] job)
            throws Dot4Exception, InterruptedException {
        client.closeChannel(handle);
        byte[] got = fixture.peripheral().nextPrintJob(Duration.ofSeconds(10));
        assertThat(got).as("job").isNotNull();
        assertThat(got.length).isEqualTo(job.length);
        assertThat(Arrays.equals(got, job)).as("bytes in order").isTrue();
    }

    private static int openPrint(DaemonClient client) throws Dot4Exception {
        int socket = client.createSocket(CreateSocketData.forSocket(TestPeripheral.PRINT, ChannelType.STREAM, 65536,
                4096, 4096)).hostSocketId();
        return client.openChannel(socket, false);
    }
}
