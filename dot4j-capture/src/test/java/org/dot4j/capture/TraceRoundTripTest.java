package org.dot4j.capture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.dot4j.driver.ByteLink;
import org.dot4j.driver.MemoryLink;
import org.dot4j.wire.ResultCode;
import org.dot4j.wire.Revision;
import org.dot4j.wire.Transaction.*;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a TracingLink records is what went over the link, and decode reads it back. */
class TraceRoundTripTest {

    @TempDir
    Path dir;

    @Test
    void everyWriteAndReadOfBothEndsIsInTheTraceAndDecodes() throws Exception {
        Path file = dir.resolve("t.pcapng");
        MemoryLink[] pair = MemoryLink.pair("mem:test");
        byte[] big = Wire.data(2, 70_000 - 6 - 5000, 0); // more than one trace record holds
        try (TraceWriter trace = TraceWriter.create(file, false);
             TracingLink host = new TracingLink(pair[0], trace.link("host end"), TracingLink.End.HOST);
             TracingLink peripheral = new TracingLink(pair[1], trace.link("peripheral end"), TracingLink.End.PERIPHERAL)) {
            int rev = Revision.IEEE_1284_4;
            send(host, peripheral, Wire.encode(new Init(rev), rev));
            send(peripheral, host, Wire.encode(new InitReply(ResultCode.SUCCESS, rev), rev));
            send(host, peripheral, Wire.encode(new OpenChannel(2, 2, 0xFFFF, 0xFFFF, 0xFFFF, 0), rev));
            send(peripheral, host, Wire.encode(new OpenChannelReply(ResultCode.SUCCESS, 2, 2, 0xFFFF, 0xFFFF, 0xFFFF, 1), rev));
            send(host, peripheral, big);
        }
        List<DecodeEvent> events = new ArrayList<>();
        CaptureDecoder.Result r = CaptureDecoder.decode(file, CaptureDecoder.Options.FIND, events::add);
        assertThat(r.links()).extracting(LinkSummary::link).containsExactly("usb 1.1 (host end)", "usb 1.2 (peripheral end)");
        for (LinkSummary link : r.links()) {
            assertThat(link.packets()).isEqualTo(5);
            assertThat(link.violations()).isZero();
            assertThat(link.channels().get(0).hostToPeripheral().bytes()).isEqualTo(big.length - 6);
        }
        assertThat(events).filteredOn(e -> e instanceof DecodeEvent.Packet p && p.link().contains("host end"))
                .extracting(e -> ((DecodeEvent.Packet) e).direction())
                .containsExactly(Direction.HOST_TO_PERIPHERAL, Direction.PERIPHERAL_TO_HOST, Direction.HOST_TO_PERIPHERAL,
                        Direction.PERIPHERAL_TO_HOST, Direction.HOST_TO_PERIPHERAL);
        assertThat(Files.size(file)).isGreaterThan(big.length);
    }

    private static void send(ByteLink from, ByteLink to, byte[] bytes) throws IOException {
        from.write(ByteBuffer.wrap(bytes));
        ByteBuffer b = ByteBuffer.allocate(bytes.length);
        while (b.hasRemaining()) {
            assertThat(to.read(b)).isPositive();
        }
    }

    @Test
    void aTraceWithTheLastLinkClosedIsClosedAndLaterRecordsAreDropped() throws IOException {
        Path file = dir.resolve("t.pcapng");
        TraceWriter trace = TraceWriter.create(file, true);
        TraceWriter.Link link = trace.link("x");
        link.record(Direction.HOST_TO_PERIPHERAL, 1, ByteBuffer.wrap(new byte[] {0, 0, 0, 7, 1, 0, 8}));
        link.close();
        long size = Files.size(file);
        link.record(Direction.HOST_TO_PERIPHERAL, 2, ByteBuffer.wrap(new byte[10]));
        assertThat(Files.size(file)).isEqualTo(size);
        assertThat(CaptureDecoder.decode(file, CaptureDecoder.Options.FIND, e -> { }).links().get(0).packets()).isEqualTo(1);
    }
}
