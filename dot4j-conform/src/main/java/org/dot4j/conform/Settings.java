package org.dot4j.conform;

import java.time.Duration;
import java.util.Objects;
import org.dot4j.wire.Revision;

/**
 * How a run speaks to the peer.
 *
 * @param revision the revision of the cases that are not about one revision (0x20, or 0x10 for Epson)
 * @param epsonEntry send Epson's entry packet before every Init (reference §7.3); without it the entry is used for
 *     revision 0x10 only if the peer answers it
 * @param timeout the deadline of every wait for an answer
 * @param quiet how long to watch for something that must not come (data without credit, a reply to Error)
 * @param strict count failed SHOULD cases as failures
 * @param drain for links that keep what an earlier case left (USB, ttys): how long the peer must be silent on a fresh
 *     link before the case starts; every byte before that is dropped unframed
 *     ({@link org.dot4j.driver.ByteLink#dropStale})
 *     (zero for sockets, whose every connection is new; USB and ttys keep bytes across opens)
 */
public record Settings(int revision, boolean epsonEntry, Duration timeout, Duration quiet, boolean strict, Duration drain) {

    /** Checks the revision is one a run can speak and the durations are positive. */
    public Settings {
        if (revision != Revision.IEEE_1284_4 && revision != Revision.EPSON_DRAFT) {
            throw new IllegalArgumentException("revision " + Revision.describe(revision)
                    + " cannot be the run's revision; use 0x20 or 0x10 (MLC cases run on their own when the peer speaks it)");
        }
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(quiet, "quiet");
        Objects.requireNonNull(drain, "drain");
        if (timeout.isNegative() || timeout.isZero() || quiet.isNegative() || quiet.isZero()) {
            throw new IllegalArgumentException("--timeout and --quiet must be positive");
        }
    }

    /** Revision 0x20, no entry packet, 5 s to answer, 500 ms of watching for silence, no drain. */
    public static Settings defaults() {
        return new Settings(Revision.IEEE_1284_4, false, Duration.ofSeconds(5), Duration.ofMillis(500), false, Duration.ZERO);
    }
}
