package org.dot4j.daemon;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.dot4j.capture.TraceBuffer;
import org.dot4j.capture.TraceWriter;

/**
 * One {@code dot4 ctl trace}: a trace of a device's link into a bounded buffer that the client drains with TRACE
 * requests. When the client reads too slowly, whole records are dropped (and counted) rather than slowing the device.
 *
 * @param supervisor the traced device
 * @param writer the trace
 * @param buffer where the trace's bytes wait for the client
 */
record ClientTrace(DeviceSupervisor supervisor, TraceWriter writer, TraceBuffer buffer) {

    /** What a client may have waiting: a few seconds of a fast USB 2.0 printer. */
    static final int BUFFER_BYTES = 16 << 20;

    /** Starts recording {@code supervisor}'s link. */
    static ClientTrace start(DeviceSupervisor supervisor) {
        TraceBuffer buffer = new TraceBuffer(BUFFER_BYTES);
        try {
            TraceWriter writer = TraceWriter.to(buffer, false);
            supervisor.trace(writer);
            return new ClientTrace(supervisor, writer, buffer);
        } catch (IOException e) {
            throw new UncheckedIOException("a trace buffer in memory failed", e);
        }
    }

    /** Stops recording; what is buffered can still be taken. */
    void stop() {
        supervisor.untrace(writer);
        try {
            writer.close();
        } catch (IOException e) {
            // an in-memory buffer: closing cannot fail
        }
    }
}
