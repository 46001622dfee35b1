package org.dot4j.conform;

import java.io.IOException;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.dot4j.wire.MalformedTransactionException;
import org.dot4j.wire.MlcCodec;
import org.dot4j.wire.ResultCode;
import org.dot4j.wire.Revision;
import org.dot4j.wire.Transaction;
import org.dot4j.wire.Transaction.*;
import org.dot4j.wire.TransactionCodec;
import org.dot4j.wire.WireFormat;

/**
 * The peripheral the judge plays in the host role: a strict but plain 1284.4 / Epson / MLC device with PRINT (2),
 * EPSON-DATA (0x40) and HP-MESSAGE (1) as sinks, answering every command by the reference while it notes what the
 * host does in {@link HostObservations}. Its credit is deliberately stingy, so that a host must show how it gets
 * more: one credit with OpenChannelReply, {@link #CREDIT_STEP} per CreditRequest, and at 0x20 and in MLC a pushed
 * Credit command of {@link #CREDIT_STEP} each time the host runs dry (HP devices push and HPLIP's DOT4 and MLC
 * "gusher" hosts wait for it, §5.3, §6.2; Epson hosts cannot take one, §12.5).
 *
 * <p>Not thread-safe: plays on the caller's thread.
 */
final class PlayedPeripheral {

    /** The services offered, by name (reference §8). */
    static final Map<String, Integer> SERVICES = Map.of("PRINT", 2, "EPSON-DATA", 0x40, "HP-MESSAGE", 1);
    /** Largest packet granted each way: small, so a job needs many packets and much credit. */
    static final int MAX_PACKET = 1024;
    /** Credit granted per CreditRequest and per pushed Credit. */
    static final int CREDIT_STEP = 4;

    private final Wire wire;
    private final Duration idle;
    private final Duration limit;
    private final HostObservations seen = new HostObservations();
    private final Set<Integer> askedSockets = new HashSet<>();
    private boolean dry;

    /**
     * Plays on {@code wire}; the host is done when the link ends or it is silent for {@code idle}, and judged
     * after {@code limit} at the latest (a host that streams forever still gets a verdict).
     */
    PlayedPeripheral(Wire wire, Duration idle, Duration limit) {
        this.wire = wire;
        this.idle = idle;
        this.limit = limit;
        wire.answerReverseCommands(false);
    }

    /** Plays the whole conversation and returns what the host did. */
    HostObservations play() throws IOException {
        long end = System.nanoTime() + limit.toNanos();
        while (true) {
            if (System.nanoTime() - end > 0) {
                seen.ending = "judged after the limit of " + limit.toMillis() + " ms, the host still talking";
                break;
            }
            Optional<Packet> p = wire.next(idle);
            if (p.isEmpty()) {
                seen.ending = wire.ended().orElse("the host sent nothing for " + idle.toMillis() + " ms");
                break;
            }
            try {
                if (p.get().isTransaction()) {
                    onTransaction(p.get());
                } else {
                    onData(p.get());
                }
            } catch (IOException e) {
                // A host may hang up while we answer it (escputil does, §12.9): the conversation is over, not broken.
                seen.ending = "the host closed the link before our answer went out (" + e.getMessage() + ")";
                break;
            }
        }
        seen.violations = wire.books().violations();
        seen.transcript = wire.transcript();
        return seen;
    }

    private void onData(Packet p) throws IOException {
        int psid = p.header().primarySocket();
        int ssid = p.header().secondarySocket();
        seen.dataPackets++;
        seen.dataBytes += p.bytes().length - WireFormat.HEADER_SIZE;
        if (dry) {
            seen.dataAfterRunningOut++;
            dry = false;
        }
        if (wire.books().isOpen(psid, ssid) && wire.books().toPeer(psid, ssid) <= 0) {
            dry = true;
            seen.ranOutOfCredit++;
            if (!Revision.usesDraftLayouts(wire.revision())) {
                seen.creditsPushed++;
                wire.send(new Credit(psid, ssid, CREDIT_STEP));
            }
        }
    }

    private void onTransaction(Packet p) throws IOException {
        Transaction t;
        try {
            t = p.decode(wire.revision());
        } catch (MalformedTransactionException e) {
            seen.undecodable.add(e.getMessage() + ": " + p.hex());
            if (wire.revision() == Revision.IEEE_1284_4) {
                wire.send(ErrorPacket.of(e.errorCode(), 0, 0));
            }
            return;
        }
        if (t instanceof Reply r) {
            if (r instanceof CreditReply && seen.creditRepliesFromHost < seen.creditsPushed) {
                seen.creditRepliesFromHost++;
            } else {
                seen.undecodable.add("a reply that answers nothing we sent: " + p.hex());
            }
            return;
        }
        if (!(t instanceof EpsonPacking) && seen.firstCommand == null) {
            seen.firstCommand = t.getClass().getSimpleName();
        }
        checkHeader(p, t);
        answer(t);
    }

    /** Transaction credit 1 on every command, 0 on Error and in MLC (§3.2, §5.2); LENGTH as its layout has it. */
    private void checkHeader(Packet p, Transaction t) {
        boolean mlc = t instanceof Init i ? Revision.isMlc(i.revision()) : Revision.isMlc(wire.revision()) && !(t instanceof EpsonPacking);
        int expectedCredit = t instanceof ErrorPacket ? 0 : mlc ? MlcCodec.TRANSACTION_CREDIT : TransactionCodec.TRANSACTION_CREDIT;
        if (p.header().credit() != expectedCredit) {
            seen.wrongTransactionCredit.add(t.getClass().getSimpleName() + " with credit " + p.header().credit()
                    + " where §3.2 has " + expectedCredit + ": " + p.hex());
        }
        int layout = t instanceof EpsonPacking ? CaseContext.lengthOf(t, Revision.EPSON_DRAFT) : CaseContext.lengthOf(t, wire.revision());
        if (p.header().length() != layout) {
            seen.wrongLengths.add(t.getClass().getSimpleName() + " of LENGTH " + p.header().length() + " where "
                    + Revision.describe(wire.revision()) + " has " + layout + ": " + p.hex());
        }
    }

    private void answer(Transaction t) throws IOException {
        switch (t) {
            case EpsonPacking e -> {
                seen.sentEntry = true;
                wire.send(new EpsonPackingReply(ResultCode.SUCCESS));
            }
            case Init i -> {
                seen.initRevisions.add(i.revision());
                boolean ok = Revision.isSupported(i.revision());
                wire.send(new InitReply(ok ? ResultCode.SUCCESS : ResultCode.REVISION_NOT_SUPPORTED, ok ? i.revision() : Revision.IEEE_1284_4));
                if (ok) {
                    wire.speak(i.revision());
                    wire.books().closedAll();
                    askedSockets.clear();
                }
            }
            case GetSocketId g -> {
                Integer socket = SERVICES.get(g.serviceName().toUpperCase(java.util.Locale.ROOT));
                if (socket != null) {
                    askedSockets.add(socket);
                }
                wire.send(new GetSocketIdReply(socket == null ? ResultCode.SERVICE_NAME_NOT_FOUND : ResultCode.SUCCESS,
                        socket == null ? 0 : socket, g.serviceName()));
            }
            case GetServiceName g -> {
                String name = SERVICES.entrySet().stream().filter(e -> e.getValue() == g.socketId()).map(Map.Entry::getKey)
                        .findFirst().orElse("");
                wire.send(new GetServiceNameReply(name.isEmpty() ? ResultCode.SERVICE_NOT_AVAILABLE : ResultCode.SUCCESS, g.socketId(), name));
            }
            case OpenChannel o -> wire.send(open(o));
            case ConfigSocket c -> wire.send(new ConfigSocketReply(ResultCode.SUCCESS, Math.min(c.maxHostToPeripheral(), MAX_PACKET),
                    Math.min(c.maxPeripheralToHost(), MAX_PACKET), c.statusLevel()));
            case MlcOpenChannel o -> {
                seen.channelsOpened++;
                wire.books().opened(o.hostSocket(), o.peripheralSocket(), MAX_PACKET, 0);
                wire.books().grantedToPeer(o.hostSocket(), o.peripheralSocket(), 1);
                wire.send(new MlcOpenChannelReply(ResultCode.SUCCESS, 1));
            }
            case CreditRequest r -> {
                seen.creditRequests++;
                boolean open = wire.books().isOpen(r.primarySocket(), r.secondarySocket());
                if (open) {
                    wire.books().grantedToPeer(r.primarySocket(), r.secondarySocket(), CREDIT_STEP);
                }
                wire.send(new CreditRequestReply(open ? ResultCode.SUCCESS : ResultCode.CHANNEL_NOT_OPEN,
                        r.primarySocket(), r.secondarySocket(), open ? CREDIT_STEP : 0));
            }
            case Credit c -> wire.send(new CreditReply(wire.books().isOpen(c.primarySocket(), c.secondarySocket())
                    ? ResultCode.SUCCESS : ResultCode.CHANNEL_NOT_OPEN, c.primarySocket(), c.secondarySocket()));
            case CloseChannel c -> {
                boolean open = wire.books().isOpen(c.primarySocket(), c.secondarySocket());
                if (open) {
                    seen.channelsClosed++;
                    wire.books().closed(c.primarySocket(), c.secondarySocket());
                }
                wire.send(new CloseChannelReply(open ? ResultCode.SUCCESS : ResultCode.CHANNEL_NOT_OPEN, c.primarySocket(), c.secondarySocket()));
            }
            case Exit e -> {
                seen.exits++;
                wire.books().closedAll();
                wire.send(new ExitReply(ResultCode.SUCCESS));
            }
            case ErrorPacket e -> seen.undecodable.add("the host sent Error " + e.errorCode() + " about " + e.primarySocket() + "/" + e.secondarySocket());
            default -> seen.undecodable.add("unexpected " + t);
        }
    }

    private Reply open(OpenChannel o) {
        int psid = o.primarySocket();
        int ssid = o.secondarySocket();
        if (psid != ssid) {
            seen.unpairedSockets.add(o.toString());
        }
        if (!askedSockets.contains(ssid)) {
            seen.openedUnasked.add("OpenChannel " + psid + "/" + ssid + " without GetSocketID first");
        }
        boolean badSize = bad(o.maxPrimaryToSecondary()) || bad(o.maxSecondaryToPrimary())
                || o.maxPrimaryToSecondary() == 0 && o.maxSecondaryToPrimary() == 0;
        if (badSize) {
            seen.badSizes.add(o.toString());
            return new OpenChannelReply(ResultCode.INVALID_PACKET_SIZE, psid, ssid, 0, 0, 0, 0);
        }
        if (!SERVICES.containsValue(ssid)) {
            return new OpenChannelReply(ResultCode.SERVICE_NOT_AVAILABLE, psid, ssid, 0, 0, 0, 0);
        }
        int toUs = Math.min(o.maxPrimaryToSecondary(), MAX_PACKET);
        int toHost = Math.min(o.maxSecondaryToPrimary(), MAX_PACKET);
        seen.channelsOpened++;
        wire.books().opened(psid, ssid, toUs, 0);
        wire.books().grantedToPeer(psid, ssid, 1);
        return new OpenChannelReply(ResultCode.SUCCESS, psid, ssid, toUs, toHost, WireFormat.MAX_CREDIT, 1);
    }

    private static boolean bad(int size) {
        return size > 0 && size < WireFormat.MIN_NONZERO_PACKET_SIZE;
    }
}
