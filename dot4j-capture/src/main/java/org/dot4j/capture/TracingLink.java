package org.dot4j.capture;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.dot4j.driver.ByteLink;

/**
 * A {@link ByteLink} that records every read and write, with the time, in the traces attached to it
 * ({@link TraceWriter}): none, one, or several at once (a daemon's file and a {@code dot4 ctl trace}), attached and
 * detached while the link runs. Writes are recorded before they are handed on and reads once they returned, so a
 * reply never precedes its command in the trace. A trace that fails to record (disk full) is detached; the link
 * itself never fails for it.
 *
 * <p>Threading: as the link it wraps: one reader, one writer, close from anywhere; attach and detach from any thread.
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
    private final List<TraceWriter.Link> traces = new CopyOnWriteArrayList<>();
    private final Direction writes;

    /** {@code inner}, seen from {@code end}, traced into nothing until a trace is attached. */
    public TracingLink(ByteLink inner, End end) {
        this.inner = inner;
        this.writes = end == End.HOST ? Direction.HOST_TO_PERIPHERAL : Direction.PERIPHERAL_TO_HOST;
    }

    /** Traces {@code inner}, seen from {@code end}, into {@code trace}; closing this link ends the trace's link. */
    public TracingLink(ByteLink inner, TraceWriter.Link trace, End end) {
        this(inner, end);
        attach(trace);
    }

    /** Records into {@code trace} too from now on, until it is detached or this link closes. */
    public void attach(TraceWriter.Link trace) {
        traces.add(trace);
    }

    /** Stops recording into {@code trace} and ends its link in the trace. */
    public void detach(TraceWriter.Link trace) {
        traces.remove(trace);
        closeQuietly(trace);
    }

    /** The underlying link. */
    public ByteLink inner() {
        return inner;
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
        if (traces.isEmpty()) {
            return;
        }
        long now = now();
        for (TraceWriter.Link trace : traces) {
            try {
                trace.record(dir, now, bytes);
            } catch (IOException e) {
                detach(trace); // e.g. the disk is full: the link goes on untraced rather than failing the job
            }
        }
    }

    private static void closeQuietly(TraceWriter.Link trace) {
        try {
            trace.close();
        } catch (IOException e) {
            // the trace's file failed: nothing more of it to end
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
            traces.forEach(this::detach);
        }
    }
}
