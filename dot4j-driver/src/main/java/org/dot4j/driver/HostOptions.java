package org.dot4j.driver;

import java.time.Duration;
import org.dot4j.engine.EngineConfig;
import org.dot4j.wire.Revision;

/**
 * How a host starts a conversation.
 *
 * @param revision Init revision: 0x20 for HP-style peripherals, 0x10 for Epson
 * @param epsonEntry send Epson's entry packet before Init (reference §7.3); links take it from {@code ?epson-entry}
 * @param replyTimeout how long each transaction waits for its reply
 */
public record HostOptions(int revision, boolean epsonEntry, Duration replyTimeout) {

    /** IEEE 1284.4 (0x20), no entry packet, 10 s replies. */
    public static HostOptions defaults() {
        return new HostOptions(Revision.IEEE_1284_4, false, EngineConfig.DEFAULT_REPLY_TIMEOUT);
    }

    /** What Epson printers expect: revision 0x10 after the entry packet. */
    public static HostOptions epson() {
        return new HostOptions(Revision.EPSON_DRAFT, true, EngineConfig.DEFAULT_REPLY_TIMEOUT);
    }

    /** The same options with another reply timeout. */
    public HostOptions withReplyTimeout(Duration timeout) {
        return new HostOptions(revision, epsonEntry, timeout);
    }

    EngineConfig engineConfig() {
        return EngineConfig.host(revision).withReplyTimeout(replyTimeout);
    }
}
