package org.dot4j.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.dot4j.capture.TraceWriter;

/** {@code dot4 serve --trace DEVICE=FILE}: trace files of the daemon's devices, closed after the daemon stops. */
final class DeviceTraces implements AutoCloseable {

    private final Map<String, TraceWriter> writers = new LinkedHashMap<>();

    private DeviceTraces() {}

    /** Creates a trace file for each {@code DEVICE=FILE}; a malformed spec or an unwritable file is a usage error. */
    static DeviceTraces open(List<String> specs) throws IOException {
        DeviceTraces traces = new DeviceTraces();
        try {
            for (String spec : specs) {
                int eq = spec.indexOf('=');
                if (eq <= 0 || eq == spec.length() - 1) {
                    throw new IllegalArgumentException("--trace '" + spec + "' is not DEVICE=FILE, e.g. office=/tmp/office.pcapng");
                }
                String file = spec.substring(eq + 1);
                try {
                    traces.writers.put(spec.substring(0, eq), TraceWriter.create(Path.of(file), false));
                } catch (IOException e) {
                    throw new IllegalArgumentException("--trace " + spec + ": cannot write " + file + ": " + e.getMessage(), e);
                }
            }
            return traces;
        } catch (RuntimeException e) {
            traces.close();
            throw e;
        }
    }

    /** The traces by device name. */
    Map<String, TraceWriter> byDevice() {
        return writers;
    }

    @Override
    public void close() throws IOException {
        for (TraceWriter w : writers.values()) {
            w.close();
        }
    }
}
