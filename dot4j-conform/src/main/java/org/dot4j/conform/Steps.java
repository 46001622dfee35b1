package org.dot4j.conform;

import java.io.IOException;
import java.util.List;
import java.util.Optional;
import org.dot4j.wire.ErrorCode;
import org.dot4j.wire.Opcode;
import org.dot4j.wire.Revision;
import org.dot4j.wire.Transaction.ErrorPacket;
import org.dot4j.wire.Transaction.GetSocketId;
import org.dot4j.wire.Transaction.GetSocketIdReply;

/** Steps several sections' cases share: surviving bad input, reading Error packets. */
final class Steps {

    /** A socket no service uses in any layout of reference §8. */
    static final int UNUSED_SOCKET = 0xEE;
    /** A command byte 1284.4 does not define (§3.1). */
    static final int UNKNOWN_COMMAND = 0x33;

    private Steps() {}

    /** The name of a service the peer has, for GetSocketID; skips when it names none. */
    static String someService(CaseContext c) throws IOException, CaseFailure {
        for (String name : PeerFacts.SERVICES) {
            if (c.socketOrEmpty(name).isPresent()) {
                return name;
            }
        }
        throw CaseFailure.skipped("peer names none of the services " + PeerFacts.SERVICES);
    }

    /**
     * Checks the conversation goes on after something bad: GetSocketID is still answered with success. Error
     * packets that arrive first (the peer's report of the bad input) are passed over.
     */
    static void stillAnswers(CaseContext c) throws IOException, CaseFailure {
        String name = someService(c);
        c.wire().send(new GetSocketId(name));
        GetSocketIdReply r = c.decode(awaitReplyPassingErrors(c, Opcode.GET_SOCKET_ID), GetSocketIdReply.class, c.wire().revision());
        c.check(r.succeeded(), "after that, GetSocketID \"" + name + "\" was refused with " + r.result());
    }

    /** The reply to {@code op}, after any Error packets (returned to the caller through the transcript only). */
    static Packet awaitReplyPassingErrors(CaseContext c, Opcode op) throws IOException, CaseFailure {
        while (true) {
            Optional<Packet> p = c.wire().nextTransaction(c.timeout());
            if (p.isPresent() && p.get().commandByte() == Opcode.ERROR.wire()) {
                continue;
            }
            c.check(p.isPresent(), "no " + op + " reply within " + c.timeout().toMillis() + " ms"
                    + c.wire().ended().map(e -> " (" + e + ")").orElse(""));
            c.check(p.get().commandByte() == op.replyWire(), "expected the " + op + " reply, got "
                    + Transcript.describe(p.get(), c.wire().revision()) + ": " + p.get().hex());
            return p.get();
        }
    }

    /**
     * Waits for an Error packet with {@code code} about {@code psid/ssid}, laid out as §3.3 says (LENGTH 10, credit
     * 0, §3.2); fails on anything else first.
     */
    static void expectError(CaseContext c, ErrorCode code, int psid, int ssid) throws IOException, CaseFailure {
        Optional<Packet> p = c.wire().nextTransaction(c.timeout());
        c.check(p.isPresent(), "no Error packet within " + c.timeout().toMillis() + " ms");
        c.check(p.get().commandByte() == Opcode.ERROR.wire(), "expected an Error packet, got "
                + Transcript.describe(p.get(), c.wire().revision()) + ": " + p.get().hex());
        ErrorPacket e = c.decode(p.get(), ErrorPacket.class, c.wire().revision());
        c.check(e.code() == code.wire(), String.format("Error code 0x%02X where §3.6 names 0x%02X (%s): %s",
                e.code(), code.wire(), code.meaning(), p.get().hex()));
        c.check(e.primarySocket() == psid && e.secondarySocket() == ssid, "Error names channel " + e.primarySocket()
                + "/" + e.secondarySocket() + " instead of " + psid + "/" + ssid + ": " + p.get().hex());
        c.expectLength(p.get(), e, c.wire().revision());
        c.check(p.get().header().credit() == 0, "Error packet carries credit " + p.get().header().credit()
                + " where §3.2 has 0: " + p.get().hex());
    }

    /** Skips an Error-packet case at revision 0x10: Epson hosts take an unsolicited Error as a reply (§12.5). */
    static void requireErrorReports(CaseContext c) throws CaseFailure {
        if (Revision.usesDraftLayouts(c.revision())) {
            throw CaseFailure.skipped("at revision 0x10 a peripheral sends no Error packets: Epson hosts take them as"
                    + " replies (§12.5, Q-E1, Q-G5)");
        }
    }

    /** Fails when any of {@code packets} is a transaction packet. */
    static void noTransactions(CaseContext c, List<Packet> packets, String rule) throws IOException, CaseFailure {
        for (Packet p : packets) {
            c.check(!p.isTransaction(), rule + ", but the peer sent " + Transcript.describe(p, c.wire().revision())
                    + ": " + p.hex());
        }
    }
}
