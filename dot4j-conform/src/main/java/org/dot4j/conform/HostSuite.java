package org.dot4j.conform;

import static org.dot4j.conform.ConformCase.host;
import static org.dot4j.conform.Level.MUST;
import static org.dot4j.conform.Level.SHOULD;

import java.util.List;
import java.util.Map;
import org.dot4j.wire.Revision;

/**
 * Every case that judges a host, numbered by the reference section each checks, over one conversation with
 * {@link PlayedPeripheral}.
 */
public final class HostSuite {

    /** The reference's title of each section that has host cases. */
    public static final Map<String, String> SECTIONS = Map.of(
            "1.1", "Length, sizes, limits",
            "1.3", "Transaction channel and data channels",
            "2", "Protocol revisions",
            "3.2", "Common transaction header values",
            "3.3", "Layouts",
            "3.5", "Result codes",
            "3.7", "Commands from the peripheral",
            "4.1", "Conversations, step by step",
            "5.1", "Credit rules");

    private HostSuite() {}

    /** All host cases. */
    public static List<ConformCase> cases() {
        return List.of(
                host("1.1.1", MUST, "Every byte from the host frames a packet (no LENGTH below 6)",
                        s -> none(s, CreditBooks.DataViolation.Kind.JUNK)),
                host("1.3.1", SHOULD, "The host opens data channels with PSID = SSID, as every host does (§1.3)",
                        s -> empty(s.unpairedSockets)),
                host("2.1", MUST, "The host's Init names a revision of the reference: 0x20, 0x10 or MLC 3", s -> {
                    ran(!s.initRevisions.isEmpty(), "the host sent no Init");
                    for (int r : s.initRevisions) {
                        fail(!Revision.isSupported(r), "Init named revision " + Revision.describe(r));
                    }
                }),
                host("3.2.1", MUST, "The host's first command is Init (after Epson's entry packet, if it sends one)", s -> {
                    ran(s.firstCommand != null, "the host sent no command");
                    fail(!"Init".equals(s.firstCommand), "the first command was " + s.firstCommand);
                }),
                host("3.2.2", MUST, "Every command carries transaction credit 1 (0 in MLC, and on Error)",
                        s -> empty(s.wrongTransactionCredit)),
                host("3.3.1", MUST, "Every command has the LENGTH of its layout in the host's revision (§3.3, §3.4, §6.1)",
                        s -> empty(s.wrongLengths)),
                host("3.3.2", MUST, "Every transaction packet decodes, and no reply answers nothing",
                        s -> empty(s.undecodable)),
                host("3.5.1", MUST, "OpenChannel asks packet sizes that can carry data (not 1..5, not 0 both ways)", s -> {
                    ran(s.channelsOpened > 0 || !s.badSizes.isEmpty(), "the host opened no channel");
                    empty(s.badSizes);
                }),
                host("3.7.1", SHOULD, "The host answers a Credit the peripheral pushes with CreditReply (§3.7, HPLIP waits for pushes)", s -> {
                    ran(s.creditsPushed > 0, "no Credit was pushed (the host never ran dry at 0x20 or in MLC)");
                    fail(s.creditRepliesFromHost < s.creditsPushed, "the host answered " + s.creditRepliesFromHost
                            + " of " + s.creditsPushed + " pushed Credit commands");
                }),
                host("4.1.1", SHOULD, "The host asks GetSocketID before opening a service's channel (§4.1; EC does not)", s -> {
                    ran(s.channelsOpened > 0, "the host opened no channel");
                    ran(!s.initRevisions.contains(Revision.HP_MLC), "MLC has no GetSocketID");
                    empty(s.openedUnasked);
                }),
                host("4.1.2", SHOULD, "The host closes each channel it opened with CloseChannel (escputil does not, Q-G9)", s -> {
                    ran(s.channelsOpened > 0, "the host opened no channel");
                    fail(s.channelsClosed < s.channelsOpened, "opened " + s.channelsOpened + " channels, closed " + s.channelsClosed);
                }),
                host("4.1.3", SHOULD, "The host ends the conversation with Exit", s -> fail(s.exits == 0, "no Exit; " + s.ending)),
                host("5.1.1", MUST, "The host sends no data without credit",
                        s -> none(s, CreditBooks.DataViolation.Kind.NO_CREDIT)),
                host("5.1.2", MUST, "Data packets fit the agreed primary-to-secondary size (§3.6, 0x83)",
                        s -> none(s, CreditBooks.DataViolation.Kind.TOO_LARGE)),
                host("5.1.3", MUST, "Data goes only to open channels (§3.6, 0x84)",
                        s -> none(s, CreditBooks.DataViolation.Kind.NOT_OPEN)),
                host("5.1.4", MUST, "Out of credit, the host gets more (CreditRequest or a pushed Credit) and goes on", s -> {
                    ran(s.ranOutOfCredit > 0, "the host never used up its credit");
                    fail(s.dataAfterRunningOut == 0, "the host sent no data after it ran out of credit ("
                            + s.creditRequests + " CreditRequests; " + s.ending + ")");
                }));
    }

    private static void none(HostObservations s, CreditBooks.DataViolation.Kind kind) throws CaseFailure {
        empty(s.violations.stream().filter(v -> v.kind() == kind).map(CreditBooks.DataViolation::text).toList());
    }

    private static void empty(List<String> offences) throws CaseFailure {
        fail(!offences.isEmpty(), String.join("; ", offences.subList(0, Math.min(3, offences.size())))
                + (offences.size() > 3 ? " (and " + (offences.size() - 3) + " more)" : ""));
    }

    private static void fail(boolean failed, String why) throws CaseFailure {
        if (failed) {
            throw CaseFailure.failed(why);
        }
    }

    /** Skips the case when the host never did what it checks. */
    private static void ran(boolean happened, String why) throws CaseFailure {
        if (!happened) {
            throw CaseFailure.skipped(why);
        }
    }
}
