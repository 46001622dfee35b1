package org.dot4j.capture;

import java.util.List;
import java.util.Optional;
import org.dot4j.wire.PacketHeader;
import org.dot4j.wire.Transaction;

/**
 * What the decoder tells, in capture order: each packet with what it did to the channel's credit, skipped junk, bytes
 * the capture lacks, stalls waiting for credit, and notes at the end. Enough to print a listing or draw a timeline
 * (packets and credit per channel over time, stalls as intervals).
 */
public sealed interface DecodeEvent {

    /** Which link of the capture. */
    String link();

    /** When, nanoseconds since the epoch. */
    long timeNanos();

    /** Violations found at this event, empty for most. */
    List<Violation> violations();

    /**
     * One whole packet.
     *
     * @param direction who sent it
     * @param header its header (channel, LENGTH, piggy-backed credit, control)
     * @param transaction the decoded transaction on socket 0/0, empty for data and for what did not decode
     * @param what a one-line description ("OpenChannel 2/2 size 16384/16384", "data 2304 B")
     * @param service the service name of the packet's channel when known, else ""
     * @param credits the channel's credit after this packet: data packets, and transactions about a channel
     */
    record Packet(String link, long timeNanos, Direction direction, PacketHeader header, Optional<Transaction> transaction,
                  String what, String service, Optional<Credits> credits, List<Violation> violations) implements DecodeEvent {

        /** True for a packet on the transaction channel. */
        public boolean isTransaction() {
            return header.isTransaction();
        }
    }

    /** Bytes skipped because they could not start a packet. */
    record Junk(String link, long timeNanos, Direction direction, long bytes, boolean allZero, List<Violation> violations)
            implements DecodeEvent {}

    /** The capture lacks {@code bytes} here; a packet in progress was dropped and framing starts again. */
    record Gap(String link, long timeNanos, Direction direction, long bytes, List<Violation> violations)
            implements DecodeEvent {}

    /**
     * A sender held no credit from {@code timeNanos} (when it used its last) to {@code endNanos} (the grant that let its
     * next packet go) on channel {@code primarySocket}/{@code secondarySocket}.
     */
    record Stall(String link, long timeNanos, long endNanos, Direction direction, int primarySocket, int secondarySocket)
            implements DecodeEvent {

        @Override
        public List<Violation> violations() {
            return List.of();
        }
    }

    /** Something found at the end of the capture: a command never answered, a packet cut off. */
    record Note(String link, long timeNanos, List<Violation> violations) implements DecodeEvent {}
}
