package org.dot4j.bench;

import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import org.dot4j.wire.MalformedTransactionException;
import org.dot4j.wire.PacketFramer;
import org.dot4j.wire.PacketHeader;
import org.dot4j.wire.Revision;
import org.dot4j.wire.Transaction;
import org.dot4j.wire.TransactionCodec;
import org.dot4j.wire.WireFormat;
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

/**
 * Throughput of the wire codec: encoding and decoding the transactions a busy link sends most (OpenChannel,
 * Credit, GetSocketID), and {@link PacketFramer} cutting a byte stream of data packets as a link delivers it.
 * Each benchmark also counts the bytes it handled ({@link Bytes}), so JMH reports bytes per second next to ops/s.
 *
 * <p>Each JMH thread has its own state; nothing is shared.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class CodecBenchmark {

    /** Bytes handled, reported by JMH as a rate (the "bytes" row, in bytes/s). */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Bytes {
        /** Bytes encoded, decoded or framed so far in this iteration. */
        public long bytes;

        /** Starts each iteration from zero. */
        @Setup(Level.Iteration)
        public void reset() {
            bytes = 0;
        }
    }

    /** The transactions, their encoded forms and a buffer to encode into. */
    @State(Scope.Thread)
    public static class Transactions {
        final Transaction openChannel = new Transaction.OpenChannel(2, 2, 16384, 16384, WireFormat.MAX_CREDIT, 0);
        final Transaction credit = new Transaction.Credit(2, 2, 8);
        final Transaction getSocketId = new Transaction.GetSocketId("PRINT");
        final ByteBuffer out = ByteBuffer.allocate(WireFormat.MAX_TRANSACTION_PACKET);
        ByteBuffer openChannelBytes;
        ByteBuffer creditBytes;
        ByteBuffer getSocketIdBytes;

        /** Encodes each transaction once for the decode benchmarks. */
        @Setup
        public void encodeAll() {
            openChannelBytes = encoded(openChannel);
            creditBytes = encoded(credit);
            getSocketIdBytes = encoded(getSocketId);
        }

        private static ByteBuffer encoded(Transaction t) {
            ByteBuffer b = ByteBuffer.allocate(TransactionCodec.encodedLength(t, Revision.IEEE_1284_4));
            TransactionCodec.encode(t, Revision.IEEE_1284_4, b);
            return b.flip().asReadOnlyBuffer();
        }
    }

    /** A stream of whole data packets of one size, delivered to the framer in link-sized reads. */
    @State(Scope.Thread)
    public static class PacketStream {
        /** Packet length including the 6-byte header: 4 KiB, or the largest LENGTH allows. */
        @Param({"4096", "65535"})
        public int packetSize;

        /** Bytes one link read delivers (a USB bulk transfer or a socket read). */
        static final int READ_SIZE = 16 * 1024;
        /** About a megabyte of packets per benchmark call. */
        static final int STREAM_SIZE = 1 << 20;

        final PacketFramer framer = new PacketFramer();
        byte[] stream;

        /** Builds the stream: headers for channel 2/2 followed by payload. */
        @Setup
        public void build() {
            int packets = Math.max(1, STREAM_SIZE / packetSize);
            ByteBuffer b = ByteBuffer.allocate(packets * packetSize);
            for (int i = 0; i < packets; i++) {
                new PacketHeader(2, 2, packetSize, 0, 0).encode(b);
                for (int j = WireFormat.HEADER_SIZE; j < packetSize; j++) {
                    b.put((byte) j);
                }
            }
            stream = b.array();
        }
    }

    /** Encodes one OpenChannel (15 bytes). */
    @Benchmark
    public int encodeOpenChannel(Transactions t, Bytes counter) {
        return encode(t, t.openChannel, counter);
    }

    /** Encodes one Credit (11 bytes). */
    @Benchmark
    public int encodeCredit(Transactions t, Bytes counter) {
        return encode(t, t.credit, counter);
    }

    /** Encodes one GetSocketID for "PRINT" (12 bytes). */
    @Benchmark
    public int encodeGetSocketId(Transactions t, Bytes counter) {
        return encode(t, t.getSocketId, counter);
    }

    /** Decodes one OpenChannel. */
    @Benchmark
    public Transaction decodeOpenChannel(Transactions t, Bytes counter) throws MalformedTransactionException {
        return decode(t.openChannelBytes, counter);
    }

    /** Decodes one Credit. */
    @Benchmark
    public Transaction decodeCredit(Transactions t, Bytes counter) throws MalformedTransactionException {
        return decode(t.creditBytes, counter);
    }

    /** Decodes one GetSocketID. */
    @Benchmark
    public Transaction decodeGetSocketId(Transactions t, Bytes counter) throws MalformedTransactionException {
        return decode(t.getSocketIdBytes, counter);
    }

    /** Frames about 1 MiB of data packets fed in 16 KiB reads; returns the payload bytes found. */
    @Benchmark
    public long framePackets(PacketStream s, Bytes counter) {
        long payload = 0;
        ByteBuffer in = ByteBuffer.wrap(s.stream);
        while (in.hasRemaining()) {
            ByteBuffer read = in.slice(in.position(), Math.min(PacketStream.READ_SIZE, in.remaining()));
            in.position(in.position() + read.remaining());
            while (read.hasRemaining()) {
                s.framer.feed(read);
                for (var f = s.framer.next(); f instanceof PacketFramer.Frame.Packet p; f = s.framer.next()) {
                    payload += p.body().remaining();
                }
            }
        }
        counter.bytes += s.stream.length;
        return payload;
    }

    private static int encode(Transactions t, Transaction transaction, Bytes counter) {
        t.out.clear();
        int n = TransactionCodec.encode(transaction, Revision.IEEE_1284_4, t.out);
        counter.bytes += n;
        return n;
    }

    private static Transaction decode(ByteBuffer packet, Bytes counter) throws MalformedTransactionException {
        ByteBuffer in = packet.duplicate();
        PacketHeader header = PacketHeader.decode(in);
        counter.bytes += header.length();
        return TransactionCodec.decode(header, in);
    }
}
