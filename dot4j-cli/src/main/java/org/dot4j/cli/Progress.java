package org.dot4j.cli;

import java.io.PrintWriter;

/**
 * A progress bar on stderr, drawn only when stderr is a terminal (quiet when piped), and the final summary
 * line {@code N bytes in T s (X MB/s)}.
 */
final class Progress {

    private final PrintWriter err;
    private final long total;
    private final boolean draw;
    private final long start = System.nanoTime();
    private long lastDraw;

    Progress(PrintWriter err, long total, boolean quiet) {
        this.err = err;
        this.total = total;
        this.draw = !quiet && System.console() != null && System.console().isTerminal();
    }

    void update(long done) {
        long now = System.nanoTime();
        if (!draw || now - lastDraw < 100_000_000L) {
            return;
        }
        lastDraw = now;
        double seconds = (now - start) / 1e9;
        String rate = String.format("%.1f MB/s", seconds > 0 ? done / seconds / 1e6 : 0.0);
        if (total > 0) {
            int pct = (int) (done * 100 / total);
            int filled = pct / 4;
            err.print("\r[" + "#".repeat(filled) + " ".repeat(25 - filled) + "] " + pct + "% " + rate + "   ");
        } else {
            err.print("\r" + done + " bytes " + rate + "   ");
        }
        err.flush();
    }

    /** Clears the bar and returns the summary for {@code done} bytes. */
    String finish(long done) {
        if (draw) {
            err.print("\r" + " ".repeat(60) + "\r");
            err.flush();
        }
        double seconds = Math.max(1e-9, (System.nanoTime() - start) / 1e9);
        return String.format("%d bytes in %.2f s (%.2f MB/s)", done, seconds, done / seconds / 1e6);
    }
}
