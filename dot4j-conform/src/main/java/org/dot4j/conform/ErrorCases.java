package org.dot4j.conform;

import static org.dot4j.conform.Level.MUST;
import static org.dot4j.conform.Level.SHOULD;

import java.util.List;
import org.dot4j.wire.ErrorCode;
import org.dot4j.wire.ResultCode;
import org.dot4j.wire.Revision;
import org.dot4j.wire.Transaction.CreditReply;
import org.dot4j.wire.Transaction.ErrorPacket;
import org.dot4j.wire.WireFormat;

/**
 * Reference §3.6 (the Error packet: what a peer does with bad input, and with an Error from the host) and §3.7
 * (commands from the peripheral, which Epson hosts cannot take).
 */
final class ErrorCases {

    /** The most credits 3.6.8 spends to reach none. */
    static final int MAX_SPENT = 1024;

    private ErrorCases() {}

    static List<ConformCase> cases() {
        return List.of(
                ConformCase.peripheral("3.6.1", MUST, "An unknown command (0x33) does not end the conversation: GetSocketID is answered after it", c -> {
                    c.start();
                    c.wire().sendRaw(unknownCommand(), "unknown command 0x33");
                    Steps.stillAnswers(c);
                }),
                ConformCase.peripheral("3.6.2", SHOULD, "An unknown command gets Error 0x87 about 0/0: LENGTH 10, credit 0", c -> {
                    c.start();
                    Steps.requireErrorReports(c);
                    c.wire().sendRaw(unknownCommand(), "unknown command 0x33");
                    Steps.expectError(c, ErrorCode.UNKNOWN_TRANSACTION, 0, 0);
                }),
                ConformCase.peripheral("3.6.3", MUST, "An Error packet from the host gets no reply (§1.3), and the conversation goes on", c -> {
                    c.start();
                    c.wire().send(ErrorPacket.of(ErrorCode.MALFORMED_PACKET, 0, 0));
                    Steps.noTransactions(c, c.watchQuiet(), "the Error packet has no reply");
                    Steps.stillAnswers(c);
                }),
                ConformCase.peripheral("3.6.4", SHOULD, "A reply that answers no command (CreditReply) gets Error 0x82", c -> {
                    c.start();
                    Steps.requireErrorReports(c);
                    c.wire().send(new CreditReply(ResultCode.SUCCESS, 0x21, 0x21));
                    Steps.expectError(c, ErrorCode.UNMATCHED_REPLY, 0, 0);
                }),
                ConformCase.peripheral("3.6.5", MUST, "Data for a channel that is not open is dropped and the conversation goes on", c -> {
                    c.start();
                    c.wire().sendData(0x21, 0x21, new byte[] {1, 2, 3}, 0, WireFormat.CONTROL_END_OF_DATA);
                    Steps.stillAnswers(c);
                }),
                ConformCase.peripheral("3.6.6", SHOULD, "Data for a channel that is not open gets Error 0x84 naming that channel", c -> {
                    c.start();
                    Steps.requireErrorReports(c);
                    c.wire().sendData(0x21, 0x21, new byte[] {1, 2, 3}, 0, WireFormat.CONTROL_END_OF_DATA);
                    Steps.expectError(c, ErrorCode.CHANNEL_NOT_OPEN, 0x21, 0x21);
                }),
                ConformCase.peripheral("3.6.7", SHOULD, "A data packet above the agreed size gets Error 0x83 naming the channel", c -> {
                    c.start();
                    Steps.requireErrorReports(c);
                    int socket = c.responder().socket();
                    int size = c.open(socket, 64, CaseContext.PACKET_SIZE).maxPrimaryToSecondary();
                    c.ensureSendCredit(socket);
                    c.wire().sendData(socket, socket, new byte[size - WireFormat.HEADER_SIZE + 1], 0, WireFormat.CONTROL_END_OF_DATA);
                    Steps.expectError(c, ErrorCode.PACKET_TOO_LARGE, socket, socket);
                }),
                ConformCase.peripheral("3.6.8", SHOULD, "A data packet sent without credit gets Error 0x81 naming the channel", c -> {
                    c.start();
                    Steps.requireErrorReports(c);
                    int socket = c.responder().socket();
                    c.open(socket);
                    int credit = c.wire().books().fromPeer(socket, socket);
                    if (credit > MAX_SPENT) {
                        throw CaseFailure.skipped("the peer granted " + credit + " credits at open; the case spends at most " + MAX_SPENT);
                    }
                    // All in one write: a peer that reads and re-grants between packets cannot cover the last one.
                    byte[] one = {(byte) socket, (byte) socket, 0, 7, 0, WireFormat.CONTROL_END_OF_DATA, 'x'};
                    byte[] all = new byte[one.length * (credit + 1)];
                    for (int i = 0; i <= credit; i++) {
                        System.arraycopy(one, 0, all, i * one.length, one.length);
                    }
                    c.wire().sendRaw(all, (credit + 1) + " one-byte data packets, " + credit + " of them with credit");
                    Steps.expectError(c, ErrorCode.NO_CREDIT, socket, socket);
                }),
                ConformCase.peripheral("3.7.1", MUST, "At 0x10 the peer sends no commands, not even when it lacks credit to answer (§12.5, Q-E1)", c -> {
                    c.start(Revision.EPSON_DRAFT);
                    CaseContext.Responder service = c.responder();
                    c.open(service.socket());
                    c.sendMessage(service.socket(), service.request(10));
                    Steps.noTransactions(c, c.watchQuiet(), "an Epson host takes any command as a reply");
                    c.check(c.wire().reverseCommands().isEmpty(), "an Epson host takes any command as a reply, but the peer sent "
                            + c.wire().reverseCommands());
                }));
    }

    private static byte[] unknownCommand() {
        return new byte[] {0, 0, 0, 7, 1, 0, (byte) Steps.UNKNOWN_COMMAND};
    }
}
