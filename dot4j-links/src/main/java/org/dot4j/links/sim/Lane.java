package org.dot4j.links.sim;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.locks.Condition;
import org.dot4j.links.sim.LinkProfile.Direction;
import org.dot4j.links.sim.LinkProfile.Fault;

/**
 * One direction of a {@link SimulatedLink}: a bounded queue of timestamped chunks between one writer and one reader.
 *
 * <p>Timing: the line is busy until {@link #lineFreeAt}; a chunk of n bytes written at {@code now} leaves the line at
 * {@code max(now, lineFreeAt) + n / bandwidth} and is readable {@code latency} later. Chunk boundaries fall at seeded
 * positions of the stream, at the end of each write, and at stall and drop offsets, so the same seed and the same
 * writes always give the same chunks whatever the reader's timing.
 *
 * <p>Threading: callers hold the pair's shared lock (whose condition this lane waits on) around every call;
 * sharing it lets a drop fail both directions at once.
 */
final class Lane {

    /** Bytes in flight per direction before a writer blocks; bounds memory whatever the reader does. */
    static final int MAX_IN_FLIGHT = 1 << 20;

    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private final String writerName;
    private final String readerName;
    private final LinkProfile profile;
    private final Condition changed;
    private final SplittableRandom random;
    private final List<Fault> faults;
    /** XOR value per fault, drawn up front so fault bytes do not depend on how the stream was chunked. */
    private final byte[] corruptions;
    private final int chunkCap;
    /** The stream offset where the earliest drop fault strikes, or -1. */
    private final long dropAt;
    private final ArrayDeque<Chunk> chunks = new ArrayDeque<>();

    /** Bytes the writer has queued so far: the stream offset of the next byte, which faults are measured in. */
    private long written;
    /** Bytes queued but not yet read; the writer waits while this would pass {@link #MAX_IN_FLIGHT}. */
    private long inFlight;
    /** The {@link System#nanoTime()} at which the line has clocked out every queued byte. */
    private long lineFreeAt = System.nanoTime();
    /** Bytes left before the next seeded chunk boundary. */
    private long untilBoundary;
    private boolean writerClosed;
    private boolean readerClosed;
    /** Why the link dropped, once it has; set on both lanes together. */
    private String dropped;
    /** The other direction, which a drop fails too. */
    private Lane reverse;

    Lane(String writerName, String readerName, Direction direction, LinkProfile profile, SplittableRandom random,
            Condition changed) {
        this.writerName = writerName;
        this.readerName = readerName;
        this.profile = profile;
        this.random = random;
        this.changed = changed;
        this.faults = profile.faults().stream().filter(f -> f.direction().hits(direction)).toList();
        this.corruptions = new byte[faults.size()];
        for (int i = 0; i < corruptions.length; i++) {
            corruptions[i] = (byte) (1 + random.nextInt(255));
        }
        this.chunkCap = Math.min(profile.maxChunk(), MAX_IN_FLIGHT);
        this.dropAt = faults.stream().filter(f -> f instanceof Fault.Drop).mapToLong(Fault::offset).min().orElse(-1);
    }

    void joinReverse(Lane other) {
        reverse = other;
    }

    int read(ByteBuffer dst) throws IOException {
        while (true) {
            if (readerClosed) {
                throw new IOException(readerName + " was closed");
            }
            if (!dst.hasRemaining()) {
                return 0;
            }
            Chunk head = chunks.peek();
            if (head != null) {
                long wait = head.deliverAt - System.nanoTime();
                if (wait > 0) {
                    await(wait);
                    continue;
                }
                int n = Math.min(dst.remaining(), head.data.length - head.position);
                dst.put(head.data, head.position, n);
                head.position += n;
                if (head.position == head.data.length) {
                    chunks.poll();
                }
                inFlight -= n;
                changed.signalAll();
                return n;
            }
            if (dropped != null) {
                throw new IOException(dropped);
            }
            if (writerClosed) {
                return -1;
            }
            await(0);
        }
    }

    void write(ByteBuffer src) throws IOException {
        while (true) {
            if (writerClosed) {
                throw new IOException(writerName + " was closed");
            }
            if (dropped != null) {
                throw new IOException(dropped);
            }
            if (readerClosed) {
                throw new IOException(writerName + ": the peer closed the link");
            }
            if (written == dropAt) {
                drop();
                if (src.hasRemaining()) {
                    throw new IOException(dropped);
                }
                return;
            }
            if (!src.hasRemaining()) {
                return;
            }
            if (untilBoundary == 0) {
                untilBoundary = profile.fixedChunks() ? chunkCap : 1 + random.nextInt(chunkCap);
            }
            int n = (int) Math.min(Math.min(src.remaining(), untilBoundary), nextCut() - written);
            if (inFlight > 0 && inFlight + n > MAX_IN_FLIGHT) {
                await(0);
                continue;
            }
            send(src, n);
        }
    }

    /** Takes {@code n} bytes from {@code src} as one chunk, corrupted, stalled and timed as the profile says. */
    private void send(ByteBuffer src, int n) {
        byte[] data = new byte[n];
        src.get(data);
        long pause = 0;
        for (int i = 0; i < faults.size(); i++) {
            switch (faults.get(i)) {
                case Fault.Corrupt c when c.offset() >= written && c.offset() < written + n ->
                        data[(int) (c.offset() - written)] ^= corruptions[i];
                case Fault.Stall s when s.afterBytes() == written -> pause += s.pause().toNanos();
                default -> { }
            }
        }
        long now = System.nanoTime();
        long start = (now - lineFreeAt > 0 ? now : lineFreeAt) + pause;
        // Rounded up so that B bytes never take less than B / bandwidth, however they are chunked.
        long onWire = profile.bandwidth() == 0 ? 0
                : (n * NANOS_PER_SECOND + profile.bandwidth() - 1) / profile.bandwidth();
        lineFreeAt = start + onWire;
        chunks.add(new Chunk(data, lineFreeAt + profile.latency().toNanos()));
        inFlight += n;
        written += n;
        untilBoundary -= n;
        changed.signalAll();
    }

    /** The first stall or drop offset after the current position: chunks end there so the fault hits exactly. */
    private long nextCut() {
        long cut = Long.MAX_VALUE;
        for (Fault fault : faults) {
            if (!(fault instanceof Fault.Corrupt) && fault.offset() > written) {
                cut = Math.min(cut, fault.offset());
            }
        }
        return cut;
    }

    private void drop() {
        String why = "simulated link dropped after " + written + " bytes from " + writerName + " to " + readerName;
        dropped = why;
        reverse.dropped = why;
        changed.signalAll();
    }

    /** The writing end closed: the reader gets what is in flight, then -1; the writer's further writes fail. */
    void closeWriter() {
        writerClosed = true;
        changed.signalAll();
    }

    /** The reading end closed: in-flight bytes are discarded, so a blocked writer learns of it and fails. */
    void closeReader() {
        readerClosed = true;
        chunks.clear();
        inFlight = 0;
        changed.signalAll();
    }

    private void await(long nanos) throws InterruptedIOException {
        try {
            if (nanos > 0) {
                changed.awaitNanos(nanos);
            } else {
                changed.await();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting on " + writerName + " to " + readerName);
        }
    }

    /** Bytes of one delivery and the {@link System#nanoTime()} from which the reader may have them. */
    private static final class Chunk {
        final byte[] data;
        final long deliverAt;
        int position;

        Chunk(byte[] data, long deliverAt) {
            this.data = data;
            this.deliverAt = deliverAt;
        }
    }
}
