package org.dot4j.conform;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.dot4j.driver.ByteLink;
import org.dot4j.wire.MalformedTransactionException;
import org.dot4j.wire.MlcCodec;
import org.dot4j.wire.Opcode;
import org.dot4j.wire.ResultCode;
import org.dot4j.wire.Revision;
import org.dot4j.wire.Transaction;
import org.dot4j.wire.Transaction.*;
import org.dot4j.wire.TransactionCodec;
import org.dot4j.wire.WireFormat;

/**
 * What a case works with: a fresh link to the peer (opened on first use), the run's settings, the shared
 * {@link PeerFacts}, and the steps and checks cases are made of. Every wait is bounded by {@link #timeout()}; every
 * check that fails throws a {@link CaseFailure} saying what the peer did instead.
 *
 * <p>Not thread-safe: one case, one thread.
 */
public final class CaseContext implements AutoCloseable {

    /** Packet sizes the cases ask for (header included): small enough that a short message needs several. */
    static final int PACKET_SIZE = 512;

    private final Connector connector;
    private final Settings settings;
    private final PeerFacts facts;
    private Wire wire;
    private String remark = "";
    /** Evidence and violations of links this case already closed ({@link #reconnect}). */
    private final List<String> earlierLinks = new ArrayList<>();
    private final List<String> earlierViolations = new ArrayList<>();

    CaseContext(Connector connector, Settings settings, PeerFacts facts) {
        this.connector = connector;
        this.settings = settings;
        this.facts = facts;
    }

    /** The run's settings. */
    public Settings settings() {
        return settings;
    }

    /** The run's revision. */
    public int revision() {
        return settings.revision();
    }

    /** The deadline of every wait for an answer. */
    public Duration timeout() {
        return settings.timeout();
    }

    /** The link, opened on first use; on links that keep an earlier case's bytes (USB, ttys) those are dropped first. */
    public Wire wire() throws IOException {
        if (wire == null) {
            ByteLink link = connector.open();
            long stale = 0;
            if (!settings.drain().isZero()) {
                try {
                    stale = link.dropStale(settings.drain(), settings.timeout());
                } catch (IOException | RuntimeException e) {
                    link.close();
                    throw e;
                }
            }
            wire = new Wire(link);
            wire.speak(settings.revision());
            if (!settings.drain().isZero()) {
                wire.note("dropped " + stale + " stale bytes from an earlier conversation, then " + settings.drain().toMillis()
                        + " ms of silence");
            }
        }
        return wire;
    }

    /** The evidence, empty when no link was opened. */
    List<String> transcript() {
        List<String> all = new ArrayList<>(earlierLinks);
        all.addAll(wire == null ? List.of() : wire.transcript());
        return all;
    }

    /** Books what already arrived without waiting, so data the peer sent against the rules at the end still counts. */
    void drainArrived() throws IOException {
        if (wire != null) {
            wire.collect(Duration.ZERO);
        }
    }

    /** Data rules the peer broke on this case's link. */
    List<String> violations() {
        List<String> all = new ArrayList<>(earlierViolations);
        if (wire != null) {
            wire.books().violations().forEach(v -> all.add(v.text()));
        }
        return all;
    }

    // ---- starting a conversation

    /** Starts a conversation in the run's revision, which the peer must accept. */
    public InitReply start() throws IOException, CaseFailure {
        return start(settings.revision());
    }

    /**
     * Starts a conversation in {@code revision}: the entry packet where it is used, then Init, which must succeed. A
     * revision other than the run's that the peer refuses skips the case.
     */
    public InitReply start(int revision) throws IOException, CaseFailure {
        if (revision != settings.revision() && !facts.speaks(revision)) {
            throw CaseFailure.skipped(Revision.isMlc(revision) ? "peer does not speak MLC"
                    : "peer does not speak revision " + Revision.describe(revision));
        }
        if (facts.needsEntry(revision)) {
            enter();
        }
        InitReply reply = init(revision);
        check(reply.succeeded(), "Init " + Revision.describe(revision) + " was refused with " + reply.result());
        return reply;
    }

    /** Sends Init with {@code revision} and returns its reply, checked for length; speaks that revision after. */
    public InitReply init(int revision) throws IOException, CaseFailure {
        wire().speak(revision);
        wire.books().closedAll();
        Init init = new Init(revision);
        return call(init, InitReply.class);
    }

    /** Sends the Epson entry packet and checks its exact 8-byte answer (reference §7.3). */
    public void enter() throws IOException, CaseFailure {
        wire().send(EpsonPacking.entry());
        Packet p = awaitReply(Opcode.EPSON_PACKING);
        expectLength(p, new EpsonPackingReply(ResultCode.SUCCESS), Revision.EPSON_DRAFT);
        EpsonPackingReply r = decode(p, EpsonPackingReply.class, Revision.EPSON_DRAFT);
        check(r.succeeded(), "the entry packet was refused with " + r.result());
    }

    /** For probes: true when the peer accepts Init with {@code revision}. */
    boolean tryInit(int revision) throws IOException {
        try {
            if (facts.needsEntry(revision)) {
                enter();
            }
            return init(revision).succeeded();
        } catch (CaseFailure e) {
            return false;
        }
    }

    // ---- transactions

    /** Sends {@code command} and returns its reply as {@code type}, after checking the reply's length. */
    public <T extends Reply> T call(Command command, Class<T> type) throws IOException, CaseFailure {
        wire().send(command);
        Packet p = awaitReply(command.opcode());
        T reply = decode(p, type, wire.revision());
        if (reply.succeeded()) {
            expectLength(p, reply, wire.revision());
        }
        return reply;
    }

    /** The next transaction packet, which must be the reply to {@code op}. */
    public Packet awaitReply(Opcode op) throws IOException, CaseFailure {
        Optional<Packet> p = wire().nextTransaction(timeout());
        if (p.isEmpty()) {
            throw CaseFailure.failed("no " + op + " reply within " + timeout().toMillis() + " ms"
                    + wire.ended().map(e -> " (" + e + ")").orElse(""));
        }
        check(p.get().commandByte() == op.replyWire(), String.format("expected the %s reply (0x%02X), got %s: %s",
                op, op.replyWire(), Transcript.describe(p.get(), wire.revision()), p.get().hex()));
        return p.get();
    }

    /** Decodes {@code p} as {@code type} in {@code revision}'s codec. */
    public <T extends Transaction> T decode(Packet p, Class<T> type, int revision) throws CaseFailure {
        try {
            Transaction t = p.decode(revision);
            check(type.isInstance(t), "expected " + type.getSimpleName() + ", decoded " + t + ": " + p.hex());
            return type.cast(t);
        } catch (MalformedTransactionException e) {
            throw CaseFailure.failed("reply does not decode (" + e.getMessage() + "): " + p.hex());
        }
    }

    /** Checks LENGTH against the layout of {@code shape} in {@code revision} (hosts check it exactly, Q-E3, Q-S3). */
    public void expectLength(Packet p, Transaction shape, int revision) throws CaseFailure {
        int expected = lengthOf(shape, revision);
        check(p.header().length() == expected, String.format("%s has LENGTH %d where the %s layout has %d: %s",
                shape.getClass().getSimpleName(), p.header().length(), Revision.describe(revision), expected, p.hex()));
    }

    /** The packet length of {@code t} in {@code revision}'s layout. */
    static int lengthOf(Transaction t, int revision) {
        return Revision.isMlc(revision) && !(t instanceof EpsonPackingReply) ? MlcCodec.encodedLength(t)
                : TransactionCodec.encodedLength(t, revision);
    }

    // ---- channels and credit

    /** The socket the peer names for {@code service}; skips the case when it names none. */
    public int socket(String service) throws IOException, CaseFailure {
        OptionalInt s = facts.socketOf(service);
        if (s.isEmpty()) {
            throw CaseFailure.skipped("peer has no " + service + " service");
        }
        return s.getAsInt();
    }

    /** The socket the peer names for {@code service}, empty when it names none. */
    public OptionalInt socketOrEmpty(String service) throws IOException {
        return facts.socketOf(service);
    }

    /** True when the peer accepts Init with {@code revision}. */
    public boolean speaks(int revision) throws IOException {
        return facts.speaks(revision);
    }

    /** True when the run uses Epson's entry packet before Init of {@code revision}. */
    public boolean usesEntry(int revision) throws IOException {
        return facts.needsEntry(revision);
    }

    /** True when the peer answered the entry packet in the probe. */
    public boolean answersEntry() throws IOException {
        return facts.answersEntry();
    }

    /** Ends this link abruptly and opens a new one, as a host that vanished and a new host do. */
    public void reconnect() throws IOException {
        if (wire == null) {
            return;
        }
        wire.close();
        earlierLinks.addAll(wire.transcript());
        earlierLinks.add("--- a new link ---");
        wire.books().violations().forEach(v -> earlierViolations.add(v.text()));
        wire = null;
    }

    /** A service that answers what it is sent: ECHO, else EPSON-CTRL's status command; skips when there is none. */
    public Responder responder() throws IOException, CaseFailure {
        OptionalInt echo = facts.socketOf("ECHO");
        if (echo.isPresent()) {
            return new Responder(echo.getAsInt(), true);
        }
        OptionalInt ctrl = facts.socketOf("EPSON-CTRL");
        if (ctrl.isPresent()) {
            return new Responder(ctrl.getAsInt(), false);
        }
        throw CaseFailure.skipped("peer offers no service that answers (ECHO or EPSON-CTRL)");
    }

    /**
     * A service that answers: ECHO returns each message, EPSON-CTRL answers {@code st} (reference §9).
     *
     * @param socket its socket
     * @param echoes true for ECHO
     */
    public record Responder(int socket, boolean echoes) {
        /** What to send: {@code size} bytes for ECHO, the status command for EPSON-CTRL. */
        public byte[] request(int size) {
            if (!echoes) {
                return new byte[] {'s', 't', 1, 0, 1};
            }
            byte[] b = new byte[size];
            for (int i = 0; i < size; i++) {
                b[i] = (byte) ('a' + i % 26);
            }
            return b;
        }
    }

    /** OpenChannel in the revision's layout (HPLIP's MaximumOutstandingCredit 0xFFFF; Epson's 0, §3.3, §3.4). */
    public OpenChannel openCommand(int socket, int toPeer, int fromPeer) {
        boolean draft = Revision.usesDraftLayouts(wire.revision());
        return new OpenChannel(socket, socket, toPeer, fromPeer, draft ? 0 : WireFormat.MAX_CREDIT, 0);
    }

    /** Opens {@code socket} with {@link #PACKET_SIZE} both ways, which must succeed. */
    public OpenChannelReply open(int socket) throws IOException, CaseFailure {
        return open(socket, PACKET_SIZE, PACKET_SIZE);
    }

    /** Opens {@code socket} asking for these sizes, which must succeed; the books learn the channel. */
    public OpenChannelReply open(int socket, int toPeer, int fromPeer) throws IOException, CaseFailure {
        OpenChannelReply r = call(openCommand(socket, toPeer, fromPeer), OpenChannelReply.class);
        check(r.succeeded(), "OpenChannel " + socket + "/" + socket + " was refused with " + r.result());
        wire.books().opened(socket, socket, r.maxSecondaryToPrimary(), r.credit());
        return r;
    }

    /** CreditRequest in the revision's layout (Epson asks 0x80 with no limit; HPLIP sends only the limit). */
    public CreditRequest creditRequestCommand(int socket) {
        boolean draft = Revision.usesDraftLayouts(wire.revision());
        return new CreditRequest(socket, socket, draft ? 0x80 : 0, WireFormat.MAX_CREDIT);
    }

    /** Makes sure we hold credit to send on {@code socket}: asks with CreditRequest, else waits for a push. */
    public void ensureSendCredit(int socket) throws IOException, CaseFailure {
        if (wire().books().fromPeer(socket, socket) > 0) {
            return;
        }
        CreditRequestReply r = call(creditRequestCommand(socket), CreditRequestReply.class);
        check(r.succeeded(), "CreditRequest on " + socket + "/" + socket + " was refused with " + r.result());
        wire.books().addFromPeer(socket, socket, r.credit());
        long deadline = System.nanoTime() + timeout().toNanos();
        while (wire.books().fromPeer(socket, socket) <= 0 && System.nanoTime() < deadline) {
            wire.nextTransaction(Duration.ofMillis(50)).ifPresent(p -> wire.note("ignored while waiting for credit"));
        }
        check(wire.books().fromPeer(socket, socket) > 0, "the peer granted no credit on " + socket + "/" + socket
                + " (CreditRequest answered 0, nothing pushed within " + timeout().toMillis() + " ms)");
    }

    /** Grants the peer {@code credit} packets on {@code socket}; the Credit must succeed. */
    public void grant(int socket, int credit) throws IOException, CaseFailure {
        CreditReply r = call(new Credit(socket, socket, credit), CreditReply.class);
        check(r.succeeded(), "Credit " + credit + " on " + socket + "/" + socket + " was refused with " + r.result());
    }

    /** Sends {@code payload} as one data packet ending a message (control 0x01, §1.2), spending one credit. */
    public void sendMessage(int socket, byte[] payload) throws IOException, CaseFailure {
        ensureSendCredit(socket);
        wire.sendData(socket, socket, payload, 0, WireFormat.CONTROL_END_OF_DATA);
    }

    /** Everything the peer sends within the quiet period. */
    public List<Packet> watchQuiet() throws IOException {
        return wire().collect(settings.quiet());
    }

    /** The next data packet within the timeout; fails when none comes. */
    public Packet awaitData(String what) throws IOException, CaseFailure {
        Optional<Packet> p = wire().nextData(timeout());
        if (p.isEmpty()) {
            throw CaseFailure.failed("no data packet (" + what + ") within " + timeout().toMillis() + " ms"
                    + wire.ended().map(e -> " (" + e + ")").orElse(""));
        }
        return p.get();
    }

    /** ASCII of a short printable reply, for messages. */
    static String ascii(byte[] bytes) {
        return new String(bytes, StandardCharsets.ISO_8859_1).replaceAll("[^\\x20-\\x7e]", ".");
    }

    // ---- checks

    /** A fact worth printing on a pass too, e.g. a measured time. */
    public void remark(String text) {
        remark = text;
    }

    /** The remark, empty when none was made. */
    String remark() {
        return remark;
    }

    /** Fails the case with {@code why} unless {@code ok}. */
    public void check(boolean ok, String why) throws CaseFailure {
        if (!ok) {
            throw CaseFailure.failed(why);
        }
    }

    @Override
    public void close() throws IOException {
        if (wire != null) {
            wire.close();
        }
    }
}
