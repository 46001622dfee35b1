package org.dot4j.engine;

import java.nio.ByteBuffer;
import org.dot4j.wire.MalformedTransactionException;
import org.dot4j.wire.MlcCodec;
import org.dot4j.wire.Opcode;
import org.dot4j.wire.PacketHeader;
import org.dot4j.wire.Revision;
import org.dot4j.wire.Transaction;
import org.dot4j.wire.Transaction.Command;
import org.dot4j.wire.Transaction.Reply;
import org.dot4j.wire.TransactionCodec;
import org.dot4j.wire.WireFormat;

/**
 * What the revision agreed at Init makes of the transaction channel: the codec, and the rules that differ between
 * IEEE 1284.4 (0x20), Epson's draft (0x10) and HP MLC (3). Channels, credit and data packets are the same in all
 * three; MLC's own transactions (ConfigSocket, its OpenChannel) are handled by {@link MlcTransactions}.
 *
 * <p>Capabilities say what a <em>peripheral</em> may start (a host may always): every rule below names the host
 * behaviour it serves (reference §3.7, §5.3, §6, §12).
 */
sealed interface Dialect {

    /** The dialect of {@code revision} (one {@link Revision#isSupported} accepts). */
    static Dialect of(int revision) {
        return Revision.isMlc(revision) ? Mlc.INSTANCE : new Dot4(revision);
    }

    /** The Init revision. */
    int revision();

    /** The packet length of {@code t}. */
    int encodedLength(Transaction t);

    /** Writes {@code t} (header included) into {@code dst}, which has room. */
    void encode(Transaction t, ByteBuffer dst);

    /** Decodes a transaction packet. */
    Transaction decode(PacketHeader header, ByteBuffer body) throws MalformedTransactionException;

    /** A peripheral may open and close channels and ask for credit (only 0x20: Epson and HP hosts refuse). */
    boolean peripheralCommands();

    /** A peripheral may push Credit commands (0x20; MLC "gusher" hosts need them, §6.2; never to Epson hosts). */
    boolean peripheralGrants();

    /** Credit may ride in data headers (0x20; HP1 sends none in MLC and Epson hosts misread it). */
    boolean piggybacks();

    /** GetSocketID and GetServiceName exist (not in MLC: socket ids are fixed, §8.1). */
    boolean namesServices();

    /** ConfigSocket must precede the first OpenChannel on a socket (MLC only). */
    boolean configuresSockets();

    /** Our OpenChannel for {@code key}, with our socket's sizes. */
    Command openChannel(Role role, ChannelKey key, LocalSocket socket);

    /** Our CreditRequest for {@code key}. */
    Command creditRequest(ChannelKey key);

    /** Whether {@code reply} answers {@code sent}. */
    boolean answers(Command sent, Reply reply);

    /** IEEE 1284.4 or Epson's draft: {@link TransactionCodec}'s layouts of {@code revision}. */
    record Dot4(int revision) implements Dialect {

        @Override
        public int encodedLength(Transaction t) {
            return TransactionCodec.encodedLength(t, revision);
        }

        @Override
        public void encode(Transaction t, ByteBuffer dst) {
            TransactionCodec.encode(t, revision, dst);
        }

        @Override
        public Transaction decode(PacketHeader header, ByteBuffer body) throws MalformedTransactionException {
            return TransactionCodec.decode(header, body);
        }

        @Override
        public boolean peripheralCommands() {
            return revision == Revision.IEEE_1284_4;
        }

        @Override
        public boolean peripheralGrants() {
            return revision == Revision.IEEE_1284_4;
        }

        @Override
        public boolean piggybacks() {
            return revision == Revision.IEEE_1284_4;
        }

        @Override
        public boolean namesServices() {
            return true;
        }

        @Override
        public boolean configuresSockets() {
            return false;
        }

        @Override
        public Command openChannel(Role role, ChannelKey key, LocalSocket socket) {
            // Epson hosts send MaximumOutstandingCredit 0 ("no credit mode"); HPLIP asks for 0xFFFF (§3.3, §3.4).
            int maxOutstanding = Revision.usesDraftLayouts(revision) ? 0 : WireFormat.MAX_CREDIT;
            int send = socket.maxSendPacket();
            int receive = socket.maxReceivePacket();
            return role == Role.HOST
                    ? new Transaction.OpenChannel(key.primarySocket(), key.secondarySocket(), send, receive, maxOutstanding, 0)
                    : new Transaction.OpenChannel(key.primarySocket(), key.secondarySocket(), receive, send, maxOutstanding, 0);
        }

        @Override
        public Command creditRequest(ChannelKey key) {
            // Epson hosts ask for 0x80 with no limit (§3.4); HPLIP's 0x20 form carries only the limit (§3.3).
            return new Transaction.CreditRequest(key.primarySocket(), key.secondarySocket(),
                    Revision.usesDraftLayouts(revision) ? 0x80 : 0, WireFormat.MAX_CREDIT);
        }

        @Override
        public boolean answers(Command sent, Reply reply) {
            return answersDot4(sent, reply);
        }
    }

    /** HP MLC (§6): {@link MlcCodec}, fixed socket ids, no transaction credit. */
    enum Mlc implements Dialect {
        INSTANCE;

        /** HPLIP's "miser" asks for one packet at a time (§6.2). */
        static final int MISER_REQUEST = 1;

        @Override
        public int revision() {
            return Revision.HP_MLC;
        }

        @Override
        public int encodedLength(Transaction t) {
            return isEntry(t) ? TransactionCodec.encodedLength(t, Revision.EPSON_DRAFT) : MlcCodec.encodedLength(t);
        }

        @Override
        public void encode(Transaction t, ByteBuffer dst) {
            if (isEntry(t)) {
                TransactionCodec.encode(t, Revision.EPSON_DRAFT, dst);
            } else {
                MlcCodec.encode(t, dst);
            }
        }

        @Override
        public Transaction decode(PacketHeader header, ByteBuffer body) throws MalformedTransactionException {
            // The Epson entry packet precedes any revision (§12.1): an Epson host after an MLC one still gets in, and
            // the reply to it, which encode() writes in Epson's layout in an MLC session too, reads back the same way.
            Opcode packing = Transaction.EpsonPacking.entry().opcode();
            int command = header.length() > WireFormat.HEADER_SIZE ? body.get(body.position()) & 0xFF : -1;
            boolean entry = command == packing.wire() || command == packing.replyWire();
            return entry ? TransactionCodec.decode(header, body) : MlcCodec.decode(header, body);
        }

        @Override
        public boolean peripheralCommands() {
            return false; // HP1 answers a device's CloseChannel with result 1 and its CreditRequest with 0 (§3.7)
        }

        @Override
        public boolean peripheralGrants() {
            return true;
        }

        @Override
        public boolean piggybacks() {
            return false;
        }

        @Override
        public boolean namesServices() {
            return false;
        }

        @Override
        public boolean configuresSockets() {
            return true;
        }

        @Override
        public Command openChannel(Role role, ChannelKey key, LocalSocket socket) {
            // HP1 sends credit 0 and grants by Credit once open (§4.2); dot4j does the same.
            return new Transaction.MlcOpenChannel(key.primarySocket(), key.secondarySocket(), 0);
        }

        @Override
        public Command creditRequest(ChannelKey key) {
            return new Transaction.CreditRequest(key.primarySocket(), key.secondarySocket(), MISER_REQUEST, 0);
        }

        @Override
        public boolean answers(Command sent, Reply reply) {
            return sent.opcode() == reply.opcode(); // MLC replies name no sockets (§6.1); one command is outstanding
        }

        private static boolean isEntry(Transaction t) {
            return t instanceof Transaction.EpsonPacking || t instanceof Transaction.EpsonPackingReply;
        }
    }

    /**
     * Whether {@code reply} answers {@code sent} in 1284.4: the same opcode, and a channel reply names the command's channel
     * (§3.6, 0x82). A refusal that stopped after its result byte decodes with sockets 0/0 and is accepted.
     */
    private static boolean answersDot4(Command sent, Reply reply) {
        if (sent.opcode() != reply.opcode()) {
            return false;
        }
        int[] asked = sockets(sent);
        int[] answered = sockets(reply);
        if (asked == null || answered == null || (!reply.succeeded() && answered[0] == 0 && answered[1] == 0)) {
            return true;
        }
        return asked[0] == answered[0] && asked[1] == answered[1];
    }

    private static int[] sockets(Transaction t) {
        return switch (t) {
            case Transaction.OpenChannel o -> new int[] {o.primarySocket(), o.secondarySocket()};
            case Transaction.CloseChannel c -> new int[] {c.primarySocket(), c.secondarySocket()};
            case Transaction.Credit c -> new int[] {c.primarySocket(), c.secondarySocket()};
            case Transaction.CreditRequest c -> new int[] {c.primarySocket(), c.secondarySocket()};
            case Transaction.OpenChannelReply r -> new int[] {r.primarySocket(), r.secondarySocket()};
            case Transaction.CloseChannelReply r -> new int[] {r.primarySocket(), r.secondarySocket()};
            case Transaction.CreditReply r -> new int[] {r.primarySocket(), r.secondarySocket()};
            case Transaction.CreditRequestReply r -> new int[] {r.primarySocket(), r.secondarySocket()};
            default -> null;
        };
    }
}
