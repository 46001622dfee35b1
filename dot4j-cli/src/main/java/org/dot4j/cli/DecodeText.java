package org.dot4j.cli;

import java.io.PrintWriter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import org.dot4j.capture.CaptureDecoder;
import org.dot4j.capture.ChannelSummary;
import org.dot4j.capture.DecodeEvent;
import org.dot4j.capture.Durations;
import org.dot4j.capture.LinkSummary;
import org.dot4j.capture.Violation;

/**
 * {@code dot4 decode}'s readable listing: one line per packet (seconds since the file's first event, link number,
 * direction, channel, what it is, service, both sides' credit after it), each violation on a line of its own below
 * ("!!" and its reference section), a line naming each link where it first appears, and per link a table of channels at
 * the end.
 */
final class DecodeText implements DecodeCommand.DecodeOutput {

    private static final String INDENT = "            !! ";

    private final PrintWriter out;
    private final Map<String, Integer> links = new HashMap<>();
    private long start = -1;

    DecodeText(PrintWriter out, String name) {
        this.out = out;
        out.println("== " + name);
    }

    @Override
    public void event(DecodeEvent event) {
        if (start < 0) {
            start = event.timeNanos();
        }
        switch (event) {
            case DecodeEvent.Packet p -> line(p, p.direction().arrow(), p.header().primarySocket() + "/" + p.header().secondarySocket(),
                    p.what() + (p.service().isEmpty() ? "" : " [" + p.service() + "]")
                            + p.credits().map(c -> "  " + c).orElse(""));
            case DecodeEvent.Junk j -> line(j, j.direction().arrow(), "-", "junk " + j.bytes() + " B");
            case DecodeEvent.Gap g -> line(g, g.direction().arrow(), "-", "capture gap");
            case DecodeEvent.Note n -> line(n, "   ", "-", "note");
            case DecodeEvent.Stall s -> { } // in the summary's stalled column
        }
        for (Violation v : event.violations()) {
            out.println(INDENT + v);
        }
    }

    private void line(DecodeEvent e, String dir, String channel, String what) {
        Integer n = links.get(e.link());
        if (n == null) {
            n = links.size() + 1;
            links.put(e.link(), n);
            out.println("link " + n + ": " + e.link());
        }
        // by hand, not printf: a listing of a million packets spends its time here
        long micros = (e.timeNanos() - start) / 1000;
        StringBuilder line = new StringBuilder(96);
        String seconds = Long.toString(micros / 1_000_000);
        String fraction = Long.toString(1_000_000 + Math.abs(micros % 1_000_000)).substring(1);
        line.repeat(' ', Math.max(0, 4 - seconds.length())).append(seconds).append('.').append(fraction).append("  ");
        String number = Integer.toString(n);
        line.append(number).repeat(' ', Math.max(1, 4 - number.length())).append(dir).append(' ').append(channel)
                .repeat(' ', Math.max(1, 8 - channel.length())).append(what);
        out.println(line);
    }

    @Override
    public void summary(CaptureDecoder.Result result) {
        out.println();
        out.println("summary: " + result.records() + " records, " + result.links().size() + " 1284.4 link"
                + (result.links().size() == 1 ? "" : "s"));
        if (result.links().isEmpty()) {
            out.println("  no 1284.4 traffic found: for USB name the pipes with --endpoints OUT,IN (and --device BUS.DEV),"
                    + " for TCP the port with --tcp-port");
        }
        if (!result.ignoredLinkTypes().isEmpty()) {
            out.println("  not decoded: records of link type " + result.ignoredLinkTypes()
                    + " (neither usbmon 189/220 nor IP)");
        }
        for (LinkSummary link : result.links()) {
            out.printf(Locale.ROOT, "%s: %s, %d packets, %d violation%s, %s%n", link.link(), link.dialect(), link.packets(),
                    link.violations(), link.violations() == 1 ? "" : "s", Durations.text(link.lastNanos() - link.firstNanos()));
            table(link.channels());
        }
    }

    private void table(List<ChannelSummary> channels) {
        if (channels.isEmpty()) {
            out.println("  no data channel");
            return;
        }
        Table t = new Table("  channel", "service", "opens", "H>P bytes", "packets", "rate", "stalled",
                "P>H bytes", "packets", "rate", "stalled", "violations");
        for (ChannelSummary c : channels) {
            ChannelSummary.Flow h = c.hostToPeripheral();
            ChannelSummary.Flow p = c.peripheralToHost();
            t.row("  " + c.primarySocket() + "/" + c.secondarySocket(), c.service().isEmpty() ? "-" : c.service(), c.opens(),
                    h.bytes(), h.packets(), rate(h.bytesPerSecond()), Durations.text(h.stalledNanos()),
                    p.bytes(), p.packets(), rate(p.bytesPerSecond()), Durations.text(p.stalledNanos()), c.violations());
        }
        t.print(out);
    }

    /** "12.3 MB/s", "-" when a direction had fewer than two packets. */
    static String rate(double bytesPerSecond) {
        if (bytesPerSecond < 0) {
            return "-";
        }
        if (bytesPerSecond >= 1e6) {
            return String.format(Locale.ROOT, "%.1f MB/s", bytesPerSecond / 1e6);
        }
        return bytesPerSecond >= 1e3 ? String.format(Locale.ROOT, "%.1f kB/s", bytesPerSecond / 1e3)
                : String.format(Locale.ROOT, "%.0f B/s", bytesPerSecond);
    }
}
