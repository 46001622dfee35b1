package org.dot4j.capture;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.dot4j.wire.MalformedTransactionException;
import org.dot4j.wire.MlcCodec;
import org.dot4j.wire.Opcode;
import org.dot4j.wire.PacketFramer;
import org.dot4j.wire.PacketHeader;
import org.dot4j.wire.Revision;
import org.dot4j.wire.Transaction;
import org.dot4j.wire.TransactionCodec;
import org.dot4j.wire.WireFormat;

/**
 * Decodes one 1284.4 link as an observer between the peers: each direction's bytes are framed into packets
 * ({@link PacketFramer}), transactions decoded by the dialect in force (0x20 and Epson's 0x10 by LENGTH with
 * {@link TransactionCodec}, HP MLC with {@link MlcCodec}), and every packet's effect on the channels and their credit
 * followed ({@link Exchanges}), so each packet is reported with both sides' credit after it and with the rules it
 * breaks. Events go to a sink in capture order. Not thread-safe.
 */
final class Conversation {

    private final String link;
    private final Consumer<DecodeEvent> sink;
    private final PacketFramer[] framers = {new PacketFramer(), new PacketFramer()};
    private final Map<Integer, ChannelState> channels = new HashMap<>();
    private final Exchanges exchanges;
    private long packets;
    private long violations;
    private long first = -1;
    private long last;

    Conversation(String link, Consumer<DecodeEvent> sink) {
        this.link = link;
        this.sink = event -> {
            violations += event.violations().stream().filter(v -> v.rule().isProtocolViolation()).count();
            sink.accept(event);
        };
        this.exchanges = new Exchanges(this);
    }

    /** Takes the bytes of one chunk and reports the packets they complete. */
    void accept(Chunk chunk) {
        Direction dir = chunk.direction();
        PacketFramer framer = framers[dir.ordinal()];
        long now = chunk.timeNanos();
        if (first < 0) {
            first = now;
        }
        last = Math.max(last, now);
        ByteBuffer bytes = chunk.bytes().duplicate(); // the caller's buffer is left as it was
        do {
            framer.feed(bytes);
            drain(framer, dir, now);
        } while (bytes.hasRemaining());
        if (chunk.lostAfter() > 0) {
            long dropped = framer.buffered() + framer.pendingJunk();
            framer.clear();
            sink.accept(new DecodeEvent.Gap(link, now, dir, chunk.lostAfter(), List.of(new Violation(Rule.CAPTURE_GAP,
                    chunk.lostAfter() + " bytes not captured" + (dropped > 0 ? "; " + dropped + " bytes before them dropped" : "")))));
        }
    }

    /** The capture ended: reports a packet cut off and commands never answered. */
    void finish() {
        for (Direction dir : Direction.values()) {
            PacketFramer framer = framers[dir.ordinal()];
            if (framer.pendingJunk() > 0) {
                junk(dir, last, framer.pendingJunk(), false);
            }
            if (framer.buffered() > 0) {
                sink.accept(new DecodeEvent.Gap(link, last, dir, 0, List.of(new Violation(Rule.CAPTURE_GAP,
                        "the capture ends inside a packet (" + framer.buffered() + " bytes of it)"))));
            }
            framer.clear();
        }
        exchanges.unanswered().forEach(sink);
    }

    private void drain(PacketFramer framer, Direction dir, long now) {
        while (true) {
            switch (framer.next()) {
                case PacketFramer.Frame.Packet p -> packet(dir, p.header(), p.body(), now);
                case PacketFramer.Frame.Junk j -> junk(dir, now, j.bytes(), j.allZero());
                case PacketFramer.Frame.NeedMoreBytes n -> {
                    return;
                }
            }
        }
    }

    private void junk(Direction dir, long now, long bytes, boolean allZero) {
        sink.accept(new DecodeEvent.Junk(link, now, dir, bytes, allZero, List.of(new Violation(Rule.JUNK,
                bytes + (allZero ? " NUL bytes" : " bytes") + " that cannot start a packet (LENGTH below 6) skipped"))));
    }

    private void packet(Direction dir, PacketHeader header, ByteBuffer body, long now) {
        packets++;
        List<Violation> found = new ArrayList<>();
        if (header.isTransaction()) {
            transaction(dir, header, body, now, found);
        } else {
            data(dir, header, now, found);
        }
    }

    private void transaction(Direction dir, PacketHeader header, ByteBuffer body, long now, List<Violation> found) {
        int commandByte = header.length() > WireFormat.HEADER_SIZE ? body.get(0) & 0xFF : -1;
        boolean mlc = Revision.isMlc(exchanges.dialect()) && (commandByte & ~Opcode.REPLY_BIT) != Opcode.EPSON_PACKING.wire();
        Transaction t;
        try {
            t = mlc ? MlcCodec.decode(header, body) : TransactionCodec.decode(header, body);
        } catch (MalformedTransactionException e) {
            Rule rule = switch (e.errorCode()) {
                case UNKNOWN_TRANSACTION -> Rule.UNKNOWN_TRANSACTION;
                case UNKNOWN_RESULT -> Rule.UNKNOWN_RESULT;
                default -> Rule.MALFORMED_TRANSACTION;
            };
            found.add(new Violation(rule, e.getMessage()));
            exchanges.undecodable(dir, commandByte);
            emit(dir, header, Optional.empty(), (commandByte < 0 ? "transaction without a command byte"
                    : String.format("transaction 0x%02X (LENGTH %d)", commandByte, header.length())), "", Optional.empty(), now, found);
            return;
        }
        Optional<ChannelState> channel = exchanges.apply(dir, t, now, found);
        emit(dir, header, Optional.of(t), TransactionText.describe(t), channel.map(c -> c.service).orElse(""),
                channel.map(ChannelState::credits), now, found);
    }

    private void data(Direction dir, PacketHeader header, long now, List<Violation> found) {
        ChannelState ch = channel(header.primarySocket(), header.secondarySocket());
        if (ch.psid != ch.ssid) {
            found.add(new Violation(Rule.SOCKET_MISMATCH, "data packet on " + ch.psid + "/" + ch.ssid));
        }
        if (exchanges.sawInit() && !ch.open) {
            found.add(new Violation(Rule.CHANNEL_NOT_OPEN, "data packet on " + ch.psid + "/" + ch.ssid
                    + ", which no OpenChannel opened since the Init"));
        }
        ch.data(dir, header.length(), now, found);
        if (header.credit() > 0) { // piggy-backed credit for the other way (§5.1 item 4)
            ch.grant(dir.reverse(), header.credit(), now);
        }
        String what = "data " + header.payloadLength() + " B" + (header.endsMessage() ? " end" : "")
                + (header.credit() > 0 ? " +" + header.credit() + " credit" : "");
        emit(dir, header, Optional.empty(), what, ch.service, Optional.of(ch.credits()), now, found);
    }

    private void emit(Direction dir, PacketHeader header, Optional<Transaction> t, String what, String service,
                      Optional<Credits> credits, long now, List<Violation> found) {
        sink.accept(new DecodeEvent.Packet(link, now, dir, header, t, what, service, credits, List.copyOf(found)));
    }

    /** The channel of a socket pair, created closed (credit unknown) on first sight. */
    ChannelState channel(int psid, int ssid) {
        return channels.computeIfAbsent(psid << 8 | ssid, k -> {
            ChannelState ch = new ChannelState(link, psid, ssid, sink);
            ch.service = exchanges.serviceOf(ssid, psid);
            return ch;
        });
    }

    /**
     * True when the side sending {@code dir} would not send {@code next} (a whole packet) before hearing from its peer:
     * it has a command outstanding, it holds no credit for this data, or this is a reply to a command not yet seen.
     * Interleaves dumps that hold no times ({@link RawDumps}).
     */
    boolean mustWait(Direction dir, ByteBuffer next) {
        if (next.remaining() < WireFormat.HEADER_SIZE) {
            return false;
        }
        PacketHeader header = PacketHeader.decode(next.duplicate());
        if (!header.isTransaction()) {
            ChannelState ch = channels.get(header.primarySocket() << 8 | header.secondarySocket());
            return exchanges.awaitsReply(dir) || ch != null && ch.creditKnown && ch.credits().of(dir) == 0;
        }
        int commandByte = next.remaining() > WireFormat.HEADER_SIZE ? next.get(next.position() + WireFormat.HEADER_SIZE) & 0xFF : -1;
        return commandByte >= Opcode.REPLY_BIT ? !exchanges.isOutstanding(dir.reverse(), commandByte & ~Opcode.REPLY_BIT)
                : exchanges.awaitsReply(dir);
    }

    /** The link's name. */
    String link() {
        return link;
    }

    /** Every channel seen. */
    Iterable<ChannelState> channels() {
        return channels.values();
    }

    /** What this link carried. */
    LinkSummary summary() {
        List<ChannelSummary> list = channels.values().stream()
                .sorted((a, b) -> Integer.compare(a.psid << 8 | a.ssid, b.psid << 8 | b.ssid))
                .map(ChannelState::summary).toList();
        return new LinkSummary(link, exchanges.describeDialect(), packets, violations, Math.max(first, 0), last, list);
    }
}
