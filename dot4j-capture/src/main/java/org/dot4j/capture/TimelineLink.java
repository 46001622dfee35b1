package org.dot4j.capture;

import java.util.BitSet;
import java.util.Collection;
import java.util.TreeMap;

/**
 * One link's part of a {@link Timeline}: {@link Timeline#BINS} bins over its axis, a lane per channel. The span is
 * unknown until the end, so bins start narrow (a microsecond, or one packet) and double in width, each pair joined,
 * whenever an event falls past the last. Not thread-safe.
 */
final class TimelineLink {

    /** Lanes drawn per link; a hostile capture could name 65,536 channels. */
    static final int MAX_LANES = 16;
    /** The first bin width on the time axis, nanoseconds. */
    private static final long FIRST_WIDTH_NANOS = 1000;

    final String name;
    private final Timeline.Axis axis;
    /** By PSID * 256 + SSID, so lanes come out in socket order, 0/0 first. */
    private final TreeMap<Integer, TimelineLane> lanes = new TreeMap<>();
    private final BitSet lanesLeftOut = new BitSet(256 * 256);
    private long packetsLeftOut;
    /** Axis units (nanoseconds or packets) per bin. */
    private long width;
    /** Bins from 0 through the last one used. */
    private int usedBins;
    private boolean started;
    private long firstNanos;
    private long lastNanos;
    private long packets;

    TimelineLink(String name, Timeline.Axis axis) {
        this.name = name;
        this.axis = axis;
        this.width = axis == Timeline.Axis.TIME ? FIRST_WIDTH_NANOS : 1;
    }

    void accept(DecodeEvent event) {
        if (!started) {
            started = true;
            firstNanos = lastNanos = event.timeNanos();
        }
        lastNanos = Math.max(lastNanos, event.timeNanos());
        long at = at(event.timeNanos());
        int bin = bin(at);
        switch (event) {
            case DecodeEvent.Packet p -> packet(p, at, bin);
            case DecodeEvent.Stall s -> stall(s);
            case DecodeEvent.Junk j -> mark(j, bin);
            case DecodeEvent.Gap g -> mark(g, bin);
            case DecodeEvent.Note n -> mark(n, bin);
        }
    }

    private void packet(DecodeEvent.Packet p, long at, int bin) {
        packets++;
        TimelineLane lane = lane(p.header().primarySocket(), p.header().secondarySocket());
        if (lane == null) {
            packetsLeftOut++;
        } else {
            lane.packet(bin, p.direction(), p.header().length(), p.service());
            p.violations().forEach(v -> lane.mark(bin, v));
        }
        p.credits().ifPresent(c -> {
            TimelineLane of = lane(c.primarySocket(), c.secondarySocket());
            if (of != null) {
                of.credits(bin, c, at);
            }
        });
    }

    private void stall(DecodeEvent.Stall s) {
        TimelineLane lane = lane(s.primarySocket(), s.secondarySocket());
        if (lane == null) {
            return;
        }
        long from;
        long to;
        if (axis == Timeline.Axis.TIME) {
            from = at(s.timeNanos());
            to = at(s.endNanos());
        } else { // no times: from the packet that used the last credit to the one that granted more
            TimelineLane.Flow f = lane.flow(s.direction());
            to = f.refilledAt >= 0 ? f.refilledAt : packets;
            from = f.dryAt >= 0 ? Math.min(f.dryAt, to) : to;
        }
        bin(to);
        lane.stall(s.direction(), from, to, Math.max(0, s.endNanos() - s.timeNanos()), width);
    }

    /** Junk, gaps and notes belong to no channel: their marks go on the transaction channel's lane. */
    private void mark(DecodeEvent event, int bin) {
        if (!event.violations().isEmpty()) {
            TimelineLane lane = lane(0, 0);
            if (lane != null) {
                event.violations().forEach(v -> lane.mark(bin, v));
            }
        }
    }

    /** Where on the axis an event at {@code nanos} lies: nanoseconds since the link's first, or the packet number. */
    private long at(long nanos) {
        return axis == Timeline.Axis.TIME ? Math.max(0, nanos - firstNanos) : packets;
    }

    /** The bin of {@code at}, widening the bins until it has one. */
    private int bin(long at) {
        while (at / width >= Timeline.BINS) {
            width *= 2;
            for (TimelineLane lane : lanes.values()) {
                lane.widen(width);
            }
            usedBins = (usedBins + 1) / 2;
        }
        int bin = (int) (at / width);
        usedBins = Math.max(usedBins, bin + 1);
        return bin;
    }

    /** The lane of channel {@code psid}/{@code ssid}, made on first use; null past {@link #MAX_LANES}. */
    private TimelineLane lane(int psid, int ssid) {
        int key = (psid & 0xFF) * 256 + (ssid & 0xFF);
        TimelineLane lane = lanes.get(key);
        if (lane == null) {
            if (lanes.size() >= MAX_LANES) {
                lanesLeftOut.set(key);
                return null;
            }
            lane = new TimelineLane(psid, ssid);
            lanes.put(key, lane);
        }
        return lane;
    }

    Collection<TimelineLane> lanes() {
        return lanes.values();
    }

    /** Channels seen but not drawn, past {@link #MAX_LANES}. */
    int lanesLeftOut() {
        return lanesLeftOut.cardinality();
    }

    /** Packets of channels not drawn. */
    long packetsLeftOut() {
        return packetsLeftOut;
    }

    Timeline.Axis axis() {
        return axis;
    }

    /** Axis units per bin. */
    long width() {
        return width;
    }

    int usedBins() {
        return usedBins;
    }

    long firstNanos() {
        return firstNanos;
    }

    long lastNanos() {
        return lastNanos;
    }

    long packets() {
        return packets;
    }
}
