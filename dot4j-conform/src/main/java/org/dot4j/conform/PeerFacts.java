package org.dot4j.conform;

import java.io.IOException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.dot4j.wire.Opcode;
import org.dot4j.wire.Revision;
import org.dot4j.wire.Transaction.GetSocketId;
import org.dot4j.wire.Transaction.GetSocketIdReply;

/**
 * What the suite learns about the peer once and shares between cases: which revisions it accepts, whether it
 * answers Epson's entry packet, which services it names. Each fact is probed on a fresh link of its own the first
 * time a case needs it.
 *
 * <p>Not thread-safe: cases run one after another.
 */
final class PeerFacts {

    /** Services the cases use, by the names peripherals give them (reference §8). */
    static final List<String> SERVICES = List.of("ECHO", "EPSON-CTRL", "PRINT", "EPSON-DATA", "HP-MESSAGE");

    private final Connector connector;
    private final Settings settings;
    private final Map<Integer, Boolean> speaks = new HashMap<>();
    private Boolean answersEntry;
    private Map<String, Integer> sockets;

    PeerFacts(Connector connector, Settings settings) {
        this.connector = connector;
        this.settings = settings;
    }

    /** True when the peer answered the entry packet with EpsonPackingReply. */
    boolean answersEntry() throws IOException {
        if (answersEntry == null) {
            try (CaseContext c = probe()) {
                c.wire().send(org.dot4j.wire.Transaction.EpsonPacking.entry());
                answersEntry = c.wire().nextTransaction(settings.timeout())
                        .filter(p -> p.commandByte() == Opcode.EPSON_PACKING.replyWire()).isPresent();
            }
        }
        return answersEntry;
    }

    /** True when the entry packet goes before Init of {@code revision}. */
    boolean needsEntry(int revision) throws IOException {
        if (Revision.isMlc(revision)) {
            return false;
        }
        return settings.epsonEntry() || revision == Revision.EPSON_DRAFT && answersEntry();
    }

    /** True when the peer accepts Init with {@code revision} (after the entry packet where it needs one). */
    boolean speaks(int revision) throws IOException {
        Boolean known = speaks.get(revision);
        if (known == null) {
            try (CaseContext c = probe()) {
                known = c.tryInit(revision);
            }
            speaks.put(revision, known);
        }
        return known;
    }

    /** The socket the peer names for {@code service} at the run's revision, empty when it names none. */
    OptionalInt socketOf(String service) throws IOException {
        if (sockets == null) {
            sockets = new LinkedHashMap<>();
            try (CaseContext c = probe()) {
                if (c.tryInit(settings.revision())) {
                    for (String name : SERVICES) {
                        c.wire().send(new GetSocketId(name));
                        var p = c.wire().nextTransaction(settings.timeout());
                        if (p.isEmpty()) {
                            break;
                        }
                        if (p.get().commandByte() == Opcode.GET_SOCKET_ID.replyWire()
                                && p.get().decode(settings.revision()) instanceof GetSocketIdReply r && r.succeeded() && r.socketId() != 0) {
                            sockets.put(name, r.socketId());
                        }
                    }
                }
            } catch (org.dot4j.wire.MalformedTransactionException e) {
                // a service whose answer does not decode is one the cases cannot use
            }
        }
        Integer s = sockets.get(service);
        return s == null ? OptionalInt.empty() : OptionalInt.of(s);
    }

    /** Every service found, for the report's header. */
    Map<String, Integer> services() throws IOException {
        socketOf(SERVICES.getFirst());
        return Map.copyOf(sockets);
    }

    private CaseContext probe() {
        return new CaseContext(connector, settings, this);
    }
}
