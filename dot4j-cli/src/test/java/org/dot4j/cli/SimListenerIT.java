package org.dot4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code dot4 sim}'s listener against what hosts and tools really do to it: port probes ({@code nc -z}, a second
 * {@code dot4 sim} checking the path), more hosts than it serves, a host stuck mid-packet, and no file descriptors
 * left (EMFILE). After each, a real {@code dot4 probe} must still work.
 */
@Timeout(300)
class SimListenerIT {

    /** Port probes per kind; the listener died at the first unlucky one before the fix (1 in 30 here). */
    static final int NC_PROBES = 10;
    static final int JAVA_PROBES = 100;
    /** A TCP probe's connect gives up after this (a listener nobody accepts on fills its queue). */
    static final int CONNECT_TIMEOUT_MILLIS = 5_000;

    @TempDir
    Path dir;

    private static void assertProbeWorks(String uri) throws Exception {
        Dot4Process.Result r = Dot4Process.run(60, null, "probe", uri, "--timeout", "10s");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.stdout()).containsPattern("(?m)^2\\s+PRINT");
    }

    private static int run(List<String> cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        if (!p.waitFor(20, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(cmd + " did not end within 20 s");
        }
        return p.exitValue();
    }

    /** Reads until the simulator closes {@code ch}: -1 then, or fails after {@code seconds}. */
    private static int readUntilClosed(SocketChannel ch, long seconds) throws Exception {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return ch.read(ByteBuffer.allocate(1024));
            } catch (IOException e) {
                return -2;
            }
        }, r -> Thread.ofPlatform().daemon().start(r)).get(seconds, TimeUnit.SECONDS);
    }

    @Test
    void portProbesOfTheUnixSocketDoNotStopTheSimulator() throws Exception {
        Path socket = dir.resolve("mfp.sock");
        try (SimProcess sim = SimProcess.start(dir, 0, "unix-listen:" + socket)) {
            for (int i = 0; i < NC_PROBES; i++) {
                assertThat(run(List.of("nc", "-U", "-z", socket.toString()))).as("nc -U -z").isZero();
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            for (int i = 0; i < JAVA_PROBES; ) {
                try (SocketChannel probe = SocketChannel.open(StandardProtocolFamily.UNIX)) {
                    probe.configureBlocking(false); // a full backlog fails (EAGAIN) instead of blocking for ever
                    probe.connect(UnixDomainSocketAddress.of(socket));
                    i++;
                } catch (IOException backlogFull) {
                    // the simulator is behind, or stopped accepting: the deadline tells which
                    assertThat(System.nanoTime() - deadline).as("the simulator still accepts after %d probes", i).isNegative();
                    Thread.sleep(20);
                }
            }
            assertProbeWorks(sim.uri);
            assertThat(sim.log()).doesNotContain("Exception in thread");
        }
    }

    @Test
    void portProbesOfTheTcpPortDoNotStopTheSimulator() throws Exception {
        try (SimProcess sim = SimProcess.start(dir, 0, "tcp-listen://127.0.0.1:0")) {
            URI address = URI.create(sim.uri);
            for (int i = 0; i < NC_PROBES; i++) {
                assertThat(run(List.of("nc", "-z", "127.0.0.1", String.valueOf(address.getPort())))).as("nc -z").isZero();
            }
            for (int i = 0; i < JAVA_PROBES; i++) {
                try (Socket probe = new Socket()) {
                    probe.connect(new InetSocketAddress("127.0.0.1", address.getPort()), CONNECT_TIMEOUT_MILLIS);
                }
            }
            assertProbeWorks(sim.uri);
            assertThat(sim.log()).doesNotContain("Exception in thread");
        }
    }

    @Test
    void aSecondSimulatorOnTheSamePathRefusesClearlyAndTheFirstKeepsServing() throws Exception {
        Path socket = dir.resolve("mfp.sock");
        try (SimProcess sim = SimProcess.start(dir, 0, "unix-listen:" + socket)) {
            Path otherSpool = dir.resolve("other-spool");
            Dot4Process.Result second = Dot4Process.run(60, null, "sim", "--listen", "unix-listen:" + socket,
                    "--spool", otherSpool.toString());
            assertThat(second.exitCode()).as(second.toString()).isEqualTo(3);
            assertThat(second.stderr()).contains("another process accepts connections on " + socket);
            assertThat(otherSpool).as("a refused start leaves nothing behind").doesNotExist();
            assertThat(socket).exists();
            assertProbeWorks(sim.uri);
        }
    }

    @Test
    void aHostBeyondTheLimitIsDisconnectedAndAHostStuckMidPacketTimesOut() throws Exception {
        Path socket = dir.resolve("mfp.sock");
        UnixDomainSocketAddress address = UnixDomainSocketAddress.of(socket);
        try (SimProcess sim = SimProcess.start(dir, 0, "unix-listen:" + socket, "--max-hosts", "2", "--stall-timeout", "1s");
             SocketChannel idle = SocketChannel.open(address);
             SocketChannel stuck = SocketChannel.open(address)) {
            sim.awaitLog("host connected", 30);
            awaitLogLines(sim, "serving HP profile", 2);

            try (SocketChannel refused = SocketChannel.open(address)) {
                assertThat(readUntilClosed(refused, 10)).as("disconnected without an answer").isEqualTo(-1);
            }
            assertThat(sim.awaitLog("refused host", 10)).contains("2 hosts are served already");

            stuck.write(ByteBuffer.wrap(new byte[] {0, 0, 0})); // half a header, then silence
            assertThat(readUntilClosed(stuck, 20)).as("the stuck host was disconnected").isEqualTo(-1);
            assertThat(sim.awaitLog("part of a packet", 10)).contains("disconnecting it");

            assertProbeWorks(sim.uri); // the slot the stuck host held is free again; the idle host keeps its own
            assertThat(idle.isConnected()).isTrue();
        }
    }

    @Test
    void runningOutOfFileDescriptorsPausesAcceptingWithFewLogLinesAndServingResumes() throws Exception {
        Path socket = dir.resolve("mfp.sock");
        List<SocketChannel> held = new ArrayList<>();
        try (SimProcess sim = SimProcess.start(dir, 128, "unix-listen:" + socket, "--max-hosts", "1000")) {
            // Connect until the simulator runs out of descriptors; a full backlog (EAGAIN) just means it is behind.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!sim.log().contains("Too many open files")) {
                assertThat(System.nanoTime() - deadline).as("EMFILE within 60 s and %d connections", held.size()).isNegative();
                assertThat(held.size()).as("connections before EMFILE").isLessThan(1000);
                SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX);
                ch.configureBlocking(false);
                try {
                    ch.connect(UnixDomainSocketAddress.of(socket));
                    held.add(ch);
                } catch (IOException backlogFull) {
                    ch.close();
                    Thread.sleep(20);
                }
            }
            sim.awaitLog("(10 times in a row)", 60); // ten failures in a row, with pauses growing between them
            assertThat(sim.logLines("accepting a host on")).as("log lines for ten failures in a row:\n" + sim.log()).isEqualTo(2);

            for (SocketChannel ch : held) {
                ch.close();
            }
            held.clear();
            sim.awaitLog("again after", 60);
            assertProbeWorks(sim.uri);
            assertThat(sim.process.isAlive()).isTrue();
        } finally {
            for (SocketChannel ch : held) {
                ch.close();
            }
        }
    }

    private static void awaitLogLines(SimProcess sim, String text, long count) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (sim.logLines(text) < count) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("fewer than " + count + " '" + text + "' lines within 30 s:\n" + sim.log());
            }
            Thread.sleep(20);
        }
    }
}
