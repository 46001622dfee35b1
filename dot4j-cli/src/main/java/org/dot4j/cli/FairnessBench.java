package org.dot4j.cli;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLongArray;
import org.dot4j.api.ChannelType;
import org.dot4j.api.CreateSocketData;
import org.dot4j.api.Dot4Constants;
import org.dot4j.api.IoResult;
import org.dot4j.driver.ByteLink;
import org.dot4j.driver.Dot4Host;
import org.dot4j.driver.Dot4Peripheral;
import org.dot4j.driver.HostClient;
import org.dot4j.driver.PeripheralChannel;
import org.dot4j.engine.ChannelMode;
import org.dot4j.engine.LocalSocket;

/**
 * {@code dot4 bench --channels N}: N channels, each to a service of its own, all writing at once over one link for a
 * fixed time; what each delivered gives the aggregate throughput and Jain's fairness index.
 */
final class FairnessBench {
    /** Socket ids of the N sink services: 16, 17, ... (clear of the well-known ones). */
    private static final int FIRST_SOCKET = 16;

    private final LinkBench bench;
    private final int packetSize;

    FairnessBench(LinkBench bench, int packetSize) {
        this.bench = bench;
        this.packetSize = packetSize;
    }

    /** What each of {@code channels} channels delivered in {@code duration}: bytes per channel. */
    long[] run(ByteLink[] pair, int channels, Duration duration) throws Exception {
        List<LocalSocket> services = new ArrayList<>();
        for (int i = 0; i < channels; i++) {
            services.add(new LocalSocket(FIRST_SOCKET + i, "SINK" + i, ChannelMode.STREAM, 4 * 16384, 16384, 16384, true));
        }
        AtomicLongArray delivered = new AtomicLongArray(channels);
        AtomicBoolean measuring = new AtomicBoolean();
        AtomicBoolean stop = new AtomicBoolean();
        try (Dot4Peripheral peripheral = Dot4Peripheral.start(pair[1], services);
             Dot4Host host = Dot4Host.connect(pair[0], bench.hostOptions());
             HostClient client = host.newClient("bench-fairness")) {
            List<CompletableFuture<Void>> work = new ArrayList<>();
            for (int i = 0; i < channels; i++) {
                int index = i;
                work.add(CompletableFuture.runAsync(() -> sink(peripheral, index, delivered, measuring), BenchCommand.BLOCKING));
            }
            int[] handles = new int[channels];
            for (int i = 0; i < channels; i++) {
                int socket = client.createSocket(CreateSocketData.forSocket(FIRST_SOCKET + i, ChannelType.STREAM,
                        4L * packetSize, packetSize, packetSize)).hostSocketId();
                handles[i] = client.openChannel(socket, false);
            }
            CountDownLatch running = new CountDownLatch(channels);
            List<CompletableFuture<Void>> writers = new ArrayList<>();
            for (int handle : handles) {
                writers.add(CompletableFuture.runAsync(() -> write(client, handle, running, stop), BenchCommand.BLOCKING));
            }
            // Counting starts once every writer got a write through, so slow starters are not counted as unfairness.
            if (!running.await(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("not every channel took a first write within 30 s");
            }
            measuring.set(true);
            Thread.sleep(duration.toMillis());
            measuring.set(false);
            long[] shares = new long[channels];
            for (int i = 0; i < channels; i++) {
                shares[i] = delivered.get(i);
            }
            stop.set(true);
            CompletableFuture.allOf(writers.toArray(CompletableFuture[]::new)).get();
            for (int handle : handles) {
                client.closeChannel(handle);
            }
            CompletableFuture.allOf(work.toArray(CompletableFuture[]::new)).get();
            return shares;
        }
    }

    /** Writes until told to stop; each write waits at most a second, so a starved channel still sees the stop. */
    private static void write(HostClient client, int handle, CountDownLatch running, AtomicBoolean stop) {
        byte[] data = new byte[16384];
        try {
            client.write(handle, data, 0, data.length, Dot4Constants.INFINITE);
            running.countDown();
            while (!stop.get()) {
                client.write(handle, data, 0, data.length, 1000);
            }
        } catch (Exception e) {
            throw new IllegalStateException("a fairness writer failed: " + e.getMessage(), e);
        }
    }

    private static void sink(Dot4Peripheral peripheral, int index, AtomicLongArray delivered, AtomicBoolean measuring) {
        try (PeripheralChannel ch = peripheral.accept(FIRST_SOCKET + index, Duration.ofSeconds(30))) {
            byte[] buf = new byte[64 * 1024];
            while (true) {
                IoResult r = ch.read(buf, 0, buf.length, Dot4Constants.INFINITE);
                if (r.isEndOfChannel()) {
                    return;
                }
                if (measuring.get()) {
                    delivered.addAndGet(index, r.bytes());
                }
            }
        } catch (Exception e) {
            throw new IllegalStateException("a fairness sink failed: " + e.getMessage(), e);
        }
    }
}
