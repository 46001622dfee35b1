package org.dot4j.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.dot4j.api.ChannelType;
import org.dot4j.api.CreateSocketData;
import org.dot4j.api.Dot4Constants;
import org.dot4j.api.Dot4Exception;
import org.dot4j.api.IoResult;
import org.dot4j.driver.Dot4Host;
import org.dot4j.driver.Dot4Peripheral;
import org.dot4j.driver.HostClient;
import org.dot4j.driver.HostOptions;
import org.dot4j.driver.MemoryLink;
import org.dot4j.driver.PeripheralChannel;
import org.dot4j.engine.ChannelMode;
import org.dot4j.engine.LocalSocket;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Bulk transfer host → peripheral through the real blocking driver over a {@link MemoryLink}: a host client
 * writes 64 KiB blocks on a stream channel to a PRINT-like service whose peripheral thread reads and discards
 * them. The same blocks pushed through a bare {@link MemoryLink} pair, with no protocol, are the baseline in the
 * same run, so the results read as a ratio: what 1284.4 framing, credit and the driver threads cost.
 *
 * <p>One benchmark thread writes; the driver's and the reader's threads run beside it.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class TransferBenchmark {

    /** Bytes one benchmark call writes. */
    static final int BLOCK = 64 * 1024;
    /** Socket id of the PRINT-like service. */
    static final int PRINT = 2;
    static final long WRITE_TIMEOUT_MILLIS = 30_000;

    /** Bytes moved, reported by JMH as a rate (the "bytes" row, in bytes/s). */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Bytes {
        /** Bytes written so far in this iteration. */
        public long bytes;

        /** Starts each iteration from zero. */
        @Setup(Level.Iteration)
        public void reset() {
            bytes = 0;
        }
    }

    /** A host and a peripheral driver joined by a MemoryLink, with one PRINT channel open. */
    @State(Scope.Benchmark)
    public static class Dot4Link {
        /** Largest packet, header included, in both directions. */
        @Param({"4096", "65535"})
        public int packetSize;

        final byte[] block = new byte[BLOCK];
        Dot4Peripheral peripheral;
        Dot4Host host;
        HostClient client;
        int handle;
        Thread sink;

        /** Starts both drivers, opens the channel and a peripheral thread that discards what arrives. */
        @Setup(Level.Trial)
        public void connect() throws Dot4Exception {
            MemoryLink[] link = MemoryLink.pair("bench");
            // Four packets of buffer per channel, as LocalSocket's default does.
            int buffer = 4 * packetSize;
            peripheral = Dot4Peripheral.start(link[1], List.of(
                    new LocalSocket(PRINT, "PRINT", ChannelMode.STREAM, buffer, packetSize, packetSize, true)));
            sink = Thread.ofPlatform().name("print-sink").daemon().start(this::discard);
            host = Dot4Host.connect(link[0], HostOptions.defaults());
            client = host.newClient("bench");
            int socket = client.createSocket(CreateSocketData.forService("PRINT", ChannelType.STREAM, buffer, packetSize, packetSize))
                    .hostSocketId();
            handle = client.openChannel(socket, false);
        }

        private void discard() {
            try (PeripheralChannel ch = peripheral.accept(PRINT, Duration.ofSeconds(30))) {
                byte[] buf = new byte[128 * 1024];
                while (!ch.read(buf, 0, buf.length, Dot4Constants.INFINITE).isEndOfChannel()) {
                    // discard, as a printer's spooler would consume it
                }
            } catch (Dot4Exception e) {
                // the link closed at tear-down
            }
        }

        /** Closes the channel and both drivers. */
        @TearDown(Level.Trial)
        public void disconnect() throws InterruptedException {
            host.close();
            peripheral.close();
            sink.join(5_000);
        }
    }

    /** A bare MemoryLink pair and a thread that reads and discards: the same bytes with no protocol. */
    @State(Scope.Benchmark)
    public static class RawLink {
        final byte[] block = new byte[BLOCK];
        MemoryLink[] link;
        Thread sink;

        /** Opens the pair and starts the reader. */
        @Setup(Level.Trial)
        public void connect() {
            link = MemoryLink.pair("raw");
            sink = Thread.ofPlatform().name("raw-sink").daemon().start(this::discard);
        }

        private void discard() {
            ByteBuffer buf = ByteBuffer.allocate(128 * 1024);
            try {
                while (link[1].read(buf.clear()) >= 0) {
                    // discard
                }
            } catch (IOException e) {
                // closed at tear-down
            }
        }

        /** Closes the pair. */
        @TearDown(Level.Trial)
        public void disconnect() throws InterruptedException {
            link[0].close();
            sink.join(5_000);
        }
    }

    /** Writes one 64 KiB block through HostClient.write (d4drvif DOT4_WRITE). */
    @Benchmark
    public int dot4(Dot4Link s, Bytes counter) throws Dot4Exception {
        IoResult r = s.client.write(s.handle, s.block, 0, BLOCK, WRITE_TIMEOUT_MILLIS);
        if (r.bytes() != BLOCK) {
            throw new IllegalStateException("write took " + r.bytes() + " of " + BLOCK + " bytes: " + r.status());
        }
        counter.bytes += BLOCK;
        return r.bytes();
    }

    /** Writes one 64 KiB block straight into the MemoryLink. */
    @Benchmark
    public int raw(RawLink s, Bytes counter) throws IOException {
        s.link[0].write(ByteBuffer.wrap(s.block));
        counter.bytes += BLOCK;
        return BLOCK;
    }
}
