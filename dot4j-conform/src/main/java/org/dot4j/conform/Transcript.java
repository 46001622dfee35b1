package org.dot4j.conform;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import org.dot4j.wire.MalformedTransactionException;
import org.dot4j.wire.Transaction;

/**
 * What crossed the link during one case, both ways, with the time since the case began: the evidence a failure
 * shows. Bounded: only the last {@link #MAX_LINES} lines are kept, so a flooding peer cannot grow it.
 *
 * <p>Not thread-safe: the case's thread writes it.
 */
final class Transcript {

    static final int MAX_LINES = 60;

    private final ArrayDeque<String> lines = new ArrayDeque<>();
    private final long start = System.nanoTime();
    private int dropped;

    /** A packet we sent. */
    void sent(Packet p, int revision) {
        add(System.nanoTime(), "->", describe(p, revision) + "  " + p.hex());
    }

    /** Bytes we sent that are not one whole packet. */
    void sentRaw(byte[] bytes, String what) {
        add(System.nanoTime(), "->", what + "  " + Packet.hex(bytes));
    }

    /** A packet the peer sent, received at {@code nanos}. */
    void received(Packet p, int revision, long nanos) {
        add(nanos, "<-", describe(p, revision) + "  " + p.hex());
    }

    /** A remark, such as bytes skipped or the link ending. */
    void note(String text) {
        add(System.nanoTime(), "  ", text);
    }

    /** The lines, oldest first. */
    List<String> lines() {
        List<String> out = new ArrayList<>();
        if (dropped > 0) {
            out.add("(" + dropped + " earlier lines left out)");
        }
        out.addAll(lines);
        return out;
    }

    private void add(long nanos, String arrow, String text) {
        if (lines.size() == MAX_LINES) {
            lines.removeFirst();
            dropped++;
        }
        lines.add(String.format("%+6d ms %s %s", (nanos - start) / 1_000_000, arrow, text));
    }

    /** "InitReply SUCCESS" for a transaction, "data 6/6, 20 bytes, credit 0, control 0x01" for data. */
    static String describe(Packet p, int revision) {
        if (!p.isTransaction()) {
            return String.format("data %d/%d, %d bytes, credit %d, control 0x%02X", p.header().primarySocket(),
                    p.header().secondarySocket(), p.bytes().length - org.dot4j.wire.WireFormat.HEADER_SIZE, p.header().credit(), p.header().control());
        }
        try {
            Transaction t = p.decode(revision);
            String name = t.getClass().getSimpleName();
            return t instanceof Transaction.Reply r ? name + " " + r.result().name() : name;
        } catch (MalformedTransactionException e) {
            return "undecodable (" + e.getMessage() + ")";
        }
    }
}
