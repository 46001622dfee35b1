package org.dot4j.daemon;

import java.time.Instant;
import java.util.Optional;
import org.dot4j.engine.ChannelStatus;

/**
 * The status page's JSON document ({@code GET /api/status}): a {@link StatusReport} with the byte rates of
 * {@link Throughput} beside each device and channel. Names are camelCase; times are ISO-8601 UTC strings; byte
 * counts are whole numbers; a rate history is {@code {"periodMs":1000,"capacity":300,"sent":[...],"received":[...]}},
 * bytes per period, oldest first, at most {@code capacity} of them. docs/status-page.md lists every member. Stateless.
 */
final class StatusJson {

    private StatusJson() {
    }

    /** The document for {@code report}, with histories from {@code rates}. */
    static String write(StatusReport report, Throughput rates) {
        JsonWriter json = new JsonWriter().beginObject();
        json.field("time", report.at().toString());
        json.field("controlSocket", report.controlSocket().toString());
        json.field("statusPage", report.statusPage().map(Object::toString).orElse(null));
        json.name("devices").beginArray();
        report.devices().forEach(d -> device(json, d, rates));
        json.endArray();
        json.name("ports").beginArray();
        for (StatusReport.Port p : report.ports()) {
            json.beginObject().field("spec", p.spec()).field("device", p.device()).field("service", p.service())
                    .field("port", p.port()).field("connections", p.connections()).field("listening", p.listening())
                    .field("state", p.listenState()).endObject();
        }
        json.endArray();
        json.name("proxies").beginArray();
        for (StatusReport.Proxy p : report.proxies()) {
            json.beginObject().field("device", p.device()).field("address", p.address()).name("programs").beginArray();
            p.programs().forEach(json::value);
            json.endArray().endObject();
        }
        json.endArray();
        json.name("clients").beginArray();
        for (StatusReport.Client c : report.clients()) {
            json.beginObject().field("name", c.name()).field("channels", c.channels())
                    .field("bufferedBytes", c.bufferedBytes()).field("requestsRunning", c.requestsRunning()).endObject();
        }
        json.endArray();
        json.name("channels").beginArray();
        report.channels().forEach(c -> channel(json, c, rates));
        json.endArray();
        json.name("jobs").beginArray();
        for (RecentJobs.Job j : report.jobs()) {
            json.beginObject().field("port", j.port()).field("client", j.client()).field("started", j.started().toString())
                    .field("durationMs", j.duration().toMillis()).field("bytesToDevice", j.toDevice())
                    .field("bytesFromDevice", j.fromDevice()).field("outcome", j.delivered() ? "delivered" : "failed")
                    .field("reason", j.reason()).endObject();
        }
        json.endArray();
        return json.endObject().toString();
    }

    private static void device(JsonWriter json, StatusReport.Device d, Throughput rates) {
        DeviceSupervisor.State s = d.state();
        json.beginObject().field("name", d.name()).field("uri", d.uri()).field("up", s.up())
                .field("since", s.since().toString()).field("reason", s.reason())
                .field("nextAttempt", Optional.ofNullable(s.nextAttempt()).map(Instant::toString).orElse(null))
                .field("failedAttempts", s.failedAttempts()).field("reconnects", s.reconnects())
                .field("revision", d.revision()).field("bytesSent", d.bytesSent()).field("bytesReceived", d.bytesReceived())
                .field("deviceId", s.deviceId().orElse(null));
        json.name("printer");
        if (d.printer().isEmpty()) {
            json.nullValue();
        } else {
            printer(json, d.printer().get());
        }
        json.name("history");
        history(json, rates.device(d.name()));
        json.endObject();
    }

    private static void printer(JsonWriter json, PrinterWatch.Report report) {
        json.beginObject().field("checked", report.at().toString())
                .field("problem", report.problem().isEmpty() ? null : report.problem());
        if (report.epson().isPresent()) {
            EpsonStatus epson = report.epson().get();
            json.field("state", epson.statusText()).field("error", epson.error());
            json.name("inks").beginArray();
            for (EpsonStatus.Ink ink : epson.inks()) {
                json.beginObject().field("colour", ink.colour()).field("level", ink.level()).endObject();
            }
            json.endArray();
        }
        if (report.pml().isPresent()) {
            PmlStatus pml = report.pml().get();
            json.name("hp").beginObject().field("device", pml.deviceText()).field("printer", pml.printerText()).endObject();
        }
        json.endObject();
    }

    private static void channel(JsonWriter json, StatusReport.Channel channel, Throughput rates) {
        ChannelStatus c = channel.status();
        json.beginObject().field("device", channel.device()).field("owner", channel.owner()).field("id", c.channelId())
                .field("key", c.key().toString()).field("mode", c.mode().toString()).field("state", c.state())
                .field("sendPacketSize", c.sendPacketSize()).field("receivePacketSize", c.receivePacketSize())
                .field("sendCredit", c.sendCredit()).field("grantedToPeer", c.grantedToPeer())
                .field("queuedToSend", c.queuedToSend()).field("bufferedReceived", c.bufferedReceived())
                .field("bytesSent", c.bytesSent()).field("bytesReceived", c.bytesReceived())
                .field("packetsSent", c.packetsSent()).field("packetsReceived", c.packetsReceived());
        json.name("history");
        history(json, rates.channel(channel.device(), c.channelId()).orElse(new RateRing.Samples(new long[0], new long[0])));
        json.endObject();
    }

    private static void history(JsonWriter json, RateRing.Samples samples) {
        json.beginObject().field("periodMs", Throughput.PERIOD.toMillis()).field("capacity", Throughput.SAMPLES);
        json.name("sent").beginArray();
        for (long v : samples.sent()) {
            json.value(v);
        }
        json.endArray().name("received").beginArray();
        for (long v : samples.received()) {
            json.value(v);
        }
        json.endArray().endObject();
    }
}
