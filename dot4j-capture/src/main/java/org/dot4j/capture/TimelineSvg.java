package org.dot4j.capture;

import static org.dot4j.capture.TimelinePaths.bars;
import static org.dot4j.capture.TimelinePaths.credit;
import static org.dot4j.capture.TimelinePaths.num;

import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Collection;
import java.util.Locale;
import java.util.stream.Collectors;
import org.dot4j.capture.TimelinePaths.Scale;

/**
 * Draws {@link Timeline}s as one plain SVG 1.1 document (no script, nothing external): a title naming the files, a
 * legend, and per link a section with a lane per channel and a labelled axis. In a lane the host's packets are bars
 * above the centre line and the peripheral's below (height: wire bytes per bin), each side's credit a step line on
 * the same side, stalls translucent red rectangles, violations red (capture gaps grey) marks along the lane's top
 * edge; each has a {@code <title>} tooltip. Classes for scripts and tests: {@code lane}, {@code packets h2p|p2h},
 * {@code credit h2p|p2h}, {@code stall h2p|p2h}, {@code violation}, {@code gap}, {@code tick}, {@code empty}.
 * Not thread-safe.
 */
final class TimelineSvg {

    static final int LEFT = 200;
    static final int PLOT = 1000;
    private static final int WIDTH = LEFT + PLOT + 16;
    private static final int TOP = 64;
    private static final int HEADER = 28;
    private static final int NOTE = 16;
    private static final int LANE = 100;
    /** A half lane: one direction's bars and credit. */
    static final int HALF = 40;
    private static final int AXIS = 44;
    private static final int GAP = 16;
    private static final int EMPTY = 28;
    private static final int TICKS = 8;
    /** Pixels: violations closer than this are drawn as one mark. */
    private static final int MARK_GAP = 4;
    /** Pixels: marks are a strip along the lane's top edge, over the bars' tallest pixels only. */
    private static final int MARK_HEIGHT = 7;
    private static final String STYLE = ".title{font-size:16px;font-weight:bold}.link{font-size:13px;font-weight:bold}"
            + ".lane-bg{fill:#f6f6f6}.centre{stroke:#bbb}.label{font-weight:bold}.fact{font-size:10px;fill:#444}"
            + ".packets.h2p{fill:#4e79a7}.packets.p2h{fill:#f28e2b}.credit{fill:none;stroke-width:1.2}"
            + ".credit.h2p{stroke:#1b3b6f}.credit.p2h{stroke:#8a3b00}.stall{fill:#d62728}"
            + ".violation{fill:#c00000}.gap{fill:#888}.legend .stall{fill-opacity:0.5}"
            + ".tick line{stroke:#ccc}.tick text{text-anchor:middle;font-size:10px}.axis{font-size:11px;fill:#333}"
            + ".empty{font-size:13px}.stopped{font-size:12px;fill:#c00000;font-weight:bold}";

    private final Appendable out;

    TimelineSvg(Appendable out) {
        this.out = out;
    }

    void write(Collection<Timeline> timelines) throws IOException {
        int height = TOP;
        for (Timeline t : timelines) {
            height += (t.links().isEmpty() ? EMPTY : t.packetsLeftOut() > 0 ? NOTE : 0)
                    + (t.stoppedShortBecause().isEmpty() ? 0 : NOTE);
            for (TimelineLink link : t.links()) {
                height += sectionHeight(link);
            }
        }
        String files = timelines.stream().map(Timeline::source).collect(Collectors.joining(", "));
        String title = "dot4 decode timeline: " + (files.length() > 300 ? files.substring(0, 300) + "..." : files);
        out.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\""
                + " width=\"" + WIDTH + "\" height=\"" + height + "\" viewBox=\"0 0 " + WIDTH + " " + height
                + "\" font-family=\"sans-serif\" font-size=\"11\">\n<title>").append(Xml.escape(title))
                .append("</title>\n<style type=\"text/css\">").append(STYLE).append("</style>\n")
                .append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n")
                .append("<text class=\"title\" x=\"8\" y=\"22\">").append(Xml.escape(title)).append("</text>\n");
        legend();
        int y = TOP;
        boolean several = timelines.size() > 1;
        for (Timeline t : timelines) {
            if (!t.stoppedShortBecause().isEmpty()) {
                out.append("<text class=\"stopped\" x=\"8\" y=\"" + (y + 12) + "\">").append(Xml.escape(t.source()
                        + ": decoding stopped before the end, the drawing shows what came before: " + t.stoppedShortBecause()))
                        .append("</text>\n");
                y += NOTE;
            }
            if (t.links().isEmpty()) {
                out.append("<text class=\"empty\" x=\"8\" y=\"" + (y + 18) + "\">").append(Xml.escape(t.source()))
                        .append(": no 1284.4 packets</text>\n");
                y += EMPTY;
                continue;
            }
            if (t.packetsLeftOut() > 0) {
                out.append("<text class=\"fact\" x=\"8\" y=\"" + (y + 12) + "\">").append(Xml.escape(t.source())).append(": ")
                        .append(t.packetsLeftOut() + " packets of links past the first " + Timeline.MAX_LINKS
                                + " not drawn</text>\n");
                y += NOTE;
            }
            for (TimelineLink link : t.links()) {
                section(several ? t.source() + ": " : "", link, y);
                y += sectionHeight(link);
            }
        }
        out.append("</svg>\n");
    }

    private static int sectionHeight(TimelineLink link) {
        return HEADER + (link.lanesLeftOut() > 0 ? NOTE : 0) + link.lanes().size() * LANE + AXIS + GAP;
    }

    private void legend() throws IOException {
        out.append("<g class=\"legend\" transform=\"translate(8,36)\">");
        String[][] items = {{"rect", "packets h2p", "host to peripheral: bytes per bin"},
            {"rect", "packets p2h", "peripheral to host: bytes per bin"}, {"line", "credit h2p", "host's credit"},
            {"line", "credit p2h", "peripheral's credit"}, {"rect", "stall", "stall (no credit)"},
            {"rect", "violation", "violation"}, {"rect", "gap", "capture gap"}};
        int x = 0;
        for (String[] item : items) {
            out.append(item[0].equals("rect")
                    ? "<rect class=\"" + item[1] + "\" x=\"" + x + "\" y=\"0\" width=\"14\" height=\"10\"/>"
                    : "<line class=\"" + item[1] + "\" x1=\"" + x + "\" y1=\"5\" x2=\"" + (x + 14) + "\" y2=\"5\"/>");
            out.append("<text x=\"" + (x + 18) + "\" y=\"9\">" + Xml.escape(item[2]) + "</text>");
            x += 28 + item[2].length() * 6;
        }
        out.append("</g>\n");
    }

    private void section(String prefix, TimelineLink link, int top) throws IOException {
        boolean time = link.axis() == Timeline.Axis.TIME;
        String facts = packets(link.packets()) + (time ? ", " + Durations.text(link.lastNanos() - link.firstNanos()) : "");
        out.append("<g class=\"section\">\n<text class=\"link\" x=\"8\" y=\"" + (top + 18) + "\">")
                .append(Xml.escape(prefix + link.name + ": " + facts)).append("</text>\n");
        int y = top + HEADER;
        if (link.lanesLeftOut() > 0) {
            out.append("<text class=\"fact\" x=\"8\" y=\"" + (y + 10) + "\">" + link.lanesLeftOut() + " more channels ("
                    + link.packetsLeftOut() + " packets) not drawn: only the first " + TimelineLink.MAX_LANES + "</text>\n");
            y += NOTE;
        }
        Scale scale = new Scale(link);
        int lanesTop = y;
        for (TimelineLane lane : link.lanes()) {
            lane(lane, scale, y, time);
            y += LANE;
        }
        axis(link, scale, lanesTop, y, time);
        out.append("</g>\n");
    }

    private void lane(TimelineLane lane, Scale scale, int top, boolean time) throws IOException {
        String channel = lane.primarySocket + "/" + lane.secondarySocket;
        TimelineLane.Flow h = lane.flow(Direction.HOST_TO_PERIPHERAL);
        TimelineLane.Flow p = lane.flow(Direction.PERIPHERAL_TO_HOST);
        long maxBytes = 1;
        for (int i = 0; i < scale.bins(); i++) {
            maxBytes = Math.max(maxBytes, Math.max(h.bytes[i], p.bytes[i]));
        }
        long maxCredit = Math.max(1, Math.max(h.maxCredit, p.maxCredit));
        String credit = h.maxCredit < 0 && p.maxCredit < 0 ? "credit: not known" : "credit: up to " + packets(maxCredit);
        String per = time ? Durations.text(scale.width()) : packets(scale.width());
        out.append("<g class=\"lane\" data-channel=\"" + channel + "\" transform=\"translate(0," + top + ")\">\n")
                .append("<rect class=\"lane-bg\" x=\"" + LEFT + "\" y=\"0\" width=\"" + PLOT + "\" height=\""
                        + (2 * HALF + 8) + "\"/>")
                .append("<line class=\"centre\" x1=\"" + LEFT + "\" y1=\"" + (HALF + 4) + "\" x2=\"" + (LEFT + PLOT)
                        + "\" y2=\"" + (HALF + 4) + "\"/>\n")
                .append("<text class=\"label\" x=\"8\" y=\"14\">").append(Xml.escape(lane.label())).append("</text>")
                .append(fact(30, "H>P " + packets(h.totalPackets) + ", " + bytes(h.totalBytes)))
                .append(fact(44, "P>H " + packets(p.totalPackets) + ", " + bytes(p.totalBytes)))
                .append(fact(58, "bars: up to " + bytes(maxBytes) + " per " + per))
                .append(lane.primarySocket == 0 && lane.secondarySocket == 0 ? "" : fact(72, credit)).append('\n');
        for (Direction dir : Direction.values()) { // behind the bars: a sender without credit sends nothing
            stalls(lane, dir, scale, time);
        }
        for (Direction dir : Direction.values()) {
            TimelineLane.Flow f = lane.flow(dir);
            String way = dir == Direction.HOST_TO_PERIPHERAL ? "h2p" : "p2h";
            out.append("<path class=\"packets " + way + "\" d=\"").append(bars(f, dir, scale, maxBytes)).append("\"><title>")
                    .append(Xml.escape(dir.arrow() + " on " + lane.label() + ": " + packets(f.totalPackets) + ", " + f.totalBytes
                            + " bytes")).append("</title></path>\n");
        }
        for (Direction dir : Direction.values()) {
            TimelineLane.Flow f = lane.flow(dir);
            String way = dir == Direction.HOST_TO_PERIPHERAL ? "h2p" : "p2h";
            out.append("<path class=\"credit " + way + "\" d=\"").append(credit(f, dir, scale, maxCredit)).append("\"><title>")
                    .append(Xml.escape((dir == Direction.HOST_TO_PERIPHERAL ? "host" : "peripheral") + "'s credit on "
                            + lane.label() + (f.maxCredit < 0 ? ": not known" : ", up to " + packets(f.maxCredit))))
                    .append("</title></path>\n");
        }
        marks(lane.violations, "violation", scale, time);
        marks(lane.gaps, "gap", scale, time);
        out.append("</g>\n");
    }

    private static String fact(int y, String text) {
        return "<text class=\"fact\" x=\"8\" y=\"" + y + "\">" + Xml.escape(text) + "</text>";
    }

    private void stalls(TimelineLane lane, Direction dir, Scale scale, boolean time) throws IOException {
        String way = dir == Direction.HOST_TO_PERIPHERAL ? "h2p" : "p2h";
        double top = dir == Direction.HOST_TO_PERIPHERAL ? 4 : HALF + 4;
        for (TimelineLane.Stall s : lane.flow(dir).stalls) {
            double x = scale.x(s.from);
            double w = Math.max(1, scale.x(s.to) - x);
            double stalled = time ? Math.min(1, (double) s.nanos / Math.max(1, s.to - s.from)) : 1;
            String what = dir.arrow() + " on " + lane.label() + " without credit: " + s.count
                    + (s.count == 1 ? " stall" : " stalls")
                    + (time ? ", " + Durations.text(s.nanos) + " in all, from " + Durations.text(s.from) + " to "
                            + Durations.text(s.to)
                            : ", packets " + s.from + " to " + s.to);
            out.append("<rect class=\"stall " + way + "\" x=\"" + num(x) + "\" y=\"" + num(top) + "\" width=\"" + num(w)
                    + "\" height=\"" + HALF + "\" fill-opacity=\"" + num(0.2 + 0.4 * stalled) + "\"><title>")
                    .append(Xml.escape(what)).append("</title></rect>\n");
        }
    }

    /**
     * Marks less than {@link #MARK_GAP} pixels apart as one rectangle on the lane's top edge, its tooltip counting
     * them: a capture with a violation in every bin draws one strip per lane, not a thousand ticks.
     */
    private void marks(TimelineLane.Marks marks, String kind, Scale scale, boolean time) throws IOException {
        int first = -1;
        int end = -1;
        long n = 0;
        for (int i = 0; i < scale.bins(); i++) {
            if (marks.count[i] == 0) {
                continue;
            }
            if (first >= 0 && scale.binX(i) - scale.binX(end) >= MARK_GAP) {
                mark(marks, kind, first, end, n, scale, time);
                first = -1;
            }
            if (first < 0) {
                first = i;
                n = 0;
            }
            end = i;
            n += marks.count[i];
        }
        if (first >= 0) {
            mark(marks, kind, first, end, n, scale, time);
        }
    }

    /** One mark over bins {@code first} to {@code end}, holding {@code n}. */
    private void mark(TimelineLane.Marks marks, String kind, int first, int end, long n, Scale scale, boolean time)
            throws IOException {
        double x = scale.binX(first);
        long from = first * scale.width();
        long to = (end + 1) * scale.width();
        String where = time ? "at " + Durations.text(from) + " to " + Durations.text(to)
                : "at packets " + from + " to " + (to - 1);
        String what = kind.equals("violation") ? " violation" : " capture gap";
        out.append("<rect class=\"" + kind + "\" x=\"" + num(x) + "\" y=\"0\" width=\""
                + num(Math.max(2, scale.binX(end + 1) - x))
                + "\" height=\"" + MARK_HEIGHT + "\"><title>")
                .append(Xml.escape(n + what + (n == 1 ? " " : "s ") + where + ", first: " + marks.first[first]))
                .append("</title></rect>\n");
    }

    private void axis(TimelineLink link, Scale scale, int lanesTop, int lanesBottom, boolean time) throws IOException {
        long span = (long) scale.bins() * scale.width();
        long step = niceStep(span / (double) TICKS);
        // the unit the whole span reads in: 0.5 s, 1 s, 1.5 s rather than 500 ms, 1000 ms, 1500 ms
        int digits = !time ? 0 : span >= 1_000_000_000L ? 9 : span >= 1_000_000 ? 6 : span >= 1000 ? 3 : 0;
        String suffix = !time ? "" : digits == 9 ? " s" : digits == 6 ? " ms" : digits == 3 ? " us" : " ns";
        for (long at = 0; at <= span; at += step) {
            String x = num(scale.x(at));
            out.append("<g class=\"tick\"><line x1=\"" + x + "\" y1=\"" + lanesTop + "\" x2=\"" + x + "\" y2=\""
                    + (lanesBottom + 4) + "\"/><text x=\"" + x + "\" y=\"" + (lanesBottom + 16) + "\">"
                    + BigDecimal.valueOf(at).movePointLeft(digits).stripTrailingZeros().toPlainString() + suffix
                    + "</text></g>\n");
        }
        String label = time
                ? "time since the link's first event, " + Instant.ofEpochSecond(0, link.firstNanos())
                : "packet number on the link (raw dumps have no times)";
        out.append("<text class=\"axis\" x=\"" + (LEFT + PLOT / 2) + "\" y=\"" + (lanesBottom + 34)
                + "\" text-anchor=\"middle\">").append(Xml.escape(label)).append("</text>\n");
    }

    /** 1, 2 or 5 times a power of ten, at least {@code raw} and at least 1 (a nanosecond, a packet). */
    static long niceStep(double raw) {
        double power = Math.pow(10, Math.floor(Math.log10(Math.max(raw, 1))));
        double m = raw / power;
        long step = Math.round(power * (m <= 1 ? 1 : m <= 2 ? 2 : m <= 5 ? 5 : 10));
        return Math.max(1, step);
    }

    private static String packets(long n) {
        return n + (n == 1 ? " packet" : " packets");
    }

    /** "512 B", "64.0 kB", "12.3 MB", "4.4 GB". */
    private static String bytes(long n) {
        return n < 1000 ? n + " B" : n < 1_000_000 ? String.format(Locale.ROOT, "%.1f kB", n / 1e3)
                : n < 1_000_000_000 ? String.format(Locale.ROOT, "%.1f MB", n / 1e6)
                : String.format(Locale.ROOT, "%.1f GB", n / 1e9);
    }
}
