package org.dot4j.cli;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import org.dot4j.api.ChannelType;
import org.dot4j.api.CreateSocketData;
import org.dot4j.api.Dot4Constants;
import org.dot4j.api.IoResult;
import org.dot4j.driver.ByteLink;
import org.dot4j.driver.Dot4Host;
import org.dot4j.driver.Dot4Peripheral;
import org.dot4j.driver.HostClient;
import org.dot4j.driver.HostOptions;
import org.dot4j.engine.MlcFlow;
import org.dot4j.driver.PeripheralChannel;
import org.dot4j.engine.ChannelMode;
import org.dot4j.engine.LocalSocket;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code dot4 bench}: end-to-end throughput and latency, each beside the raw link measured in the same run. */
@Command(name = "bench", mixinStandardHelpOptions = true, footer = ExitCode.FOOTER,
        description = {"Measure host-to-peripheral throughput and round-trip latency.",
            "Runs over mem, tcp, unix and a simulated USB 2.0 link (40 MB/s, 125 us, 512-byte chunks), each next to "
                + "the same link's raw throughput and round trip without 1284.4, measured in the same run."})
final class BenchCommand implements Callable<Integer> {
    /** Blocking tasks get a platform thread each: the common pool has one thread on two cores and would serialise them, and a virtual thread blocked in a FileChannel read is not released by close. */
    static final java.util.concurrent.ExecutorService BLOCKING = java.util.concurrent.Executors.newThreadPerTaskExecutor(Thread.ofPlatform().daemon().factory());


    static final int SINK = 2;
    static final int ECHO = 6;
    static final int CHUNK = 64 * 1024;

    @Option(names = "--size", defaultValue = "64", description = "MiB to send per link. Default: ${DEFAULT-VALUE}.")
    int mebibytes;

    @Option(names = "--packet-size", defaultValue = "65535", description = "Largest packet, header included. Default: ${DEFAULT-VALUE}.")
    int packetSize;

    @Option(names = "--rounds", defaultValue = "500", description = "Round trips for latency. Default: ${DEFAULT-VALUE}.")
    int rounds;

    @Option(names = "--links", split = ",", defaultValue = "mem,tcp,unix,usb2-sim", description = "Link kinds. Default: ${DEFAULT-VALUE}.")
    List<String> links;

    @Option(names = "--mlc", description = "Speak HP MLC (revision 3, the device pushing credit) instead of IEEE 1284.4.")
    boolean mlc;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        var out = spec.commandLine().getOut();
        out.printf("dot4 bench: %s, %d MiB per link, packets up to %d bytes, %d round trips; %d cores, Java %s%n",
                mlc ? "HP MLC" : "IEEE 1284.4", mebibytes, packetSize, rounds, Runtime.getRuntime().availableProcessors(),
                Runtime.version());
        Table table = new Table("LINK", "RAW MB/s", "DOT4 MB/s", "% OF RAW", "RAW RTT us", "DOT4 RTT us");
        long bytes = (long) mebibytes << 20;
        // Warm up the JIT on both paths first, so the first link measured is not measured cold.
        rawThroughput(LinkPairs.MEM.open(0), bytes / 2);
        dot4(LinkPairs.MEM.open(0), bytes / 2);
        for (String label : links) {
            LinkPairs kind = LinkPairs.parse(label);
            double raw = rawThroughput(kind.open(1), bytes);
            double rawRtt = rawRoundTrip(kind.open(2));
            double[] dot4 = dot4(kind.open(3), bytes);
            table.row(kind.label, fmt(raw), fmt(dot4[0]), String.format("%.0f%%", 100 * dot4[0] / raw), fmt(rawRtt), fmt(dot4[1]));
        }
        table.print(out);
        return ExitCode.OK;
    }

    private static String fmt(double v) {
        return String.format(v >= 100 ? "%.0f" : "%.1f", v);
    }

    /** MB/s of plain bytes from one end to the other. */
    private static double rawThroughput(ByteLink[] pair, long bytes) throws Exception {
        try {
            CompletableFuture<Void> reader = CompletableFuture.runAsync(() -> drain(pair[1], bytes), BLOCKING);
            long start = System.nanoTime();
            ByteBuffer chunk = ByteBuffer.allocate(CHUNK);
            for (long sent = 0; sent < bytes; sent += CHUNK) {
                chunk.clear().limit((int) Math.min(CHUNK, bytes - sent));
                pair[0].write(chunk);
            }
            reader.get();
            return bytes / ((System.nanoTime() - start) / 1e9) / 1e6;
        } finally {
            pair[0].close();
            pair[1].close();
        }
    }

    /** Median microseconds for 64 bytes there and back on the raw link. */
    private double rawRoundTrip(ByteLink[] pair) throws Exception {
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
            return median(times) / 1e3;
        } finally {
            pair[0].close();
            pair[1].close();
        }
    }

    /** [MB/s to a sink service, median ECHO round trip in µs] through the full dot4j stack. */
    private double[] dot4(ByteLink[] pair, long bytes) throws Exception {
        List<LocalSocket> services = List.of(
                new LocalSocket(SINK, "PRINT", ChannelMode.STREAM, 8 * 65535, 65535, 65535, true),
                new LocalSocket(ECHO, "ECHO", ChannelMode.PACKET, 4 * 16384, 16384, 16384, true));
        try (Dot4Peripheral peripheral = Dot4Peripheral.start(pair[1], services);
             Dot4Host host = Dot4Host.connect(pair[0], (mlc ? HostOptions.mlc(MlcFlow.GUSHER) : HostOptions.defaults())
                     .withReplyTimeout(Duration.ofSeconds(30)));
             HostClient client = host.newClient("bench")) {
            CompletableFuture<Long> sink = CompletableFuture.supplyAsync(() -> sink(peripheral, bytes), BLOCKING);
            Thread.ofVirtual().start(() -> echo(peripheral));
            int socket = client.createSocket(CreateSocketData.forSocket(SINK, ChannelType.STREAM, 8L * packetSize, packetSize, packetSize)).hostSocketId();
            int handle = client.openChannel(socket, false);
            byte[] data = new byte[CHUNK];
            long start = System.nanoTime();
            for (long sent = 0; sent < bytes; sent += CHUNK) {
                int n = (int) Math.min(CHUNK, bytes - sent);
                client.write(handle, data, 0, n, Dot4Constants.INFINITE);
            }
            sink.get();
            double mbps = bytes / ((System.nanoTime() - start) / 1e9) / 1e6;
            client.closeChannel(handle);
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
            return new double[] {mbps, median(times) / 1e3};
        }
    }

    private static long sink(Dot4Peripheral peripheral, long bytes) {
        try (PeripheralChannel ch = peripheral.accept(SINK, Duration.ofSeconds(30))) {
            byte[] buf = new byte[256 * 1024];
            long got = 0;
            while (got < bytes) {
                IoResult r = ch.read(buf, 0, buf.length, Dot4Constants.INFINITE);
                if (r.isEndOfChannel()) {
                    break;
                }
                got += r.bytes();
            }
            return got;
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

    private static void drain(ByteLink link, long bytes) {
        ByteBuffer buf = ByteBuffer.allocate(256 * 1024);
        long got = 0;
        try {
            while (got < bytes) {
                buf.clear();
                int n = link.read(buf);
                if (n < 0) {
                    throw new IllegalStateException("link ended after " + got + " of " + bytes + " bytes");
                }
                got += n;
            }
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static double median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
