package org.dot4j.engine;

import java.nio.ByteBuffer;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import org.dot4j.wire.MalformedTransactionException;
import org.dot4j.wire.Opcode;
import org.dot4j.wire.PacketFramer;
import org.dot4j.wire.PacketHeader;
import org.dot4j.wire.Revision;
import org.dot4j.wire.Transaction;

/**
 * Watches one direction of a simulated link and checks, independently of the engines, that no data packet
 * is sent without credit and none exceeds the agreed size. It learns grants from the reverse direction
 * (Credit commands, CreditRequestReply, OpenChannelReply, piggy-back), so each audit sees both directions.
 * It follows the revision of the last Init; in HP MLC, whose replies name no sockets, a reply concerns the
 * channel of the last command of its kind, and sizes come from ConfigSocket (reference §6.1).
 */
final class WireAudit {

    private final String name;
    private final boolean fromHost;
    private final PacketFramer forward = new PacketFramer();
    private final PacketFramer reverse = new PacketFramer();
    /** Credit the watched sender holds per channel. */
    private final Map<ChannelKey, Integer> credit = new HashMap<>();
    /** Agreed largest packet the watched sender may send per channel. */
    private final Map<ChannelKey, Integer> maxSize = new HashMap<>();
    /** Data packets the watched side sent. */
    long dataPackets;
    /** Commands the watched side sent, by opcode (Error packets included). */
    final Map<Opcode, Integer> commandsSent = new EnumMap<>(Opcode.class);
    /** The revision of the last Init seen either way. */
    private int revision = Revision.IEEE_1284_4;
    /** MLC: the channel or socket the last command of each kind named, for the replies that name none. */
    private final Map<Opcode, ChannelKey> lastCommand = new EnumMap<>(Opcode.class);
    private int lastConfiguredSocket;
    /** MLC: sizes ConfigSocket agreed, by peripheral socket: {host→peripheral, peripheral→host}. */
    private final Map<Integer, int[]> configured = new HashMap<>();

    WireAudit(String name, boolean fromHost) {
        this.name = name;
        this.fromHost = fromHost;
    }

    /** Bytes the watched side sent. */
    void observe(ByteBuffer bytes) {
        while (bytes.hasRemaining()) {
            forward.feed(bytes);
            for (var f = forward.next(); !(f instanceof PacketFramer.Frame.NeedMoreBytes); f = forward.next()) {
                if (f instanceof PacketFramer.Frame.Packet p) {
                    onSent(p.header(), p.body());
                }
            }
        }
    }

    /** Bytes the other side sent (grants to the watched side live there). */
    void observeReverse(ByteBuffer bytes) {
        while (bytes.hasRemaining()) {
            reverse.feed(bytes);
            for (var f = reverse.next(); !(f instanceof PacketFramer.Frame.NeedMoreBytes); f = reverse.next()) {
                if (f instanceof PacketFramer.Frame.Packet p) {
                    onReceived(p.header(), p.body());
                }
            }
        }
    }

    private void onSent(PacketHeader h, ByteBuffer body) {
        if (h.isTransaction()) {
            Transaction t = decode(h, body);
            if (t instanceof Transaction.Command) {
                commandsSent.merge(t.opcode(), 1, Integer::sum);
            }
            // A reply the watched side sends to an OpenChannel tells us what the watched side may send.
            if (t instanceof Transaction.OpenChannelReply r && r.succeeded()) {
                ChannelKey key = new ChannelKey(r.primarySocket(), r.secondarySocket());
                maxSize.put(key, fromHost ? r.maxPrimaryToSecondary() : r.maxSecondaryToPrimary());
                credit.putIfAbsent(key, 0);
            }
            if (t instanceof Transaction.MlcOpenChannelReply r && r.succeeded()) {
                ChannelKey key = lastCommand.get(Opcode.OPEN_CHANNEL);
                maxSize.put(key, mlcSize(key));
                credit.putIfAbsent(key, 0);
            }
            if (t instanceof Transaction.CloseChannelReply r || t instanceof Transaction.InitReply) {
                resetOn(t);
            }
            return;
        }
        ChannelKey key = new ChannelKey(h.primarySocket(), h.secondarySocket());
        int held = credit.getOrDefault(key, 0);
        if (held <= 0) {
            throw new AssertionError(name + ": data packet on " + key + " sent without credit");
        }
        credit.put(key, held - 1);
        Integer max = maxSize.get(key);
        if (max == null || h.length() > max) {
            throw new AssertionError(name + ": data packet of " + h.length() + " bytes on " + key + " above agreed " + max);
        }
        dataPackets++;
    }

    private void onReceived(PacketHeader h, ByteBuffer body) {
        if (!h.isTransaction()) {
            ChannelKey key = new ChannelKey(h.primarySocket(), h.secondarySocket());
            credit.merge(key, h.credit(), Integer::sum);
            return;
        }
        Transaction t = decode(h, body);
        switch (t) {
            case Transaction.Credit c -> credit.merge(new ChannelKey(c.primarySocket(), c.secondarySocket()), c.credit(), Integer::sum);
            case Transaction.CreditRequestReply r when r.succeeded() -> credit.merge(r.primarySocket() == 0
                    ? lastCommand.get(Opcode.CREDIT_REQUEST) : new ChannelKey(r.primarySocket(), r.secondarySocket()),
                    r.credit(), Integer::sum);
            case Transaction.MlcOpenChannelReply r when r.succeeded() -> {
                ChannelKey key = lastCommand.get(Opcode.OPEN_CHANNEL);
                maxSize.put(key, mlcSize(key));
                credit.put(key, r.credit());
            }
            case Transaction.OpenChannelReply r when r.succeeded() -> {
                ChannelKey key = new ChannelKey(r.primarySocket(), r.secondarySocket());
                maxSize.put(key, fromHost ? r.maxPrimaryToSecondary() : r.maxSecondaryToPrimary());
                credit.put(key, r.credit());
            }
            case Transaction.CloseChannelReply r -> resetOn(t);
            case Transaction.InitReply r -> resetOn(t);
            default -> { }
        }
    }

    private void resetOn(Transaction t) {
        if (t instanceof Transaction.CloseChannelReply r && (r.primarySocket() != 0 || Revision.isMlc(revision))) {
            ChannelKey key = r.primarySocket() != 0 ? new ChannelKey(r.primarySocket(), r.secondarySocket())
                    : lastCommand.get(Opcode.CLOSE_CHANNEL);
            credit.remove(key);
            maxSize.remove(key);
        } else if (t instanceof Transaction.InitReply) {
            credit.clear();
            maxSize.clear();
        }
    }

    private int mlcSize(ChannelKey key) {
        int[] sizes = configured.get(key.secondarySocket());
        if (sizes == null) {
            throw new AssertionError(name + ": MLC channel " + key + " opened without ConfigSocket");
        }
        return fromHost ? sizes[0] : sizes[1];
    }

    private Transaction decode(PacketHeader h, ByteBuffer body) {
        Transaction t;
        try {
            t = Dialect.of(revision).decode(h, body);
        } catch (MalformedTransactionException e) {
            throw new AssertionError(name + ": engine sent a malformed transaction: " + e.getMessage());
        }
        switch (t) {
            case Transaction.Init i when Revision.isSupported(i.revision()) -> revision = i.revision();
            case Transaction.MlcOpenChannel o ->
                    lastCommand.put(Opcode.OPEN_CHANNEL, new ChannelKey(o.hostSocket(), o.peripheralSocket()));
            case Transaction.CreditRequest c ->
                    lastCommand.put(Opcode.CREDIT_REQUEST, new ChannelKey(c.primarySocket(), c.secondarySocket()));
            case Transaction.CloseChannel c when c.primarySocket() != 0 && c.secondarySocket() != 0 ->
                    lastCommand.put(Opcode.CLOSE_CHANNEL, new ChannelKey(c.primarySocket(), c.secondarySocket()));
            case Transaction.ConfigSocket c -> lastConfiguredSocket = c.socket();
            case Transaction.ConfigSocketReply r when r.succeeded() ->
                    configured.put(lastConfiguredSocket, new int[] {r.maxHostToPeripheral(), r.maxPeripheralToHost()});
            default -> { }
        }
        return t;
    }
}
