package org.dot4j.cli;

import java.io.PrintWriter;
import java.util.List;
import org.dot4j.capture.CaptureDecoder;
import org.dot4j.capture.ChannelSummary;
import org.dot4j.capture.DecodeEvent;
import org.dot4j.capture.LinkSummary;
import org.dot4j.capture.Violation;
import org.dot4j.daemon.JsonWriter;

/**
 * {@code dot4 decode --json}: JSON Lines, one object per event as it is found ("type" packet, junk, gap, stall, note)
 * and one "summary" object per file, so a capture of any size streams. Times are nanoseconds since the epoch.
 * The members are listed in the README's section on decoding.
 */
final class DecodeJson implements DecodeCommand.DecodeOutput {

    private final PrintWriter out;
    private final String file;

    DecodeJson(PrintWriter out, String file) {
        this.out = out;
        this.file = file;
    }

    @Override
    public void event(DecodeEvent event) {
        JsonWriter j = new JsonWriter().beginObject();
        switch (event) {
            case DecodeEvent.Packet p -> {
                head(j, "packet", p).field("dir", p.direction().arrow())
                        .field("psid", p.header().primarySocket()).field("ssid", p.header().secondarySocket())
                        .field("length", p.header().length()).field("header_credit", p.header().credit())
                        .field("control", p.header().control()).field("what", p.what())
                        .field("transaction", p.transaction().map(t -> t.getClass().getSimpleName()).orElse(null))
                        .field("service", p.service());
                p.credits().ifPresent(c -> j.field("credit_host", c.host()).field("credit_peripheral", c.peripheral()));
            }
            case DecodeEvent.Junk k -> head(j, "junk", k).field("dir", k.direction().arrow()).field("bytes", k.bytes())
                    .field("all_zero", k.allZero());
            case DecodeEvent.Gap g -> head(j, "gap", g).field("dir", g.direction().arrow()).field("bytes", g.bytes());
            case DecodeEvent.Stall s -> head(j, "stall", s).field("end_ns", s.endNanos()).field("dir", s.direction().arrow())
                    .field("psid", s.primarySocket()).field("ssid", s.secondarySocket());
            case DecodeEvent.Note n -> head(j, "note", n);
        }
        violations(j, event.violations());
        out.println(j.endObject());
    }

    private JsonWriter head(JsonWriter j, String type, DecodeEvent e) {
        return j.field("type", type).field("link", e.link()).field("time_ns", e.timeNanos());
    }

    private static void violations(JsonWriter j, List<Violation> list) {
        j.name("violations").beginArray();
        for (Violation v : list) {
            j.beginObject().field("rule", v.rule().name()).field("section", v.rule().section()).field("detail", v.detail());
            v.rule().errorCode().ifPresent(c -> j.field("error_code", c.wire()));
            j.endObject();
        }
        j.endArray();
    }

    @Override
    public void summary(CaptureDecoder.Result result) {
        JsonWriter j = new JsonWriter().beginObject().field("type", "summary").field("file", file)
                .field("records", result.records());
        j.name("ignored_link_types").beginArray();
        result.ignoredLinkTypes().forEach(t -> j.value(t));
        j.endArray().name("links").beginArray();
        for (LinkSummary link : result.links()) {
            j.beginObject().field("link", link.link()).field("dialect", link.dialect()).field("packets", link.packets())
                    .field("violations", link.violations()).field("first_ns", link.firstNanos()).field("last_ns", link.lastNanos());
            j.name("channels").beginArray();
            for (ChannelSummary c : link.channels()) {
                j.beginObject().field("psid", c.primarySocket()).field("ssid", c.secondarySocket()).field("service", c.service())
                        .field("opens", c.opens()).field("violations", c.violations());
                flow(j.name("h2p"), c.hostToPeripheral());
                flow(j.name("p2h"), c.peripheralToHost());
                j.endObject();
            }
            j.endArray().endObject();
        }
        out.println(j.endArray().endObject());
    }

    private static void flow(JsonWriter j, ChannelSummary.Flow f) {
        j.beginObject().field("bytes", f.bytes()).field("packets", f.packets()).field("first_ns", f.firstNanos())
                .field("last_ns", f.lastNanos()).field("stalled_ns", f.stalledNanos())
                .field("bytes_per_second", Math.round(Math.max(f.bytesPerSecond(), -1))).endObject();
    }
}
