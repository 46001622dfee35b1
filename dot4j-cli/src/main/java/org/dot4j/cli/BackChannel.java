package org.dot4j.cli;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.dot4j.api.Dot4Device;
import org.dot4j.api.Dot4Exception;
import org.dot4j.api.IoResult;

/**
 * The printer's back-channel for CUPS: what the device sends on the job's channel goes to file descriptor 3, where
 * CUPS's filters read it (cupsBackChannelRead). The backend's wrapper script sets {@code DOT4_CUPS_BACKCHANNEL=1}
 * only when descriptor 3 is a pipe or socket, as CUPS passes it: run by hand, descriptor 3 may be a file the JVM
 * opened, which must never be written. Without it the bytes are counted in a DEBUG line instead. Not thread-safe:
 * the job's thread uses it between writes.
 */
final class BackChannel {

    private static final Path CUPS_BACK_CHANNEL = Path.of("/dev/fd/3");
    private final PrintStream err;
    private final byte[] buffer = new byte[16 * 1024];
    private OutputStream out;
    private boolean unavailable;
    private long dropped;

    BackChannel(PrintStream err) {
        this.err = err;
    }

    /** Passes on what the device has sent on {@code handle}, without waiting for more. */
    void relay(Dot4Device device, int handle) throws Dot4Exception {
        IoResult r = device.read(handle, buffer, 0, buffer.length, 0);
        if (r.bytes() == 0) {
            return;
        }
        if (open()) {
            try {
                out.write(buffer, 0, r.bytes());
                out.flush();
                return;
            } catch (IOException e) {
                unavailable = true;
                err.println("DEBUG: back-channel closed: " + e.getMessage());
            }
        }
        dropped += r.bytes();
        err.println("DEBUG: " + dropped + " bytes from the printer, with no back-channel to pass them to");
    }

    private boolean open() {
        if (out == null && !unavailable) {
            try {
                boolean given = "1".equals(System.getenv("DOT4_CUPS_BACKCHANNEL")) && Files.exists(CUPS_BACK_CHANNEL)
                        && !Files.isRegularFile(CUPS_BACK_CHANNEL);
                out = given ? new FileOutputStream(CUPS_BACK_CHANNEL.toFile(), true) : null;
            } catch (IOException e) {
                err.println("DEBUG: no back-channel: " + e.getMessage());
            }
            unavailable = out == null;
        }
        return out != null;
    }
}
