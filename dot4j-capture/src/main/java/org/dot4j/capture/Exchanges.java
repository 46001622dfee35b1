package org.dot4j.capture;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.dot4j.wire.Opcode;
import org.dot4j.wire.ResultCode;
import org.dot4j.wire.Revision;
import org.dot4j.wire.Transaction;
import org.dot4j.wire.Transaction.*;

/**
 * The transaction side of a decoded conversation: the dialect (the last Init's revision, Epson's entry packet), the
 * commands each side has outstanding and the replies that answer them (reference §5.2: one at a time in practice, so a
 * reply is matched to the oldest command of its opcode from the other side), service names from GetSocketID and
 * GetServiceName, and what each answered command did to its channel (opened with sizes and credit, credit granted or
 * taken back, closed). Not thread-safe.
 */
final class Exchanges {

    /** Outstanding commands kept per side and opcode; beyond this the oldest is reported unanswered. */
    private static final int MAX_OUTSTANDING = 64;

    private record Outstanding(long timeNanos, Direction from, Transaction command) {}

    private final Conversation conversation;
    private final Map<Integer, ArrayDeque<Outstanding>> outstanding = new HashMap<>();
    private final Map<Integer, String> services = new HashMap<>();
    /** MLC ConfigSocket's sizes per socket: {host to peripheral, peripheral to host}. */
    private final Map<Integer, int[]> mlcSizes = new HashMap<>();
    private final List<DecodeEvent.Note> dropped = new ArrayList<>();
    private int dialect = -1;
    private boolean epsonEntry;
    private boolean sawInit;

    Exchanges(Conversation conversation) {
        this.conversation = conversation;
    }

    /** The revision of the last Init, -1 before one. */
    int dialect() {
        return dialect;
    }

    /** True once an Init was seen: from then on every channel's state is known. */
    boolean sawInit() {
        return sawInit;
    }

    /** "IEEE 1284.4 (0x20)", "Epson draft (0x10) after Epson's entry packet", "HP MLC (0x03)". */
    String describeDialect() {
        if (dialect < 0) {
            return epsonEntry ? "Epson entry packet, no Init seen" : "unknown (no Init seen)";
        }
        return Revision.describe(dialect) + (epsonEntry ? " after Epson's entry packet" : "");
    }

    /** The service name of a channel, from the peripheral's socket (or the host's, for a channel it opened). */
    String serviceOf(int ssid, int psid) {
        return services.getOrDefault(ssid, services.getOrDefault(psid, ""));
    }

    /** A transaction that did not decode: a reply still answers its command, so that command is no longer outstanding. */
    void undecodable(Direction from, int commandByte) {
        if (commandByte >= Opcode.REPLY_BIT) {
            queue(from.reverse(), commandByte & ~Opcode.REPLY_BIT).pollFirst();
        }
    }

    /** True while {@code from} has a command of {@code opcode} unanswered. */
    boolean isOutstanding(Direction from, int opcode) {
        ArrayDeque<Outstanding> q = outstanding.get(from.ordinal() << 8 | opcode);
        return q != null && !q.isEmpty();
    }

    /** True while {@code from} has any command unanswered. */
    boolean awaitsReply(Direction from) {
        return outstanding.entrySet().stream().anyMatch(e -> e.getKey() >> 8 == from.ordinal() && !e.getValue().isEmpty());
    }

    /** Commands still outstanding at the end of the capture, and those dropped for too many outstanding; at their times. */
    List<DecodeEvent.Note> unanswered() {
        List<DecodeEvent.Note> out = new ArrayList<>(dropped);
        outstanding.values().forEach(q -> q.forEach(o -> out.add(noReply(o))));
        out.sort((a, b) -> Long.compare(a.timeNanos(), b.timeNanos()));
        return out;
    }

    /**
     * Follows {@code t} sent by {@code from}: records commands, matches replies and applies their effects.
     *
     * @return the channel the transaction is about, when it names one
     */
    Optional<ChannelState> apply(Direction from, Transaction t, long now, List<Violation> found) {
        return switch (t) {
            case Reply r -> reply(from, r, now, found);
            case ErrorPacket e -> {
                found.add(new Violation(Rule.ERROR_PACKET, who(from) + " reports " + TransactionText.error(e.code())
                        + (e.primarySocket() != 0 || e.secondarySocket() != 0 ? " on " + e.primarySocket() + "/" + e.secondarySocket() : "")));
                yield Optional.empty();
            }
            case Command c -> command(from, c, now);
        };
    }

    private Optional<ChannelState> command(Direction from, Command c, long now) {
        if (c instanceof Init i) { // a new conversation: every channel closed, names forgotten (§4.6)
            sawInit = true;
            dialect = i.revision();
            services.clear();
            mlcSizes.clear();
            conversation.channels().forEach(ChannelState::closed);
        } else if (c instanceof EpsonPacking) {
            epsonEntry = true;
        }
        ArrayDeque<Outstanding> q = queue(from, c.opcode().wire());
        if (q.size() == MAX_OUTSTANDING) {
            dropped.add(noReply(q.pollFirst()));
        }
        q.addLast(new Outstanding(now, from, c));
        return switch (c) {
            case Credit k -> {
                ChannelState ch = conversation.channel(k.primarySocket(), k.secondarySocket());
                ch.grant(from.reverse(), k.credit(), now); // usable once received; taken back if refused
                yield Optional.of(ch);
            }
            case CreditRequest k -> {
                ChannelState ch = conversation.channel(k.primarySocket(), k.secondarySocket());
                ch.asked(from, now);
                yield Optional.of(ch);
            }
            case OpenChannel o -> Optional.of(conversation.channel(o.primarySocket(), o.secondarySocket()));
            case MlcOpenChannel o -> Optional.of(conversation.channel(o.hostSocket(), o.peripheralSocket()));
            case CloseChannel k -> Optional.of(conversation.channel(k.primarySocket(), k.secondarySocket()));
            default -> Optional.empty();
        };
    }

    private Optional<ChannelState> reply(Direction from, Reply r, long now, List<Violation> found) {
        Direction requester = from.reverse();
        Outstanding o = queue(requester, r.opcode().wire()).pollFirst();
        if (o == null) {
            found.add(new Violation(Rule.UNMATCHED_REPLY, r.opcode() + " reply from " + who(from) + ", but the "
                    + who(requester) + " has no " + r.opcode() + " outstanding"));
            return Optional.empty();
        }
        boolean ok = r.succeeded();
        return switch (r) {
            case InitReply i -> {
                if (!ok) {
                    dialect = -1;
                }
                yield Optional.empty();
            }
            case OpenChannelReply k -> {
                OpenChannel c = (OpenChannel) o.command();
                ChannelState ch = conversation.channel(c.primarySocket(), c.secondarySocket());
                if (ok || r.result() == ResultCode.CHANNEL_ALREADY_OPEN) {
                    ch.opened(k.maxPrimaryToSecondary(), k.maxSecondaryToPrimary());
                    ch.grant(requester, k.credit(), now); // the replier grants the opener (§5.1 item 3)
                }
                yield Optional.of(ch);
            }
            case MlcOpenChannelReply k -> {
                MlcOpenChannel c = (MlcOpenChannel) o.command();
                ChannelState ch = conversation.channel(c.hostSocket(), c.peripheralSocket());
                if (ok) {
                    int[] sizes = mlcSizes.getOrDefault(c.peripheralSocket(), mlcSizes.getOrDefault(c.hostSocket(), new int[] {-1, -1}));
                    ch.opened(sizes[0], sizes[1]);
                    ch.grant(requester.reverse(), c.credit(), now); // "credit sender will accept from receiver" (§6.1)
                    ch.grant(requester, k.credit(), now);
                }
                yield Optional.of(ch);
            }
            case ConfigSocketReply k -> {
                if (ok) {
                    mlcSizes.put(((ConfigSocket) o.command()).socket(),
                            new int[] {k.maxHostToPeripheral(), k.maxPeripheralToHost()});
                }
                yield Optional.empty();
            }
            case CloseChannelReply k -> {
                CloseChannel c = (CloseChannel) o.command();
                ChannelState ch = conversation.channel(c.primarySocket(), c.secondarySocket());
                if (ok) {
                    ch.closed();
                }
                yield Optional.of(ch);
            }
            case CreditReply k -> {
                Credit c = (Credit) o.command();
                ChannelState ch = conversation.channel(c.primarySocket(), c.secondarySocket());
                if (!ok) { // "previous credit remains valid": the grant did not happen (§5.1)
                    ch.grant(requester.reverse(), -c.credit(), now);
                }
                yield Optional.of(ch);
            }
            case CreditRequestReply k -> {
                CreditRequest c = (CreditRequest) o.command();
                ChannelState ch = conversation.channel(c.primarySocket(), c.secondarySocket());
                ch.grant(requester, k.credit(), now);
                yield Optional.of(ch);
            }
            case ExitReply k -> {
                if (ok) {
                    conversation.channels().forEach(ChannelState::closed);
                }
                yield Optional.empty();
            }
            case GetSocketIdReply k -> {
                if (ok) {
                    String name = k.serviceName().isEmpty() ? ((GetSocketId) o.command()).serviceName() : k.serviceName();
                    name(k.socketId(), name);
                }
                yield Optional.empty();
            }
            case GetServiceNameReply k -> {
                if (ok && !k.serviceName().isEmpty()) {
                    name(((GetServiceName) o.command()).socketId(), k.serviceName());
                }
                yield Optional.empty();
            }
            case EpsonPackingReply k -> Optional.empty();
        };
    }

    private void name(int socket, String name) {
        services.put(socket, name);
        conversation.channels().forEach(ch -> {
            if (ch.ssid == socket) {
                ch.service = name;
            }
        });
    }

    private ArrayDeque<Outstanding> queue(Direction from, int opcode) {
        return outstanding.computeIfAbsent(from.ordinal() << 8 | opcode, k -> new ArrayDeque<>());
    }

    private DecodeEvent.Note noReply(Outstanding o) {
        return new DecodeEvent.Note(conversation.link(), o.timeNanos(), List.of(new Violation(Rule.NO_REPLY,
                TransactionText.describe(o.command()) + " from " + who(o.from()) + " was never answered")));
    }

    private static String who(Direction from) {
        return from == Direction.HOST_TO_PERIPHERAL ? "host" : "peripheral";
    }
}
