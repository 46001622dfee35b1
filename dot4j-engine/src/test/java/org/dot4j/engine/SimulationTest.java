package org.dot4j.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Deterministic simulation of a host and a peripheral engine under seeded random workloads ({@link Simulation}):
 * every byte arrives once and in order with its message boundaries, no packet goes without credit or above the
 * agreed size ({@link WireAudit}), an honest run sees no Error packet or violation, and every request completes.
 * This class also holds the model the checks use: what each side of each channel wrote and has read.
 *
 * <p>A failing seed is named in the message; {@code -Ddot4j.seed=N} runs just that seed again, exactly, and
 * {@code -Ddot4j.trace=true} prints its every transaction and event. {@code -Ddot4j.seeds=N} runs more seeds.
 */
@Timeout(600)
class SimulationTest {

    /** Seeds the normal build runs (about 6 s); raise it for a soak. */
    static final int SEEDS = Integer.getInteger("dot4j.seeds", 200);
    /** Property naming one seed to replay. */
    static final String SEED_PROPERTY = "dot4j.seed";

    @Test
    void everySeedDeliversEveryByteOnceInOrderWithoutViolations() {
        String only = System.getProperty(SEED_PROPERTY);
        if (only != null) {
            runSeed(Long.parseLong(only.trim())); // one seed, with the full stack trace
            return;
        }
        List<String> failures = new ArrayList<>();
        long bytes = 0;
        for (long seed = 1; seed <= SEEDS; seed++) {
            try {
                Simulation simulation = new Simulation(seed);
                simulation.run();
                bytes += simulation.bytesRead();
            } catch (AssertionError | RuntimeException e) {
                failures.add("seed " + seed + ": " + e + " (replay with -D" + SEED_PROPERTY + "=" + seed + ")");
            }
        }
        assertThat(failures).as("failing seeds of %d", SEEDS).isEmpty();
        assertThat(bytes).as("payload bytes the %d runs delivered", SEEDS).isGreaterThan(SEEDS * 10_000L);
    }

    /**
     * Seeds that found engine bugs (reported to the lead with the bench branch). 1 and 6: a packet channel ends a
     * message early, both when the send queue drains mid-message (SendQueue.take) and, before the peer's first end
     * mark, at every packet (LinkEngine.onData). 3, 2, 24, 13, 21: a host re-Init with traffic in flight is taken
     * as peer violations: stale data (3), the stale reply to a cancelled command (2), back-to-back Inits (24), the
     * peripheral's stale reply (13) and the Error packet it then sends (21).
     */
    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 6, 3, 2, 24, 13, 21})
    void seedsThatFoundEngineBugsPass(long seed) {
        runSeed(seed);
    }

    @Test
    void aSeedReplaysExactlyTheSameConversation() {
        long seed = Long.getLong(SEED_PROPERTY, 42L);
        String first = replay(seed);
        assertThat(replay(seed)).as("digest of every transaction sent, event and byte read, seed %d", seed).isEqualTo(first);
        assertThat(replay(seed + 1)).as("another seed makes another conversation").isNotEqualTo(first);
    }

    /**
     * Two seeds' digests pinned (IEEE 1284.4 and MLC): a change to what the engine sends, or to its events, shows
     * here. When the change is meant, update the value and say in the commit why the wire changed (issue 11: the
     * credit lane changed both, its commit explains how; so did the zero answer that crossed a push; seed 42 changed
     * again when a waiting writer was woken at half a queue, not per packet).
     */
    @ParameterizedTest(name = "seed {0}")
    @CsvSource({
            "42, 69df6a4a1d94accf25733ced39712001cd3b5039dcaaa1cf03043fb8bed54726",
            "45, 7512848df991317605a0f909760392d78864c18ca6f11611242a63d02413088c"})
    void pinnedSeedsSendWhatTheySentWhenPinned(long seed, String digest) {
        assumeTrue(System.getProperty("dot4j.clockOrigin") == null, "pinned with each seed's own clock origin");
        assertThat(replay(seed)).as("digest of seed %d", seed).isEqualTo(digest);
    }

    @Test
    void anMlcSeedReplaysExactlyTheSameConversation() {
        long seed = 45; // a multiple of Simulation.MLC_EVERY: HP MLC
        assertThat(new Simulation(seed).revision).isEqualTo(org.dot4j.wire.Revision.HP_MLC);
        String first = replay(seed);
        assertThat(first).doesNotContain(" then ");
        assertThat(replay(seed)).as("digest of MLC seed %d", seed).isEqualTo(first);
    }

    /** The digest of a run, and how it failed if it did: replays must agree either way. */
    private static String replay(long seed) {
        Simulation simulation = new Simulation(seed);
        try {
            return simulation.run();
        } catch (AssertionError e) {
            return simulation.digest() + " then " + e.getMessage();
        }
    }

    private static void runSeed(long seed) {
        try {
            new Simulation(seed).run();
        } catch (AssertionError | RuntimeException e) {
            throw new AssertionError("seed " + seed + ": " + e.getMessage() + " (replay with -D" + SEED_PROPERTY + "=" + seed + ")", e);
        }
    }

    // ---- the model

    /** Where one side of a channel is, as its application sees it. */
    enum Phase {
        /** The peer asked to open; our ChannelAccepted has not come yet (or never will: refused, reset). */
        AWAITING,
        /** We asked to open; our Completed has not come yet. */
        OPENING,
        /** Data flows. */
        OPEN,
        /** We asked to close; our Completed has not come yet. Nothing more is read. */
        CLOSING,
        /** The engine reported ChannelClosed (peer close or reset): what arrived is still readable. */
        PEER_CLOSED,
        /** The engine forgot the channel. */
        DONE
    }

    /** Bytes one side writes on one channel, and how far the other side has read them. */
    static final class Flow {
        private final long salt;
        /** Bytes the writer's engine took. */
        long written;
        /** Bytes the reader got back, all checked. */
        long read;
        /** Offsets where messages end, written but not yet read past (packet channels). */
        final ArrayDeque<Long> boundaries = new ArrayDeque<>();
        /** Bytes of the current message still to write (packet channels). */
        long messageLeft;
        /** The writer closed after everything was sent: the reader must get every byte. */
        boolean expectAll;

        Flow(long salt) {
            this.salt = salt;
        }

        /** The byte at {@code offset} of this flow: a hash, so a lost, doubled or swapped piece shows. */
        byte at(long offset) {
            long x = (salt + offset) * 0x9E3779B97F4A7C15L;
            return (byte) (x ^ (x >>> 29) ^ (x >>> 47));
        }

        /** The next {@code length} bytes to write. */
        byte[] next(int length) {
            byte[] data = new byte[length];
            for (int i = 0; i < length; i++) {
                data[i] = at(written + i);
            }
            return data;
        }

        /** Records a write: {@code taken} bytes accepted; {@code endOfMessage} asked for a message end. */
        void wrote(int asked, int taken, boolean endOfMessage, ChannelMode mode) {
            written += taken;
            if (mode == ChannelMode.PACKET) {
                messageLeft -= taken;
                if (endOfMessage && taken == asked) {
                    boundaries.add(written);
                }
            }
        }

        /** Checks what one read copied into {@code got} (from 0) against what was written, then advances. */
        void checkRead(Object reader, ByteBuffer got, ReadResult r, ChannelMode mode) {
            check(r.bytes() == got.position(), reader + ": read says " + r.bytes() + " bytes but copied " + got.position());
            check(read + r.bytes() <= written, reader + ": read " + r.bytes() + " bytes more than were written");
            for (int i = 0; i < r.bytes(); i++) {
                check(got.get(i) == at(read + i), reader + ": byte " + (read + i) + " differs (lost, doubled or reordered data)");
            }
            long after = read + r.bytes();
            Long boundary = boundaries.peek();
            if (mode == ChannelMode.PACKET) {
                check(boundary == null || after <= boundary, reader + ": read crossed the message end at " + boundary + " (to " + after + ")");
                check(r.endOfMessage() == (boundary != null && after == boundary), reader + ": read to " + after
                        + " says end of message " + r.endOfMessage() + " but the next message ends at " + boundary);
                if (r.endOfMessage()) {
                    boundaries.poll();
                }
            } else {
                check(!r.endOfMessage(), reader + ": a stream channel reported a message end");
            }
            read = after;
            check(!r.endOfChannel() || !expectAll || read == written, reader + ": the peer closed after sending everything, but only "
                    + read + " of " + written + " bytes arrived");
        }
    }

    /** One side of a channel. */
    static final class Endpoint {
        final Role role;
        final ModelChannel channel;
        /** What this side writes. */
        final Flow out;
        /** Agreed packet sizes both engines must report, header included; 0 disables a direction. */
        final int expectedSend;
        final int expectedReceive;
        Phase phase = Phase.AWAITING;
        long id = -1;
        /** A read reported the end of the channel. */
        boolean atEnd;

        Endpoint(Role role, ModelChannel channel, long salt, int expectedSend, int expectedReceive) {
            this.role = role;
            this.channel = channel;
            this.out = new Flow(salt);
            this.expectedSend = expectedSend;
            this.expectedReceive = expectedReceive;
        }

        /** What the other side writes to this one. */
        Flow in() {
            return peer().out;
        }

        Endpoint peer() {
            return role == Role.HOST ? channel.peripheral : channel.host;
        }

        @Override
        public String toString() {
            return role + " end of " + channel.key + " (id " + id + ", " + phase + ", wrote " + out.written + ", read "
                    + in().read + " of " + in().written + ", message left " + out.messageLeft + ", ends " + in().boundaries + ")";
        }
    }

    /** A channel incarnation, from the open request until both sides forgot it. */
    static final class ModelChannel {
        final ChannelKey key;
        final ChannelMode mode;
        final Endpoint host;
        final Endpoint peripheral;

        ModelChannel(ChannelKey key, ChannelMode mode, long salt, int hostToPeripheral, int peripheralToHost) {
            this.key = key;
            this.mode = mode;
            this.host = new Endpoint(Role.HOST, this, salt, hostToPeripheral, peripheralToHost);
            this.peripheral = new Endpoint(Role.PERIPHERAL, this, salt + (1L << 40), peripheralToHost, hostToPeripheral);
        }

        Endpoint side(Role role) {
            return role == Role.HOST ? host : peripheral;
        }

        List<Endpoint> sides() {
            return List.of(host, peripheral);
        }

        boolean done() {
            return host.phase == Phase.DONE && peripheral.phase == Phase.DONE;
        }
    }

    static void check(boolean condition, String message) {
        if (!condition) {
            throw new AssertionError(message);
        }
    }
}
