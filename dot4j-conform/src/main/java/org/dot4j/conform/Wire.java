package org.dot4j.conform;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.dot4j.driver.ByteLink;
import org.dot4j.wire.MalformedTransactionException;
import org.dot4j.wire.MlcCodec;
import org.dot4j.wire.Opcode;
import org.dot4j.wire.PacketFramer;
import org.dot4j.wire.PacketHeader;
import org.dot4j.wire.ResultCode;
import org.dot4j.wire.Revision;
import org.dot4j.wire.Transaction;
import org.dot4j.wire.Transaction.*;
import org.dot4j.wire.TransactionCodec;
import org.dot4j.wire.WireFormat;

/**
 * The judge's end of one link: raw packets both ways, cut by {@link PacketFramer}, encoded by the wire codecs of the
 * revision in use, every wait bounded by a deadline, everything kept in a {@link Transcript}. It is deliberately not
 * a 1284.4 engine: it sends exactly what a case says, and only answers what a peer may send unasked (Credit,
 * CreditRequest and other reverse commands, reference §3.7) so that a case can wait for what it is judging.
 *
 * <p>It also keeps the {@link CreditBooks} of both directions (§5.1), which record every data packet the peer sends
 * without credit, above the agreed size or for a channel that is not open.
 *
 * <p>Threading: a reader thread only frames bytes into a queue; everything else runs on the case's thread.
 */
public final class Wire implements AutoCloseable {

    /** What the reader thread hands over. */
    private sealed interface Arrival {
        record Got(Packet packet, long nanos) implements Arrival {}

        record Junk(int bytes, boolean allZero) implements Arrival {}

        record Ended(String why) implements Arrival {}
    }

    static final int INBOX_CAPACITY = 4096;

    private final ByteLink link;
    private final Transcript transcript = new Transcript();
    /** Bounded, so a peer that floods faster than a case reads stalls its own reader instead of filling memory. */
    private final LinkedBlockingQueue<Arrival> inbox = new LinkedBlockingQueue<>(INBOX_CAPACITY);
    private final ArrayDeque<Packet> pendingTransactions = new ArrayDeque<>();
    private final ArrayDeque<Packet> pendingData = new ArrayDeque<>();
    private final Thread reader;
    private final CreditBooks books = new CreditBooks();
    private final List<Transaction> reverseCommands = new ArrayList<>();
    private int revision = Revision.IEEE_1284_4;
    private boolean answering = true;
    private String ended;

    /** Starts reading {@code link}; the wire owns it from now on. */
    public Wire(ByteLink link) {
        this.link = link;
        this.reader = Thread.ofPlatform().daemon().name("conform reader " + link.describe()).start(this::readLoop);
    }

    /** The layouts used to encode and decode from now on. */
    public void speak(int newRevision) {
        revision = newRevision;
    }

    /** The revision in use. */
    public int revision() {
        return revision;
    }

    /** The evidence so far. */
    public List<String> transcript() {
        return transcript.lines();
    }

    /** Adds a remark to the transcript. */
    public void note(String text) {
        transcript.note(text);
    }

    /** The credit books of this link, and the data rules the peer broke (§5.1). */
    public CreditBooks books() {
        return books;
    }

    /**
     * Whether the wire answers the commands a peripheral may send a host (on by default). The host role turns it
     * off: there the judge plays the peripheral and every command is the host's, for the judge to answer.
     */
    public void answerReverseCommands(boolean on) {
        answering = on;
    }

    /** The next packet of either kind within {@code wait}, in arrival order (for the host role). */
    public Optional<Packet> next(Duration wait) throws IOException {
        if (!pendingTransactions.isEmpty()) {
            return Optional.of(pendingTransactions.poll());
        }
        if (!pendingData.isEmpty()) {
            return Optional.of(pendingData.poll());
        }
        return take(System.nanoTime() + wait.toNanos());
    }

    /** Commands the peer sent us (Credit, CreditRequest, ...), answered by the wire. */
    public List<Transaction> reverseCommands() {
        return List.copyOf(reverseCommands);
    }

    /** Why the link ended, empty while it is up. */
    public Optional<String> ended() {
        return Optional.ofNullable(ended);
    }

    // ---- sending

    /** Encodes {@code t} in the revision's layout and sends it; a Credit we send is added to the peer's books. */
    public void send(Transaction t) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(WireFormat.MAX_PACKET_SIZE);
        if (Revision.isMlc(revision) && !(t instanceof EpsonPacking)) {
            MlcCodec.encode(t, buf);
        } else {
            TransactionCodec.encode(t, revision, buf);
        }
        if (t instanceof Credit c) {
            books.grantedToPeer(c.primarySocket(), c.secondarySocket(), c.credit());
        }
        write(Packet.of(java.util.Arrays.copyOf(buf.array(), buf.position())));
    }

    /** Sends a data packet on {@code psid/ssid}, spending one of the peer's credits (the books may go negative). */
    public void sendData(int psid, int ssid, byte[] payload, int piggyback, int control) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(WireFormat.HEADER_SIZE + payload.length);
        new PacketHeader(psid, ssid, buf.capacity(), piggyback, control).encode(buf);
        buf.put(payload);
        books.addFromPeer(psid, ssid, -1);
        if (piggyback > 0) {
            books.grantedToPeer(psid, ssid, piggyback);
        }
        write(Packet.of(buf.array()));
    }

    /** Sends bytes as they are, in one write: junk, a malformed packet, several packets at once. */
    public void sendRaw(byte[] bytes, String what) throws IOException {
        transcript.sentRaw(bytes, what);
        link.write(ByteBuffer.wrap(bytes));
    }

    private void write(Packet p) throws IOException {
        transcript.sent(p, revision);
        link.write(ByteBuffer.wrap(p.bytes()));
    }

    // ---- receiving

    /** The next transaction packet within {@code wait}; data arriving meanwhile is kept for {@link #nextData}. */
    public Optional<Packet> nextTransaction(Duration wait) throws IOException {
        long deadline = System.nanoTime() + wait.toNanos();
        while (pendingTransactions.isEmpty()) {
            Optional<Packet> p = take(deadline);
            if (p.isEmpty()) {
                return p;
            }
            (p.get().isTransaction() ? pendingTransactions : pendingData).add(p.get());
        }
        return Optional.of(pendingTransactions.poll());
    }

    /** The next data packet within {@code wait}; transaction packets arriving meanwhile are kept. */
    public Optional<Packet> nextData(Duration wait) throws IOException {
        long deadline = System.nanoTime() + wait.toNanos();
        while (pendingData.isEmpty()) {
            Optional<Packet> p = take(deadline);
            if (p.isEmpty()) {
                return p;
            }
            (p.get().isTransaction() ? pendingTransactions : pendingData).add(p.get());
        }
        return Optional.of(pendingData.poll());
    }

    /** Everything the peer sends within {@code wait} (and what was kept before), for cases that expect silence. */
    public List<Packet> collect(Duration wait) throws IOException {
        long deadline = System.nanoTime() + wait.toNanos();
        List<Packet> out = new ArrayList<>(pendingTransactions);
        out.addAll(pendingData);
        pendingTransactions.clear();
        pendingData.clear();
        for (Optional<Packet> p = take(deadline); p.isPresent(); p = take(deadline)) {
            out.add(p.get());
        }
        return out;
    }

    /** The next packet that a case sees, answering reverse commands and checking data on the way. */
    private Optional<Packet> take(long deadline) throws IOException {
        while (true) {
            long left = deadline - System.nanoTime();
            Arrival a;
            try {
                a = left <= 0 ? inbox.poll() : inbox.poll(left, TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new java.io.InterruptedIOException("interrupted while waiting for the peer");
            }
            switch (a) {
                case null -> {
                    return Optional.empty();
                }
                case Arrival.Ended e -> {
                    if (ended == null) {
                        ended = e.why();
                        transcript.note("link ended: " + e.why());
                    }
                    inbox.offer(e); // every later wait sees the end at once
                    return Optional.empty();
                }
                case Arrival.Junk j -> {
                    String what = "peer sent " + j.bytes() + (j.allZero() ? " NUL bytes" : " bytes") + " that cannot start a packet";
                    transcript.note(what);
                    books.junk(what);
                }
                case Arrival.Got g -> {
                    transcript.received(g.packet(), revision, g.nanos());
                    if (!g.packet().isTransaction()) {
                        books.received(g.packet());
                        return Optional.of(g.packet());
                    }
                    if (!answering || !answerReverseCommand(g.packet())) {
                        return Optional.of(g.packet());
                    }
                }
            }
        }
    }

    /** Answers a command the peer sent us; false for replies and Error packets, which the case sees. */
    private boolean answerReverseCommand(Packet p) throws IOException {
        int op = p.commandByte();
        if (op < 0 || (op & Opcode.REPLY_BIT) != 0 || op == Opcode.ERROR.wire()) {
            return false;
        }
        Transaction t;
        try {
            t = p.decode(revision);
        } catch (MalformedTransactionException e) {
            return false; // the case sees what it cannot be
        }
        reverseCommands.add(t);
        switch (t) {
            case Credit c -> {
                books.addFromPeer(c.primarySocket(), c.secondarySocket(), c.credit());
                send(new CreditReply(ResultCode.SUCCESS, c.primarySocket(), c.secondarySocket()));
            }
            case CreditRequest r -> {
                // Credit is the case's to grant, by Credit: like HP1, the judge answers a peripheral's ask with 0 (Q-H6).
                boolean open = books.isOpen(r.primarySocket(), r.secondarySocket());
                send(new CreditRequestReply(open ? ResultCode.SUCCESS : ResultCode.CHANNEL_NOT_OPEN,
                        r.primarySocket(), r.secondarySocket(), 0));
            }
            case CloseChannel c -> {
                books.closed(c.primarySocket(), c.secondarySocket());
                send(new CloseChannelReply(ResultCode.SUCCESS, c.primarySocket(), c.secondarySocket()));
            }
            // A host does not take OpenChannel, Init or the rest from a peripheral: HP1 answers result 1 (§3.7).
            case OpenChannel o -> send(new OpenChannelReply(ResultCode.UNABLE_TO_BEGIN, o.primarySocket(),
                    o.secondarySocket(), 0, 0, 0, 0));
            default -> transcript.note("left unanswered: the peer's " + t.getClass().getSimpleName());
        }
        return true;
    }

    private void readLoop() {
        PacketFramer framer = new PacketFramer();
        ByteBuffer buf = ByteBuffer.allocate(16 * 1024);
        try {
            while (true) {
                buf.clear();
                int n = link.read(buf);
                if (n < 0) {
                    hand(new Arrival.Ended("the peer closed the link"));
                    return;
                }
                buf.flip();
                while (buf.hasRemaining()) {
                    framer.feed(buf);
                    drain(framer);
                }
            }
        } catch (IOException e) {
            hand(new Arrival.Ended("link failed: " + e.getMessage()));
        } catch (InterruptedException e) {
            // closed while the inbox was full
        }
    }

    private void hand(Arrival a) {
        try {
            inbox.put(a);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void drain(PacketFramer framer) throws InterruptedException {
        while (true) {
            switch (framer.next()) {
                case PacketFramer.Frame.NeedMoreBytes n -> {
                    return;
                }
                case PacketFramer.Frame.Junk j -> inbox.put(new Arrival.Junk(j.bytes(), j.allZero()));
                case PacketFramer.Frame.Packet p -> {
                    byte[] bytes = new byte[p.header().length()];
                    ByteBuffer out = ByteBuffer.wrap(bytes);
                    p.header().encode(out);
                    out.put(p.body());
                    inbox.put(new Arrival.Got(new Packet(p.header(), bytes), System.nanoTime()));
                }
            }
        }
    }

    /** Closes the link, which ends the reader. */
    @Override
    public void close() throws IOException {
        link.close();
        reader.interrupt();
        try {
            reader.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
