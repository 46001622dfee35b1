package org.dot4j.capture;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One channel's row of a {@link Timeline}: per time bin and direction the packets, their wire bytes (LENGTH, header
 * included) and the last credit seen; stalls as intervals, those closer than a bin coalesced; violations as a count
 * per bin with the first one's text. Its size does not grow with the capture's. Not thread-safe.
 */
final class TimelineLane {

    /** A bin in which the credit of a direction was not seen. */
    static final long NO_CREDIT = Long.MIN_VALUE;
    /** A violation's text is cut here: a hostile capture's details must not make the drawing grow. */
    private static final int MAX_DETAIL = 200;

    final int primarySocket;
    final int secondarySocket;
    private String service = "";
    /** By {@link Direction#ordinal()}. */
    private final Flow[] flows = {new Flow(), new Flow()};
    /** Protocol violations found, and apart from them the capture's own gaps. */
    final Marks violations = new Marks();
    final Marks gaps = new Marks();

    /** One direction of the channel. */
    static final class Flow {
        final long[] packets = new long[Timeline.BINS];
        final long[] bytes = new long[Timeline.BINS];
        /** The sender's credit after the bin's last packet that told it, -1 unknown, {@link #NO_CREDIT} none told. */
        final long[] credit = new long[Timeline.BINS];
        final List<Stall> stalls = new ArrayList<>();
        long totalPackets;
        long totalBytes;
        /** The most credit seen, -1 while none was known. */
        long maxCredit = -1;
        long lastCredit = -1;
        /** Packet-number axis only: where the sender's credit last fell to 0, and where it next rose; -1 before. */
        long dryAt = -1;
        long refilledAt = -1;

        Flow() {
            Arrays.fill(credit, NO_CREDIT);
        }
    }

    /** Violations (or gaps) per bin: how many, and the first one's text. */
    static final class Marks {
        final long[] count = new long[Timeline.BINS];
        final String[] first = new String[Timeline.BINS];

        private void add(int bin, Violation v) {
            count[bin]++;
            if (first[bin] == null) {
                String text = v.toString();
                first[bin] = text.length() > MAX_DETAIL ? text.substring(0, MAX_DETAIL) + "..." : text;
            }
        }

        private void widen() {
            int half = Timeline.BINS / 2;
            for (int i = 0; i < half; i++) {
                count[i] = count[2 * i] + count[2 * i + 1];
                first[i] = first[2 * i] != null ? first[2 * i] : first[2 * i + 1];
            }
            Arrays.fill(count, half, Timeline.BINS, 0);
            Arrays.fill(first, half, Timeline.BINS, null);
        }
    }

    /** Stalls drawn as one: {@code count} of them between {@code from} and {@code to} (axis units), {@code nanos} in all. */
    static final class Stall {
        long from;
        long to;
        long count;
        long nanos;

        Stall(long from, long to, long nanos) {
            this.from = from;
            this.to = to;
            this.count = 1;
            this.nanos = nanos;
        }
    }

    TimelineLane(int primarySocket, int secondarySocket) {
        this.primarySocket = primarySocket;
        this.secondarySocket = secondarySocket;
    }

    /** "2/2 PRINT", "0/0 transactions", "5/5". */
    String label() {
        String channel = primarySocket + "/" + secondarySocket;
        if (primarySocket == 0 && secondarySocket == 0) {
            return channel + " transactions";
        }
        return service.isEmpty() ? channel : channel + " " + service;
    }

    Flow flow(Direction dir) {
        return flows[dir.ordinal()];
    }

    /** A packet of {@code length} wire bytes in {@code bin}. */
    void packet(int bin, Direction dir, int length, String service) {
        if (!service.isEmpty()) {
            this.service = service;
        }
        Flow f = flow(dir);
        f.packets[bin]++;
        f.bytes[bin] += length;
        f.totalPackets++;
        f.totalBytes += length;
    }

    /** Both sides' credit after a packet at {@code at} (axis units) in {@code bin}. */
    void credits(int bin, Credits credits, long at) {
        for (Direction dir : Direction.values()) {
            Flow f = flow(dir);
            long value = credits.of(dir);
            if (value == 0 && f.lastCredit != 0) {
                f.dryAt = at;
                f.refilledAt = -1;
            } else if (value > 0 && f.lastCredit == 0) {
                f.refilledAt = at;
            }
            f.lastCredit = value;
            f.credit[bin] = value;
            f.maxCredit = Math.max(f.maxCredit, value);
        }
    }

    /** A violation (or a capture gap) found in {@code bin}. */
    void mark(int bin, Violation v) {
        (v.rule().isProtocolViolation() ? violations : gaps).add(bin, v);
    }

    /**
     * A stall of {@code dir}'s sender from {@code from} to {@code to} (axis units), {@code nanos} long; merged into the
     * last one when less than {@code width}, a bin, lies between them.
     */
    void stall(Direction dir, long from, long to, long nanos, long width) {
        List<Stall> stalls = flow(dir).stalls;
        Stall last = stalls.isEmpty() ? null : stalls.getLast();
        if (last != null && from - last.to < width) {
            last.from = Math.min(last.from, from);
            last.to = Math.max(last.to, to);
            last.count++;
            last.nanos += nanos;
        } else {
            stalls.add(new Stall(from, Math.max(from, to), nanos));
        }
    }

    /** Bins twice as wide: bin i becomes bins 2i and 2i+1 joined, the upper half empty; stalls coalesced anew. */
    void widen(long width) {
        int half = Timeline.BINS / 2;
        for (Flow f : flows) {
            for (int i = 0; i < half; i++) {
                f.packets[i] = f.packets[2 * i] + f.packets[2 * i + 1];
                f.bytes[i] = f.bytes[2 * i] + f.bytes[2 * i + 1];
                f.credit[i] = f.credit[2 * i + 1] != NO_CREDIT ? f.credit[2 * i + 1] : f.credit[2 * i];
            }
            Arrays.fill(f.packets, half, Timeline.BINS, 0);
            Arrays.fill(f.bytes, half, Timeline.BINS, 0);
            Arrays.fill(f.credit, half, Timeline.BINS, NO_CREDIT);
            coalesce(f.stalls, width);
        }
        violations.widen();
        gaps.widen();
    }

    private static void coalesce(List<Stall> stalls, long width) {
        List<Stall> merged = new ArrayList<>();
        for (Stall s : stalls) {
            Stall last = merged.isEmpty() ? null : merged.getLast();
            if (last != null && s.from - last.to < width) {
                last.from = Math.min(last.from, s.from);
                last.to = Math.max(last.to, s.to);
                last.count += s.count;
                last.nanos += s.nanos;
            } else {
                merged.add(s);
            }
        }
        stalls.clear();
        stalls.addAll(merged);
    }
}
