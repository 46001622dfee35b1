package org.dot4j.engine;

import java.time.Duration;
import org.dot4j.wire.Revision;

/**
 * Settings of one {@link LinkEngine}.
 *
 * @param role host or peripheral
 * @param revision the revision a host sends in Init (0x20 for HP-style peers, 0x10 for Epson, 3 for HP MLC; a driver
 *     sends Epson's entry packet first with {@link LinkEngine#requestEpsonEntry()}); a 0x20 host that is refused
 *     with "revision not supported" tries MLC; a peripheral answers with whatever supported revision it is asked for
 * @param replyTimeoutNanos how long a command waits for its reply before it fails
 * @param creditRetryNanos pause before asking again after a CreditRequest was answered with 0 credit
 * @param sendBufferSize bytes a channel queues for sending before writers must wait
 * @param mlcFlow how an MLC host gets send credit; a gusher waits one reply timeout for a pushed grant
 * @param maxChannels channels open or awaiting the application's close at once on this link; beyond it an
 *     OpenChannel is refused (ours with {@link Failure#NO_RESOURCES}, the peer's with "insufficient resources")
 */
public record EngineConfig(Role role, int revision, long replyTimeoutNanos,
                           long creditRetryNanos, int sendBufferSize, MlcFlow mlcFlow, int maxChannels) {

    /** Reply wait: HPLIP waits 4 s for a header and 45 s in all; GP 10 s. 10 s covers slow firmware. */
    public static final Duration DEFAULT_REPLY_TIMEOUT = Duration.ofSeconds(10);
    /** CreditRequest poll interval after a zero grant (GP polls every 10 ms, EC 50 ms). */
    public static final Duration DEFAULT_CREDIT_RETRY = Duration.ofMillis(20);
    /** Send queue per channel. */
    public static final int DEFAULT_SEND_BUFFER = 256 * 1024;
    /**
     * Channels per link: d4drvif's DOT4_MAX_CHANNELS, what Windows drivers and their callers expect. The wire allows
     * one channel per socket pair (up to 254 x 254); the engine's tables take any number, so this is policy.
     */
    public static final int DEFAULT_MAX_CHANNELS = 128;

    /** Checks the revision is one dot4j speaks and the sizes are positive. */
    public EngineConfig {
        if (!Revision.isSupported(revision)) {
            throw new IllegalArgumentException("revision " + Revision.describe(revision) + " is not supported; use 0x20, 0x10 or 3");
        }
        if (mlcFlow == null) {
            throw new IllegalArgumentException("mlcFlow is null");
        }
        if (replyTimeoutNanos <= 0 || creditRetryNanos <= 0 || sendBufferSize <= 0 || maxChannels <= 0) {
            throw new IllegalArgumentException("timeouts, buffer sizes and the channel limit must be positive");
        }
    }

    /** Settings with MLC's default flow control, {@link MlcFlow#GUSHER}, and {@link #DEFAULT_MAX_CHANNELS}. */
    public EngineConfig(Role role, int revision, long replyTimeoutNanos, long creditRetryNanos, int sendBufferSize) {
        this(role, revision, replyTimeoutNanos, creditRetryNanos, sendBufferSize, MlcFlow.GUSHER);
    }

    /** Settings with {@link #DEFAULT_MAX_CHANNELS}. */
    public EngineConfig(Role role, int revision, long replyTimeoutNanos, long creditRetryNanos, int sendBufferSize,
                        MlcFlow mlcFlow) {
        this(role, revision, replyTimeoutNanos, creditRetryNanos, sendBufferSize, mlcFlow, DEFAULT_MAX_CHANNELS);
    }

    /** Defaults for a host speaking {@code revision}. */
    public static EngineConfig host(int revision) {
        return new EngineConfig(Role.HOST, revision, DEFAULT_REPLY_TIMEOUT.toNanos(),
                DEFAULT_CREDIT_RETRY.toNanos(), DEFAULT_SEND_BUFFER);
    }

    /** Defaults for a peripheral. */
    public static EngineConfig peripheral() {
        return new EngineConfig(Role.PERIPHERAL, Revision.IEEE_1284_4, DEFAULT_REPLY_TIMEOUT.toNanos(),
                DEFAULT_CREDIT_RETRY.toNanos(), DEFAULT_SEND_BUFFER);
    }

    /** The same settings with another reply timeout. */
    public EngineConfig withReplyTimeout(Duration timeout) {
        return new EngineConfig(role, revision, timeout.toNanos(), creditRetryNanos, sendBufferSize, mlcFlow, maxChannels);
    }

    /** The same settings with another MLC flow control. */
    public EngineConfig withMlcFlow(MlcFlow flow) {
        return new EngineConfig(role, revision, replyTimeoutNanos, creditRetryNanos, sendBufferSize, flow, maxChannels);
    }

    /** The same settings with another channel limit (above d4drvif's 128 for a peer that needs more). */
    public EngineConfig withMaxChannels(int channels) {
        return new EngineConfig(role, revision, replyTimeoutNanos, creditRetryNanos, sendBufferSize, mlcFlow, channels);
    }
}
