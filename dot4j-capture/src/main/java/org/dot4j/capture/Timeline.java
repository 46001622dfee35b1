package org.dot4j.capture;

import java.io.IOException;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A drawing of one decoded file over time, gathered from its {@link DecodeEvent}s: per link and channel, packets and
 * bytes each way, both sides' credit, stalls and violations, in {@link #BINS} bins whatever the capture's size (bins
 * double in width as the span grows, so memory stays bounded: under a megabyte per channel, 16 channels per link and
 * 8 links drawn). Written as SVG by {@link #writeSvg}. Not thread-safe: feed it from the decoding thread.
 */
public final class Timeline implements Consumer<DecodeEvent> {

    /** Columns of the drawing: one pixel each at the plot's width. */
    static final int BINS = 1000;
    /** Links drawn per file; the packets of further ones are counted. */
    static final int MAX_LINKS = 8;

    /** What the horizontal axis counts. */
    public enum Axis {
        /** Time since the link's first event: captures and traces. */
        TIME,
        /** The packet's number on its link: raw dumps, which have no times. */
        PACKET_NUMBER
    }

    private final String source;
    private final Axis axis;
    private final Map<String, TimelineLink> links = new LinkedHashMap<>();
    private long packetsLeftOut;
    private String stoppedShort = "";

    /** An empty timeline of the file {@code source} (its name, as the drawing's title shows it). */
    public Timeline(String source, Axis axis) {
        this.source = source;
        this.axis = axis;
    }

    @Override
    public void accept(DecodeEvent event) {
        TimelineLink link = links.get(event.link());
        if (link == null) {
            if (links.size() >= MAX_LINKS) {
                if (event instanceof DecodeEvent.Packet) {
                    packetsLeftOut++;
                }
                return;
            }
            link = new TimelineLink(event.link(), axis);
            links.put(event.link(), link);
        }
        link.accept(event);
    }

    /** Decoding stopped before the file's end, for {@code why}: the drawing says so above this file's sections. */
    public void stoppedShort(String why) {
        stoppedShort = why;
    }

    /** Writes {@code timelines} as one SVG 1.1 document, a section per link of each, to {@code out}. */
    public static void writeSvg(Collection<Timeline> timelines, Appendable out) throws IOException {
        new TimelineSvg(out).write(timelines);
    }

    String source() {
        return source;
    }

    Axis axis() {
        return axis;
    }

    Collection<TimelineLink> links() {
        return links.values();
    }

    /** Why decoding stopped before the file's end, "" when it did not. */
    String stoppedShortBecause() {
        return stoppedShort;
    }

    /** Packets of links past {@link #MAX_LINKS}, not drawn. */
    long packetsLeftOut() {
        return packetsLeftOut;
    }
}
