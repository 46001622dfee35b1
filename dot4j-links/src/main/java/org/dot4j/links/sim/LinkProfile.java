package org.dot4j.links.sim;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * How a {@link SimulatedLink} behaves: speed, delay, how the byte stream is cut into deliveries, and faults.
 *
 * <p>The same profile applies to each direction separately; a fault names the direction it hits, and the short
 * forms ({@link #dropAfter(long)} etc.) hit both. Byte offsets count from 0 within one direction's stream.
 * Immutable: the {@code with...} and fault methods return a new profile.
 *
 * @param bandwidth   bytes per second each direction carries; 0 means unlimited
 * @param latency     one-way delay added to every byte after it has been clocked onto the wire
 * @param maxChunk    the most bytes one delivery (one {@code read}) carries
 * @param fixedChunks true: deliveries are exactly {@code maxChunk} bytes (shorter only at the end of a write or at a
 *                    fault); false: seeded random sizes from 1 to {@code maxChunk}
 * @param faults      the faults to inject, in any order
 */
public record LinkProfile(long bandwidth, Duration latency, int maxChunk, boolean fixedChunks, List<Fault> faults) {

    /** High-speed USB 2.0 bulk, roughly: 40 MB/s, 125 µs one-way (one microframe), 512-byte packets. */
    public static LinkProfile usb2() {
        return new LinkProfile(40_000_000, Duration.ofNanos(125_000), 512, true, List.of());
    }

    /** No delay, no bandwidth limit, one delivery per write (up to the in-flight limit), no faults. */
    public static LinkProfile ideal() {
        return new LinkProfile(0, Duration.ZERO, Integer.MAX_VALUE, true, List.of());
    }

    /** Checks the values and freezes the fault list. */
    public LinkProfile {
        if (bandwidth < 0) {
            throw new IllegalArgumentException("bandwidth must be 0 (unlimited) or positive, got " + bandwidth);
        }
        if (latency.isNegative()) {
            throw new IllegalArgumentException("latency must not be negative, got " + latency);
        }
        if (maxChunk < 1) {
            throw new IllegalArgumentException("maxChunk must be at least 1, got " + maxChunk);
        }
        faults = List.copyOf(faults);
    }

    /** This profile with another bandwidth in bytes per second (0 = unlimited). */
    public LinkProfile withBandwidth(long bytesPerSecond) {
        return new LinkProfile(bytesPerSecond, latency, maxChunk, fixedChunks, faults);
    }

    /** This profile with another one-way latency. */
    public LinkProfile withLatency(Duration oneWay) {
        return new LinkProfile(bandwidth, oneWay, maxChunk, fixedChunks, faults);
    }

    /** This profile delivering random pieces of 1..{@code max} bytes ({@code fixed} false) or exactly {@code max}. */
    public LinkProfile withChunks(int max, boolean fixed) {
        return new LinkProfile(bandwidth, latency, max, fixed, faults);
    }

    /** Adds a fault in both directions: after {@code bytes} bytes the line goes silent for {@code pause}. */
    public LinkProfile stallAfter(long bytes, Duration pause) {
        return with(new Fault.Stall(Direction.BOTH, bytes, pause));
    }

    /** Adds a fault in both directions: the connection drops once {@code bytes} bytes were sent one way. */
    public LinkProfile dropAfter(long bytes) {
        return with(new Fault.Drop(Direction.BOTH, bytes));
    }

    /** Adds a fault in both directions: the byte at {@code offset} arrives XORed with a seeded non-zero value. */
    public LinkProfile corruptAt(long offset) {
        return with(new Fault.Corrupt(Direction.BOTH, offset));
    }

    /** Adds one fault, e.g. {@code new Fault.Corrupt(Direction.FIRST_TO_SECOND, 17)}. */
    public LinkProfile with(Fault fault) {
        List<Fault> more = new ArrayList<>(faults);
        more.add(Objects.requireNonNull(fault, "fault"));
        return new LinkProfile(bandwidth, latency, maxChunk, fixedChunks, more);
    }

    /** Which way a fault hits, naming the ends by their index in {@link SimulatedLink#pair}. */
    public enum Direction {
        /** Bytes written on end 0 and read on end 1. */
        FIRST_TO_SECOND,
        /** Bytes written on end 1 and read on end 0. */
        SECOND_TO_FIRST,
        /** Each direction, counting its own bytes. */
        BOTH;

        boolean hits(Direction lane) {
            return this == BOTH || this == lane;
        }
    }

    /** A scripted failure at a byte offset of one direction's stream. */
    public sealed interface Fault {

        /** Which direction this fault hits. */
        Direction direction();

        /** The stream offset where it strikes. */
        long offset();

        /**
         * The line goes silent for {@code pause} before byte {@code afterBytes} is sent, then carries on at speed.
         *
         * @param direction  which direction stalls
         * @param afterBytes how many bytes pass before the stall
         * @param pause      how long the stall lasts
         */
        record Stall(Direction direction, long afterBytes, Duration pause) implements Fault {
            /** Checks the values. */
            public Stall {
                requireOffset(afterBytes);
                if (pause.isNegative()) {
                    throw new IllegalArgumentException("stall pause must not be negative, got " + pause);
                }
            }

            @Override
            public long offset() {
                return afterBytes;
            }
        }

        /**
         * The connection drops once {@code afterBytes} bytes were written in this direction: the reader there gets
         * exactly those bytes, then an IOException; every other pending or later operation on either end fails
         * with an IOException too (bytes already in flight the other way are still delivered first). A drop is
         * a failure, never an orderly end-of-stream (-1), so tests can tell it from a peer's close.
         *
         * @param direction  which direction's byte count triggers the drop
         * @param afterBytes how many bytes get through
         */
        record Drop(Direction direction, long afterBytes) implements Fault {
            /** Checks the value. */
            public Drop {
                requireOffset(afterBytes);
            }

            @Override
            public long offset() {
                return afterBytes;
            }
        }

        /**
         * The byte at {@code offset} arrives XORed with a non-zero value drawn from the seed.
         *
         * @param direction which direction carries the bad byte
         * @param offset    the stream offset of the byte to flip
         */
        record Corrupt(Direction direction, long offset) implements Fault {
            /** Checks the value. */
            public Corrupt {
                requireOffset(offset);
            }
        }

        private static void requireOffset(long offset) {
            if (offset < 0) {
                throw new IllegalArgumentException("fault offset must not be negative, got " + offset);
            }
        }
    }
}
