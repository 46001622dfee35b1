package org.dot4j.conform;

import static org.dot4j.conform.Level.MUST;

import java.util.List;
import java.util.OptionalInt;
import org.dot4j.wire.Revision;
import org.dot4j.wire.Transaction.*;
import org.dot4j.wire.WireFormat;

/**
 * Reference §6: HP MLC (revision 3), for a peer that accepts Init 3; every case skips with "peer does not speak
 * MLC" otherwise. MLC has no GetSocketID: the cases use the socket the peer names for ECHO or PRINT in 1284.4, or
 * HPLIP's static PRINT socket 2 (§8.1).
 */
final class MlcCases {

    /** HPLIP's static socket for PRINT (§8.1). */
    static final int HP_PRINT = 2;

    private MlcCases() {}

    static List<ConformCase> cases() {
        return List.of(
                ConformCase.peripheral("6.1.1", MUST, "Init revision 3 gets a 9-byte InitReply with result 0 and revision 3", c -> {
                    InitReply r = c.start(Revision.HP_MLC);
                    c.check(r.revision() == Revision.HP_MLC, "InitReply names revision " + Revision.describe(r.revision()));
                }),
                ConformCase.peripheral("6.1.2", MUST, "ConfigSocket gets a 13-byte reply with result 0", c -> {
                    configure(c, socket(c));
                }),
                ConformCase.peripheral("6.1.3", MUST, "OpenChannel after ConfigSocket gets a 10-byte reply with result 0", c -> {
                    open(c, socket(c));
                }),
                ConformCase.peripheral("6.1.4", MUST, "Credit gets an 8-byte CreditReply with result 0", c -> {
                    int s = socket(c);
                    open(c, s);
                    CreditReply r = c.call(new Credit(s, s, 1), CreditReply.class);
                    c.check(r.succeeded(), "Credit was refused with " + r.result());
                }),
                ConformCase.peripheral("6.1.5", MUST, "CreditRequest gets a 10-byte reply with result 0", c -> {
                    int s = socket(c);
                    open(c, s);
                    CreditRequestReply r = c.call(new CreditRequest(s, s, 1, 0), CreditRequestReply.class);
                    c.check(r.succeeded(), "CreditRequest was refused with " + r.result());
                }),
                ConformCase.peripheral("6.1.6", MUST, "CloseChannel gets an 8-byte reply with result 0", c -> {
                    int s = socket(c);
                    open(c, s);
                    CloseChannelReply r = c.call(new CloseChannel(s, s, 0), CloseChannelReply.class);
                    c.check(r.succeeded(), "CloseChannel was refused with " + r.result());
                }),
                ConformCase.peripheral("6.1.7", MUST, "Exit gets an 8-byte ExitReply with result 0", c -> {
                    c.start(Revision.HP_MLC);
                    ExitReply r = c.call(new Exit(), ExitReply.class);
                    c.check(r.succeeded(), "Exit was refused with " + r.result());
                }),
                ConformCase.peripheral("6.1.8", MUST, "ECHO data flows in MLC: a message comes back after Credit 1, no data before", c -> {
                    int s = c.socket("ECHO");
                    open(c, s);
                    c.ensureSendCredit(s);
                    c.wire().sendData(s, s, c.responder().request(10), 0, WireFormat.CONTROL_END_OF_DATA);
                    c.check(c.watchQuiet().stream().allMatch(Packet::isTransaction), "data came before any credit");
                    c.grant(s, 1);
                    c.awaitData("the echo");
                }),
                ConformCase.peripheral("6.1.9", MUST, "GetSocketID, which MLC lacks, does not end an MLC session: Exit is answered after it", c -> {
                    c.start(Revision.HP_MLC);
                    c.wire().sendRaw(FramingCases.encode(new GetSocketId("PRINT"), Revision.IEEE_1284_4), "1284.4 GetSocketID");
                    c.wire().collect(c.settings().quiet()); // whatever it answers
                    ExitReply r = c.call(new Exit(), ExitReply.class);
                    c.check(r.succeeded(), "Exit was refused with " + r.result());
                }));
    }

    private static int socket(CaseContext c) throws Exception {
        for (String name : List.of("ECHO", "PRINT")) {
            OptionalInt s = c.socketOrEmpty(name);
            if (s.isPresent()) {
                return s.getAsInt();
            }
        }
        return HP_PRINT;
    }

    /** Init 3 and ConfigSocket of {@code s}, which must succeed. */
    private static ConfigSocketReply configure(CaseContext c, int s) throws Exception {
        c.start(Revision.HP_MLC);
        ConfigSocketReply r = c.call(new ConfigSocket(s, CaseContext.PACKET_SIZE, CaseContext.PACKET_SIZE, 0), ConfigSocketReply.class);
        c.check(r.succeeded(), "ConfigSocket " + s + " was refused with " + r.result());
        return r;
    }

    /** Init 3, ConfigSocket and OpenChannel of {@code s}, which must succeed; the books learn the channel. */
    private static void open(CaseContext c, int s) throws Exception {
        ConfigSocketReply config = configure(c, s);
        MlcOpenChannelReply r = c.call(new MlcOpenChannel(s, s, 0), MlcOpenChannelReply.class);
        c.check(r.succeeded(), "OpenChannel " + s + " was refused with " + r.result());
        c.wire().books().opened(s, s, config.maxPeripheralToHost(), r.credit());
    }
}
