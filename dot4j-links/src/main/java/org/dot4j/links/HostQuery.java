package org.dot4j.links;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.dot4j.driver.HostOptions;
import org.dot4j.wire.Revision;

/**
 * The query keys a host reads from the URI of any link it connects over, and the {@link HostOptions} they make:
 * {@code ?epson-entry} (Epson's entry packet, then revision 0x10), {@code ?revision=0x10|0x20} (the Init revision),
 * {@code ?mlc[=gusher|miser]} (HP MLC with that credit flow). The command line and the daemon both read them here.
 */
public final class HostQuery {

    /** The keys, as {@link LinkUri} lists them when it refuses another. */
    public static final List<String> KEYS = List.of("epson-entry", "revision", "mlc");

    private HostQuery() {
    }

    /**
     * The options {@code uri}'s query asks for, {@code epson} forcing the entry packet as {@code --epson} does.
     *
     * @throws IllegalArgumentException naming a bad value and the good ones
     */
    public static HostOptions options(LinkUri uri, boolean epson, Duration replyTimeout) {
        String entry = uri.query().get("epson-entry");
        if (entry != null && !entry.isEmpty()) {
            throw new IllegalArgumentException("epson-entry is a flag and takes no value (got \"" + entry
                    + "\"); write ?epson-entry");
        }
        boolean entryPacket = epson || entry != null;
        int revision = entryPacket ? Revision.EPSON_DRAFT : Revision.IEEE_1284_4;
        String asked = uri.query().get("revision");
        if (asked != null) {
            revision = switch (asked.toLowerCase(Locale.ROOT)) {
                case "0x10", "16" -> Revision.EPSON_DRAFT;
                case "0x20", "32" -> Revision.IEEE_1284_4;
                default -> throw new IllegalArgumentException("revision \"" + asked
                        + "\" is neither 0x10 (Epson) nor 0x20 (IEEE 1284.4); for HP MLC write ?mlc");
            };
        }
        String mlc = uri.query().get("mlc");
        if (mlc != null) {
            return new HostOptions(Revision.HP_MLC, entryPacket, replyTimeout, HostOptions.mlcFlowOf(mlc));
        }
        return new HostOptions(revision, entryPacket, replyTimeout);
    }
}
