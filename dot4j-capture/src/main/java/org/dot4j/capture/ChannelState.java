package org.dot4j.capture;

import java.util.List;
import java.util.function.Consumer;

/**
 * One channel (socket pair) of a decoded conversation: whether it is open, the packet sizes agreed for it, the credit
 * each side holds (reference §5.1: one credit = one packet, granted by the receiver), and what it carried. Indexed by
 * {@link Direction}: the credit and counters of a direction belong to that direction's sender. Not thread-safe.
 */
final class ChannelState {

    /** Counters of one direction. */
    private static final class Side {
        /** Packets the sender may still send, as granted by the receiver. */
        long credit;
        /** Largest packet (LENGTH, header included) agreed for this direction; -1 unknown, 0 disabled (§3.5). */
        int maxPacket = -1;
        long bytes;
        long packets;
        long first;
        long last;
        long stalled;
        /** When the sender used its last credit, -1 when it holds some. */
        long dryFrom = -1;
        /** When credit came back after running dry, -1 while it has not. */
        long refilledAt = -1;
    }

    final int psid;
    final int ssid;
    private final String link;
    private final Consumer<DecodeEvent> sink;
    private final Side[] sides = {new Side(), new Side()};
    String service = "";
    boolean open;
    /** False while the channel was opened before the capture: its credit is then unknown and not checked. */
    boolean creditKnown;
    int opens;
    int violations;

    ChannelState(String link, int psid, int ssid, Consumer<DecodeEvent> sink) {
        this.link = link;
        this.psid = psid;
        this.ssid = ssid;
        this.sink = sink;
    }

    /** Opened by a successful OpenChannel: sizes as agreed (LENGTH limits, -1 unknown), credit from the reply. */
    void opened(int maxHostToPeripheral, int maxPeripheralToHost) {
        open = true;
        creditKnown = true;
        opens++;
        for (Side s : sides) {
            s.credit = 0;
            s.dryFrom = s.refilledAt = -1;
        }
        sides[Direction.HOST_TO_PERIPHERAL.ordinal()].maxPacket = maxHostToPeripheral;
        sides[Direction.PERIPHERAL_TO_HOST.ordinal()].maxPacket = maxPeripheralToHost;
    }

    void closed() {
        open = false;
    }

    /** {@code n} credits granted to the sender of direction {@code to} (negative: a grant refused and taken back). */
    void grant(Direction to, long n, long now) {
        Side s = sides[to.ordinal()];
        long before = s.credit;
        s.credit = Math.max(0, s.credit + n);
        if (before == 0 && s.credit > 0 && s.dryFrom >= 0 && s.refilledAt < 0) {
            s.refilledAt = now;
        }
    }

    /** The sender of {@code from} asked for credit while holding none: it is waiting (a stall starts if not yet). */
    void asked(Direction from, long now) {
        Side s = sides[from.ordinal()];
        if (s.credit == 0 && s.dryFrom < 0) {
            s.dryFrom = now;
        }
    }

    /** A data packet of {@code length} bytes (header included) sent in {@code dir}; adds what it breaks to {@code out}. */
    void data(Direction dir, int length, long now, List<Violation> out) {
        Side s = sides[dir.ordinal()];
        String who = dir == Direction.HOST_TO_PERIPHERAL ? "host" : "peripheral";
        if (creditKnown) {
            if (s.credit == 0) {
                out.add(new Violation(Rule.DATA_WITHOUT_CREDIT, who + " held 0 credit on " + psid + "/" + ssid));
            } else {
                s.credit--;
            }
        }
        if (s.maxPacket == 0) {
            out.add(new Violation(Rule.OVER_PACKET_SIZE, "packet of " + length + " bytes where " + psid + "/" + ssid
                    + " agreed size 0 (" + who + " may not send)"));
        } else if (s.maxPacket > 0 && length > s.maxPacket) {
            out.add(new Violation(Rule.OVER_PACKET_SIZE, "packet of " + length + " bytes on " + psid + "/" + ssid
                    + ", agreed at most " + s.maxPacket));
        }
        if (s.dryFrom >= 0 && s.refilledAt >= 0) {
            s.stalled += s.refilledAt - s.dryFrom;
            sink.accept(new DecodeEvent.Stall(link, s.dryFrom, s.refilledAt, dir, psid, ssid));
            s.dryFrom = s.refilledAt = -1;
        }
        if (creditKnown && s.credit == 0 && s.dryFrom < 0) {
            s.dryFrom = now;
        }
        if (s.packets == 0) {
            s.first = now;
        }
        s.packets++;
        s.bytes += length - org.dot4j.wire.WireFormat.HEADER_SIZE;
        s.last = now;
        violations += out.size();
    }

    /** Both sides' credit now. */
    Credits credits() {
        return new Credits(psid, ssid, creditKnown ? sides[0].credit : -1, creditKnown ? sides[1].credit : -1);
    }

    /** What the channel carried so far. */
    ChannelSummary summary() {
        return new ChannelSummary(link, psid, ssid, service, opens, flow(sides[0]), flow(sides[1]), violations);
    }

    private static ChannelSummary.Flow flow(Side s) {
        return new ChannelSummary.Flow(s.bytes, s.packets, s.first, s.last, s.stalled);
    }
}
