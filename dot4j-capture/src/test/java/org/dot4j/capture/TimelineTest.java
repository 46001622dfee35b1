package org.dot4j.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.dot4j.capture.Wire.H;
import static org.dot4j.capture.Wire.P;

import java.util.List;
import java.util.Optional;
import java.util.stream.LongStream;
import org.dot4j.wire.PacketHeader;
import org.junit.jupiter.api.Test;

/** The timeline's bins: bounded whatever the capture's size, pairs joined as the span grows, nothing counted twice or lost. */
class TimelineTest {

    static final long T0 = 1_700_000_000_000_000_000L;
    static final long SECOND = 1_000_000_000L;

    static DecodeEvent.Packet data(String link, long time, Direction dir, int socket, int payload, long hostCredit,
                                   long peripheralCredit, Violation... violations) {
        return new DecodeEvent.Packet(link, time, dir, new PacketHeader(socket, socket, 6 + payload, 0, 0), Optional.empty(),
                "data " + payload + " B", socket == 2 ? "PRINT" : "", Optional.of(new Credits(socket, socket, hostCredit,
                peripheralCredit)), List.of(violations));
    }

    static DecodeEvent.Packet transaction(String link, long time, Direction dir) {
        return new DecodeEvent.Packet(link, time, dir, new PacketHeader(0, 0, 16, 0, 0), Optional.empty(), "Credit", "",
                Optional.empty(), List.of());
    }

    /**
     * 300,000 packets over 10 s on one link: the host's print data on 2/2 with its credit counting down from 8 and a
     * 5 ms stall before each grant, a status packet back every tenth, a transaction every fiftieth.
     */
    static Timeline bigJob() {
        Timeline t = new Timeline("big.pcapng", Timeline.Axis.TIME);
        long step = 10 * SECOND / 300_000;
        long credit = 8;
        for (int i = 0; i < 300_000; i++) {
            long time = T0 + i * step;
            if (i % 50 == 49) {
                t.accept(transaction("usb 1.2", time, P));
            } else if (i % 10 == 9) {
                t.accept(data("usb 1.2", time, P, 2, 12, credit, 8));
            } else {
                if (credit == 0) {
                    t.accept(new DecodeEvent.Stall("usb 1.2", time - 5_000_000, time, H, 2, 2));
                    credit = 8;
                }
                t.accept(data("usb 1.2", time, H, 2, 16_378, --credit, 8));
            }
        }
        return t;
    }

    private static TimelineLink only(Timeline t) {
        assertThat(t.links()).hasSize(1);
        return t.links().iterator().next();
    }

    private static TimelineLane lane(TimelineLink link, int socket) {
        return link.lanes().stream().filter(l -> l.primarySocket == socket).findFirst().orElseThrow();
    }

    @Test
    void threeHundredThousandPacketsOverTenSecondsKeepAThousandBinsAtMostAndLoseNoByte() {
        TimelineLink link = only(bigJob());
        assertThat(link.packets()).isEqualTo(300_000);
        assertThat(link.usedBins()).isBetween(Timeline.BINS / 2, Timeline.BINS);
        assertThat(link.width() * link.usedBins()).isGreaterThanOrEqualTo(10 * SECOND - 10 * SECOND / 300_000);
        assertThat(link.lanes()).extracting(TimelineLane::label).containsExactly("0/0 transactions", "2/2 PRINT");
        TimelineLane.Flow h = lane(link, 2).flow(H);
        assertThat(h.totalPackets).isEqualTo(300_000 - 30_000);
        assertThat(LongStream.of(h.packets).sum()).isEqualTo(h.totalPackets);
        assertThat(LongStream.of(h.bytes).sum()).isEqualTo(h.totalPackets * 16_384);
        assertThat(h.maxCredit).isEqualTo(7);
        long stalls = h.stalls.stream().mapToLong(s -> s.count).sum();
        assertThat(stalls).as("every stall counted once").isEqualTo(270_000 / 8 - 1);
        assertThat(h.stalls.size()).isLessThanOrEqualTo(Timeline.BINS);
        assertThat(h.stalls.stream().mapToLong(s -> s.nanos).sum()).isEqualTo(stalls * 5_000_000);
    }

    @Test
    void joiningBinsKeepsTheLaterCreditOfEachPair() {
        Timeline t = new Timeline("f", Timeline.Axis.TIME);
        t.accept(data("l", T0, H, 2, 10, 5, 3));
        t.accept(data("l", T0 + 1000, H, 2, 10, 4, 3)); // bin 1 at 1 us per bin
        TimelineLink link = only(t);
        assertThat(link.width()).isEqualTo(1000);
        t.accept(data("l", T0 + 1000 * Timeline.BINS, H, 2, 10, 2, 3)); // past the last bin: bins double
        assertThat(link.width()).isEqualTo(2000);
        TimelineLane.Flow h = lane(link, 2).flow(H);
        assertThat(h.credit[0]).isEqualTo(4);
        assertThat(h.packets[0]).isEqualTo(2);
        assertThat(h.credit[Timeline.BINS / 2]).isEqualTo(2);
        assertThat(h.credit[Timeline.BINS / 2 + 1]).isEqualTo(TimelineLane.NO_CREDIT);
        assertThat(link.usedBins()).isEqualTo(Timeline.BINS / 2 + 1);
    }

    @Test
    void stallsLessThanABinApartAreDrawnAsOneThatCountsThemAll() {
        Timeline t = new Timeline("f", Timeline.Axis.TIME);
        t.accept(data("l", T0, H, 2, 10, 0, 0));
        t.accept(new DecodeEvent.Stall("l", T0, T0 + 100, H, 2, 2));
        t.accept(new DecodeEvent.Stall("l", T0 + 600, T0 + 700, H, 2, 2)); // 500 ns after: within a 1 us bin
        t.accept(new DecodeEvent.Stall("l", T0 + 5000, T0 + 6000, H, 2, 2));
        List<TimelineLane.Stall> stalls = lane(only(t), 2).flow(H).stalls;
        assertThat(stalls).hasSize(2);
        assertThat(stalls.get(0).count).isEqualTo(2);
        assertThat(stalls.get(0).nanos).isEqualTo(200);
        assertThat(stalls.get(0).to).isEqualTo(700);
        t.accept(data("l", T0 + 10_000_000, H, 2, 10, 1, 0)); // 10 ms: bins of 16 us, the stalls now one
        assertThat(stalls).hasSize(1);
        assertThat(stalls.getFirst().count).isEqualTo(3);
    }

    @Test
    void nothingDecodedIsNoLink() {
        assertThat(new Timeline("empty.pcap", Timeline.Axis.TIME).links()).isEmpty();
    }

    @Test
    void onePacketIsOneBinOfOneLane() {
        Timeline t = new Timeline("f", Timeline.Axis.TIME);
        t.accept(data("l", T0, P, 6, 12, 1, 2));
        TimelineLink link = only(t);
        assertThat(link.usedBins()).isEqualTo(1);
        assertThat(lane(link, 6).flow(P).bytes[0]).isEqualTo(18);
        assertThat(lane(link, 6).label()).isEqualTo("6/6");
    }

    @Test
    void withoutTimesThePacketNumberIsTheAxisAndAStallRunsFromTheLastCreditToTheGrant() {
        Timeline t = new Timeline("raw", Timeline.Axis.PACKET_NUMBER);
        t.accept(data("raw", 0, H, 2, 100, 1, 0));
        t.accept(data("raw", 0, H, 2, 100, 0, 0)); // packet 1 uses the last credit
        t.accept(transaction("raw", 0, P));
        t.accept(new DecodeEvent.Packet("raw", 0, P, new PacketHeader(0, 0, 11, 0, 0), Optional.empty(), "Credit 2/2 +1",
                "PRINT", Optional.of(new Credits(2, 2, 1, 0)), List.of())); // packet 3 grants
        t.accept(new DecodeEvent.Stall("raw", 0, 0, H, 2, 2));
        t.accept(data("raw", 0, H, 2, 100, 0, 0));
        TimelineLink link = only(t);
        assertThat(link.width()).isEqualTo(1);
        assertThat(link.usedBins()).isEqualTo(5);
        TimelineLane.Stall stall = lane(link, 2).flow(H).stalls.getFirst();
        assertThat(stall.from).isEqualTo(1);
        assertThat(stall.to).isEqualTo(3);
    }

    @Test
    void aHostileCaptureOfThousandsOfChannelsAndLinksDrawsBoundedLanesAndCountsTheRest() {
        Timeline t = new Timeline("f", Timeline.Axis.TIME);
        for (int s = 1; s < 256; s++) {
            t.accept(data("l", T0 + s, H, s, 1, 1, 1));
        }
        for (int link = 0; link < 100; link++) {
            t.accept(data("link " + link, T0, H, 2, 1, 1, 1));
        }
        assertThat(t.links()).hasSize(Timeline.MAX_LINKS);
        TimelineLink first = t.links().iterator().next();
        assertThat(first.lanes()).hasSize(TimelineLink.MAX_LANES);
        assertThat(first.lanesLeftOut()).isEqualTo(255 - TimelineLink.MAX_LANES);
        assertThat(first.packetsLeftOut()).isEqualTo(255 - TimelineLink.MAX_LANES);
        assertThat(t.packetsLeftOut()).isEqualTo(100 - (Timeline.MAX_LINKS - 1));
    }

    @Test
    void eventsBeforeTheFirstAndFarInTheFutureStayInsideTheBins() {
        Timeline t = new Timeline("f", Timeline.Axis.TIME);
        t.accept(data("l", T0, H, 2, 1, 1, 1));
        t.accept(data("l", T0 - SECOND, H, 2, 1, 1, 1)); // timestamps that go back: drawn at the start
        t.accept(data("l", Long.MAX_VALUE, H, 2, 1, 1, 1));
        TimelineLink link = only(t);
        assertThat(link.usedBins()).isBetween(1, Timeline.BINS);
        assertThat(LongStream.of(lane(link, 2).flow(H).packets).sum()).isEqualTo(3);
    }
}
