package org.dot4j.conform;

import static org.dot4j.conform.Level.MUST;
import static org.dot4j.conform.Level.SHOULD;

import java.util.List;
import org.dot4j.wire.ResultCode;
import org.dot4j.wire.Revision;
import org.dot4j.wire.Transaction.*;
import org.dot4j.wire.WireFormat;

/**
 * Reference §2 (revisions) and every transaction of §3.3 (revision 0x20) and §3.4 (revision 0x10, Epson), each
 * in its own revision whatever the run's: a revision the peer refuses skips its section.
 */
final class TransactionCases {

    private TransactionCases() {}

    static List<ConformCase> revisions() {
        return List.of(
                ConformCase.peripheral("2.1", MUST, "Init with the run's revision succeeds and names that revision (§12.2)", c -> {
                    InitReply r = c.start();
                    c.check(r.revision() == c.revision(), "InitReply names revision " + Revision.describe(r.revision()));
                }),
                ConformCase.peripheral("2.2", SHOULD, "Init with an unknown revision (0x7E) is refused with 0x02; Init after it succeeds", c -> {
                    if (c.usesEntry(c.revision())) {
                        c.enter();
                    }
                    InitReply bad = c.init(0x7E);
                    c.check(bad.result() == ResultCode.REVISION_NOT_SUPPORTED, "Init 0x7E answered with " + bad.result());
                    c.start();
                }),
                ConformCase.peripheral("2.3", SHOULD, "The peer accepts both 0x20 and 0x10 and answers in the revision asked (§2)", c -> {
                    c.check(c.speaks(Revision.IEEE_1284_4), "Init 0x20 was not accepted");
                    c.check(c.speaks(Revision.EPSON_DRAFT), "Init 0x10 was not accepted");
                }),
                ConformCase.peripheral("2.4", MUST, "Init with another revision switches layouts: OpenChannelReply follows it", c -> {
                    int other = c.revision() == Revision.IEEE_1284_4 ? Revision.EPSON_DRAFT : Revision.IEEE_1284_4;
                    c.start();
                    c.start(other); // skips when the peer does not speak it
                    c.open(c.responder().socket()); // its reply's LENGTH is checked against the new layout
                }));
    }

    /** The transactions of {@code revision}, numbered in {@code section} (3.3 for 0x20, 3.4 for 0x10). */
    static List<ConformCase> of(String section, int revision) {
        String rev = String.format("0x%02X", revision);
        return List.of(
                ConformCase.peripheral(section + ".1", MUST, "Init " + rev + " gets a 9-byte InitReply with result 0 and revision " + rev, c -> {
                    InitReply r = c.start(revision);
                    c.check(r.revision() == revision, "InitReply names revision " + Revision.describe(r.revision()));
                }),
                ConformCase.peripheral(section + ".2", MUST, "GetSocketID of a service gets its socket, LENGTH 9 + name"
                        + (revision == Revision.EPSON_DRAFT ? ", the name echoed (ES requires it)" : ""), c -> {
                    c.start(revision);
                    String name = Steps.someService(c);
                    GetSocketIdReply r = c.call(new GetSocketId(name), GetSocketIdReply.class);
                    c.check(r.succeeded() && r.socketId() != 0, "GetSocketID \"" + name + "\" answered " + r.result() + ", socket " + r.socketId());
                    if (revision == Revision.EPSON_DRAFT) {
                        c.check(r.serviceName().equals(name), "the name is not echoed: \"" + r.serviceName() + "\"");
                    }
                }),
                ConformCase.peripheral(section + ".3", MUST, "GetServiceName of that socket names the service, LENGTH 9 + name", c -> {
                    c.start(revision);
                    String name = Steps.someService(c);
                    int socket = c.socket(name);
                    GetServiceNameReply r = c.call(new GetServiceName(socket), GetServiceNameReply.class);
                    c.check(r.succeeded(), "GetServiceName " + socket + " was refused with " + r.result());
                    c.check(r.serviceName().equalsIgnoreCase(name) && r.socketId() == socket,
                            "GetServiceName " + socket + " answered socket " + r.socketId() + " \"" + r.serviceName() + "\", not \"" + name + "\"");
                }),
                ConformCase.peripheral(section + ".4", MUST, "OpenChannel gets a " + (revision == Revision.EPSON_DRAFT ? 16 : 18)
                        + "-byte reply: sockets echoed, sizes at most those asked and not 1..5", c -> {
                    c.start(revision);
                    int socket = c.responder().socket();
                    OpenChannelReply r = c.open(socket);
                    c.check(r.primarySocket() == socket && r.secondarySocket() == socket, "reply names " + r.primarySocket() + "/" + r.secondarySocket());
                    checkSize(c, "primary-to-secondary", r.maxPrimaryToSecondary());
                    checkSize(c, "secondary-to-primary", r.maxSecondaryToPrimary());
                    c.check(r.maxPrimaryToSecondary() > 0 || r.maxSecondaryToPrimary() > 0, "both granted sizes are 0");
                }),
                ConformCase.peripheral(section + ".5", MUST, "OpenChannel of a channel already open succeeds or answers 0x06 (§12.8)", c -> {
                    c.start(revision);
                    int socket = c.responder().socket();
                    c.open(socket);
                    OpenChannelReply r = c.call(c.openCommand(socket, CaseContext.PACKET_SIZE, CaseContext.PACKET_SIZE), OpenChannelReply.class);
                    c.check(r.succeeded() || r.result() == ResultCode.CHANNEL_ALREADY_OPEN, "second OpenChannel answered " + r.result());
                }),
                ConformCase.peripheral(section + ".6", MUST, "CloseChannel (" + (revision == Revision.EPSON_DRAFT ? 10 : 9)
                        + " bytes) of an open channel gets a 10-byte reply with result 0, sockets echoed", c -> {
                    c.start(revision);
                    int socket = c.responder().socket();
                    c.open(socket);
                    CloseChannelReply r = c.call(new CloseChannel(socket, socket, 0), CloseChannelReply.class);
                    c.check(r.succeeded(), "CloseChannel was refused with " + r.result());
                    c.check(r.primarySocket() == socket && r.secondarySocket() == socket, "reply names " + r.primarySocket() + "/" + r.secondarySocket());
                }),
                ConformCase.peripheral(section + ".7", MUST, "Credit on an open channel gets a 10-byte CreditReply with result 0, sockets echoed", c -> {
                    c.start(revision);
                    int socket = c.responder().socket();
                    c.open(socket);
                    CreditReply r = c.call(new Credit(socket, socket, 1), CreditReply.class);
                    c.check(r.succeeded(), "Credit 1 was refused with " + r.result());
                    c.check(r.primarySocket() == socket && r.secondarySocket() == socket, "reply names " + r.primarySocket() + "/" + r.secondarySocket());
                }),
                ConformCase.peripheral(section + ".8", MUST, "CreditRequest (" + (revision == Revision.EPSON_DRAFT ? 13 : 11)
                        + " bytes) gets a 12-byte reply with result 0, sockets echoed", c -> {
                    c.start(revision);
                    int socket = c.responder().socket();
                    c.open(socket);
                    CreditRequestReply r = c.call(c.creditRequestCommand(socket), CreditRequestReply.class);
                    c.check(r.succeeded(), "CreditRequest was refused with " + r.result());
                    c.check(r.primarySocket() == socket && r.secondarySocket() == socket, "reply names " + r.primarySocket() + "/" + r.secondarySocket());
                }),
                ConformCase.peripheral(section + ".9", SHOULD, revision == Revision.EPSON_DRAFT
                        ? "CreditRequest grants credit though the reply to OpenChannel did not count (EC, Q-E2, §12.6)"
                        : "A host that asks with CreditRequest holds credit after it (§12.6)", c -> {
                    c.start(revision);
                    int socket = c.responder().socket();
                    OpenChannelReply open = c.open(socket);
                    CreditRequestReply r = c.call(c.creditRequestCommand(socket), CreditRequestReply.class);
                    // EC discards OpenChannelReply's credit and always asks (Q-E2); HPLIP keeps it (§5.3).
                    int held = (revision == Revision.EPSON_DRAFT ? 0 : open.credit()) + r.credit();
                    c.check(r.succeeded() && held > 0, "CreditRequest answered " + r.result() + " with credit " + r.credit()
                            + (revision == Revision.EPSON_DRAFT ? "" : " after OpenChannelReply's " + open.credit()));
                }),
                ConformCase.peripheral(section + ".10", MUST, "Exit gets an 8-byte ExitReply with result 0", c -> {
                    c.start(revision);
                    ExitReply r = c.call(new Exit(), ExitReply.class);
                    c.check(r.succeeded(), "Exit was refused with " + r.result());
                }));
    }

    /** Granted sizes 1..5 cannot hold a header (0x0C, §3.5); above what we asked breaks the host's buffer. */
    private static void checkSize(CaseContext c, String direction, int granted) throws CaseFailure {
        c.check(granted == 0 || granted >= WireFormat.MIN_NONZERO_PACKET_SIZE, "granted " + direction + " size " + granted
                + " cannot hold a header (EC and ES refuse 1..5)");
        c.check(granted <= CaseContext.PACKET_SIZE, "granted " + direction + " size " + granted + " exceeds the "
                + CaseContext.PACKET_SIZE + " asked for");
    }
}
