package org.dot4j.engine;

import java.nio.ByteBuffer;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import org.dot4j.wire.MalformedTransactionException;
import org.dot4j.wire.Opcode;
import org.dot4j.wire.PacketFramer;
import org.dot4j.wire.PacketHeader;
import org.dot4j.wire.Transaction;
import org.dot4j.wire.TransactionCodec;

/**
 * Watches one direction of a simulated link and checks, independently of the engines, that no data packet
 * is sent without credit and none exceeds the agreed size. It learns grants from the reverse direction
 * (Credit commands, CreditRequestReply, OpenChannelReply, piggy-back), so each audit sees both directions.
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
            case Transaction.CreditRequestReply r when r.succeeded() ->
                    credit.merge(new ChannelKey(r.primarySocket(), r.secondarySocket()), r.credit(), Integer::sum);
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
        if (t instanceof Transaction.CloseChannelReply r && r.primarySocket() != 0) {
            ChannelKey key = new ChannelKey(r.primarySocket(), r.secondarySocket());
            credit.remove(key);
            maxSize.remove(key);
        } else if (t instanceof Transaction.InitReply) {
            credit.clear();
            maxSize.clear();
        }
    }

    private Transaction decode(PacketHeader h, ByteBuffer body) {
        try {
            return TransactionCodec.decode(h, body);
        } catch (MalformedTransactionException e) {
            throw new AssertionError(name + ": engine sent a malformed transaction: " + e.getMessage());
        }
    }
}
