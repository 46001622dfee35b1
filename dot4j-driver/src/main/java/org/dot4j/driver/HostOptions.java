package org.dot4j.driver;

import java.time.Duration;
import java.util.Locale;
import org.dot4j.engine.EngineConfig;
import org.dot4j.engine.MlcFlow;
import org.dot4j.wire.Revision;

/**
 * How a host starts a conversation.
 *
 * @param revision Init revision: 0x20 for HP-style peripherals (refused with "revision not supported", the host tries
 *     HP MLC), 0x10 for Epson, 3 for HP MLC
 * @param epsonEntry send Epson's entry packet before Init (reference §7.3); links take it from {@code ?epson-entry}
 * @param replyTimeout how long each transaction waits for its reply
 * @param mlcFlow how an MLC host gets send credit (reference §6.2); links take it from {@code ?mlc=gusher|miser}
 */
public record HostOptions(int revision, boolean epsonEntry, Duration replyTimeout, MlcFlow mlcFlow) {

    /** Checks the flow is given. */
    public HostOptions {
        if (mlcFlow == null) {
            throw new IllegalArgumentException("mlcFlow is null");
        }
    }

    /** Options with MLC's default flow, {@link MlcFlow#GUSHER}. */
    public HostOptions(int revision, boolean epsonEntry, Duration replyTimeout) {
        this(revision, epsonEntry, replyTimeout, MlcFlow.GUSHER);
    }

    /** IEEE 1284.4 (0x20), no entry packet, 10 s replies. */
    public static HostOptions defaults() {
        return new HostOptions(Revision.IEEE_1284_4, false, EngineConfig.DEFAULT_REPLY_TIMEOUT);
    }

    /** What Epson printers expect: revision 0x10 after the entry packet. */
    public static HostOptions epson() {
        return new HostOptions(Revision.EPSON_DRAFT, true, EngineConfig.DEFAULT_REPLY_TIMEOUT);
    }

    /** HP MLC (revision 3) with {@code flow}, 10 s replies. */
    public static HostOptions mlc(MlcFlow flow) {
        return new HostOptions(Revision.HP_MLC, false, EngineConfig.DEFAULT_REPLY_TIMEOUT, flow);
    }

    /**
     * The flow a URI's {@code ?mlc} value names: empty or {@code gusher} (HPLIP's default, {@code io-mfp-mode} 6),
     * {@code miser} ({@code io-mfp-mode} 7).
     *
     * @throws IllegalArgumentException for any other value
     */
    public static MlcFlow mlcFlowOf(String queryValue) {
        return switch (queryValue.toLowerCase(Locale.ROOT)) {
            case "", "gusher" -> MlcFlow.GUSHER;
            case "miser" -> MlcFlow.MISER;
            default -> throw new IllegalArgumentException("?mlc=" + queryValue + " is neither gusher (the default) nor miser");
        };
    }

    /** The same options with another reply timeout. */
    public HostOptions withReplyTimeout(Duration timeout) {
        return new HostOptions(revision, epsonEntry, timeout, mlcFlow);
    }

    EngineConfig engineConfig() {
        return EngineConfig.host(revision).withReplyTimeout(replyTimeout).withMlcFlow(mlcFlow);
    }
}
