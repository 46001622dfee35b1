package org.dot4j.cli;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.dot4j.api.ChannelType;
import org.dot4j.api.CreateSocketData;
import org.dot4j.api.Dot4Constants;
import org.dot4j.api.Dot4Device;
import org.dot4j.api.IoResult;
import org.dot4j.driver.ByteLink;
import org.dot4j.driver.Dot4Host;
import org.dot4j.driver.Dot4Peripheral;
import org.dot4j.driver.HostClient;
import org.dot4j.driver.HostOptions;
import org.dot4j.driver.PeripheralChannel;
import org.dot4j.engine.ChannelMode;
import org.dot4j.engine.LocalSocket;

/** One link pair measured raw and through the whole dot4j stack (host and peripheral in this process). */
final class LinkBench {
    static final int SINK = 2;
    static final int ECHO = 6;
    static final int CHUNK = 64 * 1024;
    /** The sink's largest packet and receive buffer: eight packets of credit. */
    static final int SINK_PACKET = 65535;
    static final int SINK_BUFFER = 8 * SINK_PACKET;

    private final int packetSize;
    private final int rounds;
    private final HostOptions dialect;

    /** A bench speaking the dialect of {@code dialect} (revision, Epson entry, MLC credit style). */
    LinkBench(int packetSize, int rounds, HostOptions dialect) {
        this.packetSize = packetSize;
        this.rounds = rounds;
        this.dialect = dialect;
    }

    HostOptions hostOptions() {
        return dialect.withReplyTimeout(Duration.ofSeconds(30));
    }

    /** MB/s of plain bytes from one end to the other, sent for at least {@code minNanos}. */
    static double rawThroughput(ByteLink[] pair, long minNanos) throws Exception {
        try {
            CompletableFuture<long[]> reader = CompletableFuture.supplyAsync(() -> drain(pair[1]), BenchCommand.BLOCKING);
            long start = System.nanoTime();
            long sent = 0;
            ByteBuffer chunk = ByteBuffer.allocateDirect(CHUNK);
            while (System.nanoTime() - start < minNanos) {
                pair[0].write(chunk.clear());
                sent += CHUNK;
            }
            pair[0].close();
            long[] got = reader.get();
            if (got[0] != sent) {
                throw new IllegalStateException("the raw link delivered " + got[0] + " of " + sent + " bytes");
            }
            return got[0] / ((got[1] - start) / 1e9) / 1e6;
        } finally {
            pair[0].close();
            pair[1].close();
        }
    }

    /** Median microseconds for 64 bytes there and back on the raw link. */
    double rawRoundTrip(ByteLink[] pair) throws Exception {
        try {
            Thread echo = Thread.ofVirtual().start(() -> {
                ByteBuffer b = ByteBuffer.allocate(64);
                try {
                    while (true) {
                        b.clear();
                        while (b.hasRemaining()) {
                            if (pair[1].read(b) < 0) {
                                return;
                            }
                        }
                        b.flip();
                        pair[1].write(b);
                    }
                } catch (Exception e) {
                    // link closed: the measurement is over
                }
            });
            long[] times = new long[rounds];
            ByteBuffer b = ByteBuffer.allocate(64);
            for (int i = 0; i < rounds; i++) {
                long t = System.nanoTime();
                b.clear();
                pair[0].write(b);
                b.clear();
                while (b.hasRemaining()) {
                    pair[0].read(b);
                }
                times[i] = System.nanoTime() - t;
            }
            pair[0].close();
            echo.join(1000);
            return Samples.median(times) / 1e3;
        } finally {
            pair[0].close();
            pair[1].close();
        }
    }

    /** [MB/s to a sink service, median ECHO round trip in µs] through the full dot4j stack. */
    double[] dot4(ByteLink[] pair, long minNanos) throws Exception {
        try (Dot4Peripheral peripheral = Dot4Peripheral.start(pair[1], services());
             Dot4Host host = Dot4Host.connect(pair[0], hostOptions());
             HostClient client = host.newClient("bench")) {
            CompletableFuture<long[]> sink = CompletableFuture.supplyAsync(() -> sink(peripheral, SINK), BenchCommand.BLOCKING);
            Thread.ofVirtual().start(() -> echo(peripheral));
            long start = System.nanoTime();
            long sent = send(client, SINK, minNanos);
            long[] got = sink.get();
            if (got[0] != sent) {
                throw new IllegalStateException("the sink received " + got[0] + " of " + sent + " bytes");
            }
            return new double[] {got[0] / ((got[1] - start) / 1e9) / 1e6, echoRoundTrip(client)};
        }
    }

    /** The bench's peripheral services: a sink on PRINT's socket and an ECHO. */
    static List<LocalSocket> services() {
        return List.of(new LocalSocket(SINK, "PRINT", ChannelMode.STREAM, SINK_BUFFER, SINK_PACKET, SINK_PACKET, true),
                new LocalSocket(ECHO, "ECHO", ChannelMode.PACKET, 4 * 16384, 16384, 16384, true));
    }

    /**
     * Opens a channel to {@code service}, writes for at least {@code minNanos} and closes it, which returns once the
     * peripheral took every byte; returns the bytes sent.
     */
    long send(Dot4Device client, int service, long minNanos) throws Exception {
        int socket = client.createSocket(CreateSocketData.forSocket(service, ChannelType.STREAM, 8L * packetSize,
                packetSize, packetSize)).hostSocketId();
        int handle = client.openChannel(socket, false);
        byte[] data = new byte[CHUNK];
        long start = System.nanoTime();
        long sent = 0;
        while (System.nanoTime() - start < minNanos) {
            client.write(handle, data, 0, CHUNK, Dot4Constants.INFINITE);
            sent += CHUNK;
        }
        client.closeChannel(handle);
        client.destroySocket(socket);
        return sent;
    }

    private double echoRoundTrip(HostClient client) throws Exception {
        int echoSocket = client.createSocket(CreateSocketData.forSocket(ECHO, ChannelType.PACKET, 65536, 16384, 16384)).hostSocketId();
        int echoHandle = client.openChannel(echoSocket, false);
        long[] times = new long[rounds];
        byte[] msg = new byte[64];
        for (int i = 0; i < rounds; i++) {
            long t = System.nanoTime();
            client.write(echoHandle, msg, 0, msg.length, Dot4Constants.INFINITE);
            IoResult r = client.read(echoHandle, msg, 0, msg.length, 10_000);
            if (r.bytes() != msg.length) {
                throw new IllegalStateException("ECHO returned " + r + " instead of 64 bytes");
            }
            times[i] = System.nanoTime() - t;
        }
        client.closeChannel(echoHandle);
        return Samples.median(times) / 1e3;
    }

    /** Reads one channel to {@code service} to its end: [bytes read, System.nanoTime() at the end]. */
    static long[] sink(Dot4Peripheral peripheral, int service) {
        try (PeripheralChannel ch = peripheral.accept(service, Duration.ofSeconds(30))) {
            byte[] buf = new byte[256 * 1024];
            long got = 0;
            while (true) {
                IoResult r = ch.read(buf, 0, buf.length, Dot4Constants.INFINITE);
                if (r.isEndOfChannel()) {
                    return new long[] {got, System.nanoTime()};
                }
                got += r.bytes();
            }
        } catch (Exception e) {
            throw new IllegalStateException("sink failed: " + e.getMessage(), e);
        }
    }

    private static void echo(Dot4Peripheral peripheral) {
        try (PeripheralChannel ch = peripheral.accept(ECHO, Duration.ofSeconds(60))) {
            byte[] buf = new byte[16384];
            while (true) {
                IoResult r = ch.read(buf, 0, buf.length, Dot4Constants.INFINITE);
                if (r.isEndOfChannel()) {
                    return;
                }
                ch.writeFully(buf, 0, r.bytes(), 10_000);
            }
        } catch (Exception e) {
            // the link closed at the end of the run
        }
    }

    /** Reads {@code link} to its end: [bytes read, System.nanoTime() at the end]. */
    private static long[] drain(ByteLink link) {
        ByteBuffer buf = ByteBuffer.allocateDirect(256 * 1024);
        long got = 0;
        try {
            while (true) {
                buf.clear();
                int n = link.read(buf);
                if (n < 0) {
                    return new long[] {got, System.nanoTime()};
                }
                got += n;
            }
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** MB/s of {@code bytes} moved from {@code startNanos} until now. */
    static double mbps(long bytes, long startNanos) {
        return bytes / ((System.nanoTime() - startNanos) / 1e9) / 1e6;
    }
}
