package org.dot4j.capture;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Instant;
import org.dot4j.driver.ByteLink;

/**
 * A {@link ByteLink} that records every read and write, with the time, in a trace ({@link TraceWriter}). Writes are
 * recorded before they are handed on and reads once they returned, so a reply never precedes its command in the
 * trace. A failure to record stops the trace for the rest of the link's life, never the link itself.
 *
 * <p>Threading: as the link it wraps: one reader, one writer, close from anywhere.
 */
public final class TracingLink implements ByteLink {

    /** Which end of the link this program is. */
    public enum End {
        /** The host: its writes go to the peripheral. */
        HOST,
        /** The peripheral (a simulator, a gadget): its writes go to the host. */
        PERIPHERAL
    }

    private final ByteLink inner;
    private final TraceWriter.Link trace;
    private final Direction writes;
    private volatile boolean failed;

    /** Traces {@code inner}, seen from {@code end}, into {@code trace}; closing this link ends the trace's link. */
    public TracingLink(ByteLink inner, TraceWriter.Link trace, End end) {
        this.inner = inner;
        this.trace = trace;
        this.writes = end == End.HOST ? Direction.HOST_TO_PERIPHERAL : Direction.PERIPHERAL_TO_HOST;
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        int at = dst.position();
        int n = inner.read(dst);
        if (n > 0) {
            record(writes.reverse(), dst.duplicate().position(at).limit(at + n));
        }
        return n;
    }

    @Override
    public void write(ByteBuffer src) throws IOException {
        record(writes, src);
        inner.write(src);
    }

    private void record(Direction dir, ByteBuffer bytes) {
        if (failed) {
            return;
        }
        try {
            trace.record(dir, now(), bytes);
        } catch (IOException e) {
            failed = true; // e.g. the disk is full: the link goes on untraced rather than failing the job
        }
    }

    private static long now() {
        Instant t = Instant.now();
        return t.getEpochSecond() * 1_000_000_000L + t.getNano();
    }

    @Override
    public boolean transferPerPacketPart() {
        return inner.transferPerPacketPart();
    }

    @Override
    public String describe() {
        return inner.describe();
    }

    @Override
    public void close() throws IOException {
        try {
            inner.close();
        } finally {
            trace.close();
        }
    }
}
