package org.dot4j.conform;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
 * <p>It also keeps the credit books of both directions (§5.1) and records every data packet the peer sends without
 * credit, above the agreed size or for a channel that is not open as a {@link #violations() violation}.
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
    /** Credit the peer granted us, per channel (PSID &lt;&lt; 8 | SSID). */
    private final Map<Integer, Integer> creditFromPeer = new HashMap<>();
    /** Credit we granted the peer and it has not used, per open channel. */
    private final Map<Integer, Integer> creditToPeer = new HashMap<>();
    /** The largest packet the peer may send on each open channel. */
    private final Map<Integer, Integer> peerPacketSize = new HashMap<>();
    private final List<String> violations = new ArrayList<>();
    private final List<Transaction> reverseCommands = new ArrayList<>();
    private int revision = Revision.IEEE_1284_4;
    private int grantOnRequest;
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

    /** How much credit to grant when the peer sends CreditRequest (HP1 grants 0, §3.7). */
    public void grantOnRequest(int credit) {
        grantOnRequest = credit;
    }

    /** The evidence so far. */
    public List<String> transcript() {
        return transcript.lines();
    }

    /** Adds a remark to the transcript. */
    public void note(String text) {
        transcript.note(text);
    }

    /** Data the peer sent without credit, too large, or on a channel that is not open (§5.1). */
    public List<String> violations() {
        return List.copyOf(violations);
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
            creditToPeer.merge(key(c.primarySocket(), c.secondarySocket()), c.credit(), Integer::sum);
        }
        write(Packet.of(java.util.Arrays.copyOf(buf.array(), buf.position())));
    }

    /** Sends a data packet on {@code psid/ssid}, spending one of the peer's credits (the books may go negative). */
    public void sendData(int psid, int ssid, byte[] payload, int piggyback, int control) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(WireFormat.HEADER_SIZE + payload.length);
        new PacketHeader(psid, ssid, buf.capacity(), piggyback, control).encode(buf);
        buf.put(payload);
        creditFromPeer.merge(key(psid, ssid), -1, Integer::sum);
        if (piggyback > 0) {
            creditToPeer.merge(key(psid, ssid), piggyback, Integer::sum);
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

    // ---- books

    /** Registers a channel the peer agreed to open: it may send packets of up to {@code peerSends} bytes. */
    public void opened(int psid, int ssid, int peerSends, int creditGranted) {
        peerPacketSize.put(key(psid, ssid), peerSends);
        creditToPeer.putIfAbsent(key(psid, ssid), 0);
        addCreditFromPeer(psid, ssid, creditGranted);
    }

    /** Forgets a channel (closed, or every channel after Init or Exit). */
    public void closed(int psid, int ssid) {
        peerPacketSize.remove(key(psid, ssid));
        creditToPeer.remove(key(psid, ssid));
        creditFromPeer.remove(key(psid, ssid));
    }

    /** Forgets every channel, as Init and Exit do. */
    public void closedAll() {
        peerPacketSize.clear();
        creditToPeer.clear();
        creditFromPeer.clear();
    }

    /** Credit the peer granted by a reply (OpenChannel, CreditRequest). */
    public void addCreditFromPeer(int psid, int ssid, int credit) {
        creditFromPeer.merge(key(psid, ssid), credit, Integer::sum);
    }

    /** Credit we hold to send on {@code psid/ssid}. */
    public int creditFromPeer(int psid, int ssid) {
        return creditFromPeer.getOrDefault(key(psid, ssid), 0);
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
                case Arrival.Junk j -> transcript.note("peer sent " + j.bytes() + (j.allZero() ? " NUL bytes" : " bytes")
                        + " that cannot start a packet");
                case Arrival.Got g -> {
                    transcript.received(g.packet(), revision, g.nanos());
                    if (!g.packet().isTransaction()) {
                        checkData(g.packet());
                        return Optional.of(g.packet());
                    }
                    if (!answerReverseCommand(g.packet())) {
                        return Optional.of(g.packet());
                    }
                }
            }
        }
    }

    private void checkData(Packet p) {
        PacketHeader h = p.header();
        int k = key(h.primarySocket(), h.secondarySocket());
        Integer size = peerPacketSize.get(k);
        if (size == null) {
            violations.add("data packet for channel " + h.primarySocket() + "/" + h.secondarySocket()
                    + ", which is not open (§1.3): " + p.hex());
            return;
        }
        if (h.length() > size) {
            violations.add("data packet of " + h.length() + " bytes above the agreed " + size + " (§3.6 0x83): " + p.hex());
        }
        int left = creditToPeer.getOrDefault(k, 0);
        if (left <= 0) {
            violations.add("data packet on " + h.primarySocket() + "/" + h.secondarySocket()
                    + " without credit (§5.1, Error 0x81): " + p.hex());
        } else {
            creditToPeer.put(k, left - 1);
        }
        if (h.credit() > 0) {
            addCreditFromPeer(h.primarySocket(), h.secondarySocket(), h.credit()); // piggy-backed (§5.1 item 4)
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
                addCreditFromPeer(c.primarySocket(), c.secondarySocket(), c.credit());
                send(new CreditReply(ResultCode.SUCCESS, c.primarySocket(), c.secondarySocket()));
            }
            case CreditRequest r -> {
                boolean open = peerPacketSize.containsKey(key(r.primarySocket(), r.secondarySocket()));
                int grant = open ? grantOnRequest : 0;
                if (grant > 0) {
                    creditToPeer.merge(key(r.primarySocket(), r.secondarySocket()), grant, Integer::sum);
                }
                send(new CreditRequestReply(open ? ResultCode.SUCCESS : ResultCode.CHANNEL_NOT_OPEN,
                        r.primarySocket(), r.secondarySocket(), grant));
            }
            case CloseChannel c -> {
                closed(c.primarySocket(), c.secondarySocket());
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

    private static int key(int psid, int ssid) {
        return psid << 8 | ssid;
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
