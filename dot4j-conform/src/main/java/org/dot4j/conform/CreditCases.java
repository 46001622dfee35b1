package org.dot4j.conform;

import static org.dot4j.conform.Level.MUST;
import static org.dot4j.conform.Level.SHOULD;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import org.dot4j.wire.Opcode;
import org.dot4j.wire.ResultCode;
import org.dot4j.wire.Revision;
import org.dot4j.wire.Transaction.*;
import org.dot4j.wire.WireFormat;

/**
 * Reference §4.6 (re-entry: Init, Exit and a vanished host reset the conversation) and §5 (credit: the peer sends
 * nothing without it, honours what it is given, takes piggy-backed credit, grants the host some). The wire's books
 * fail any case whose peer sends data without credit or above the agreed size.
 */
final class CreditCases {

    /** ECHO's answer is cut into packets of this size (header included): 200 bytes need 4. */
    static final int SMALL_PACKET = 64;
    static final int MESSAGE = 200;

    private CreditCases() {}

    static List<ConformCase> reentry() {
        return List.of(
                ConformCase.peripheral("4.6.1", MUST, "Init with a channel open resets it: OpenChannel again succeeds or answers 0x06", c -> {
                    c.start();
                    int socket = c.responder().socket();
                    c.open(socket);
                    c.start();
                    OpenChannelReply r = c.call(c.openCommand(socket, CaseContext.PACKET_SIZE, CaseContext.PACKET_SIZE), OpenChannelReply.class);
                    c.check(r.succeeded() || r.result() == ResultCode.CHANNEL_ALREADY_OPEN, "OpenChannel after re-Init answered " + r.result());
                }),
                ConformCase.peripheral("4.6.2", MUST, "Exit, then Init again starts a new conversation that answers GetSocketID", c -> {
                    c.start();
                    ExitReply r = c.call(new Exit(), ExitReply.class);
                    c.check(r.succeeded(), "Exit was refused with " + r.result());
                    c.start();
                    Steps.stillAnswers(c);
                }),
                ConformCase.peripheral("4.6.3", MUST, "A host that vanished with a channel open does not block the next: its OpenChannel succeeds or answers 0x06", c -> {
                    c.start();
                    int socket = c.responder().socket();
                    c.open(socket);
                    c.reconnect();
                    c.start();
                    OpenChannelReply r = c.call(c.openCommand(socket, CaseContext.PACKET_SIZE, CaseContext.PACKET_SIZE), OpenChannelReply.class);
                    c.check(r.succeeded() || r.result() == ResultCode.CHANNEL_ALREADY_OPEN, "OpenChannel from the next host answered " + r.result());
                }),
                ConformCase.peripheral("4.6.4", MUST, "After re-Init the earlier channel is closed: CloseChannel on it is refused (§12.2)", c -> {
                    c.start();
                    int socket = c.responder().socket();
                    c.open(socket);
                    c.start();
                    CloseChannelReply r = c.call(new CloseChannel(socket, socket, 0), CloseChannelReply.class);
                    c.check(!r.succeeded(), "CloseChannel of the channel opened before Init succeeded");
                }));
    }

    static List<ConformCase> credit() {
        return List.of(
                ConformCase.peripheral("5.1.1", MUST, "The peer sends no data without credit: its answer waits for the host's Credit", c -> {
                    c.start();
                    CaseContext.Responder service = c.responder();
                    c.open(service.socket());
                    c.sendMessage(service.socket(), service.request(10));
                    List<Packet> early = c.watchQuiet();
                    c.check(early.stream().allMatch(Packet::isTransaction), "data came before any credit");
                    c.grant(service.socket(), 1);
                    c.awaitData("the answer after Credit 1");
                }),
                ConformCase.peripheral("5.1.2", MUST, "With one credit the peer sends one packet and waits; with two more, two more", c -> {
                    c.start();
                    int socket = c.socket("ECHO");
                    c.open(socket, CaseContext.PACKET_SIZE, SMALL_PACKET);
                    c.sendMessage(socket, c.responder().request(MESSAGE));
                    c.grant(socket, 1);
                    c.awaitData("the first packet of the echo");
                    c.check(c.watchQuiet().stream().allMatch(Packet::isTransaction), "more data than the one credit");
                    c.grant(socket, 2);
                    c.awaitData("the second packet");
                    c.awaitData("the third packet");
                    c.check(c.watchQuiet().stream().allMatch(Packet::isTransaction), "more data than the credit");
                }),
                ConformCase.peripheral("5.1.3", MUST, "An answer comes whole, in packets of at most the agreed size", c -> {
                    c.start();
                    int socket = c.socket("ECHO");
                    int size = c.open(socket, CaseContext.PACKET_SIZE, SMALL_PACKET).maxSecondaryToPrimary();
                    byte[] sent = c.responder().request(MESSAGE);
                    c.sendMessage(socket, sent);
                    int packets = (MESSAGE + size - WireFormat.HEADER_SIZE - 1) / (size - WireFormat.HEADER_SIZE);
                    c.grant(socket, packets);
                    ByteArrayOutputStream got = new ByteArrayOutputStream();
                    while (got.size() < MESSAGE) {
                        got.writeBytes(c.awaitData("echo bytes " + got.size() + "..").payload());
                    }
                    c.check(Arrays.equals(got.toByteArray(), sent), "the echo differs: \"" + CaseContext.ascii(got.toByteArray()) + "\"");
                }),
                ConformCase.peripheral("5.1.4", MUST, "Credit piggy-backed in a data packet's header counts as credit (§5.1 item 4)", c -> {
                    c.start();
                    if (Revision.usesDraftLayouts(c.revision())) {
                        throw CaseFailure.skipped("Epson hosts never piggy-back credit (§5.3); not required at 0x10");
                    }
                    CaseContext.Responder service = c.responder();
                    c.open(service.socket());
                    c.ensureSendCredit(service.socket());
                    c.wire().sendData(service.socket(), service.socket(), service.request(10), 1, WireFormat.CONTROL_END_OF_DATA);
                    c.awaitData("the answer, sent on the piggy-backed credit");
                }),
                ConformCase.peripheral("5.1.5", MUST, "The peer grants the host credit to send: in OpenChannelReply, a Credit or a CreditRequestReply", c -> {
                    c.start();
                    int socket = c.responder().socket();
                    c.open(socket);
                    c.ensureSendCredit(socket);
                }),
                ConformCase.peripheral("5.1.6", SHOULD, "A Credit that would overflow 0xFFFF is refused with 0x07 (§5.1)", c -> {
                    c.start();
                    int socket = c.responder().socket();
                    c.open(socket);
                    c.grant(socket, WireFormat.MAX_CREDIT);
                    CreditReply r = c.call(new Credit(socket, socket, WireFormat.MAX_CREDIT), CreditReply.class);
                    c.check(r.result() == ResultCode.CREDIT_OVERFLOW, "the overflowing Credit answered " + r.result());
                }),
                ConformCase.peripheral("5.2.1", MUST, "Every reply carries transaction credit 1 in its header (§3.2, §5.2)", c -> {
                    c.start();
                    int socket = c.responder().socket();
                    c.wire().send(new GetSocketId(Steps.someService(c)));
                    checkTransactionCredit(c, c.awaitReply(Opcode.GET_SOCKET_ID));
                    c.wire().send(c.openCommand(socket, CaseContext.PACKET_SIZE, CaseContext.PACKET_SIZE));
                    checkTransactionCredit(c, c.awaitReply(Opcode.OPEN_CHANNEL));
                    c.wire().send(new CloseChannel(socket, socket, 0));
                    checkTransactionCredit(c, c.awaitReply(Opcode.CLOSE_CHANNEL));
                    c.wire().send(new Exit());
                    checkTransactionCredit(c, c.awaitReply(Opcode.EXIT));
                }),
                ConformCase.peripheral("5.2.2", MUST, "50 transactions in a row are each answered, in order", c -> {
                    c.start();
                    int socket = c.socket(Steps.someService(c));
                    for (int i = 0; i < 50; i++) {
                        GetServiceNameReply r = c.call(new GetServiceName(socket), GetServiceNameReply.class);
                        c.check(r.succeeded(), "GetServiceName " + (i + 1) + " of 50 was refused with " + r.result());
                    }
                }));
    }

    private static void checkTransactionCredit(CaseContext c, Packet reply) throws IOException, CaseFailure {
        c.check(reply.header().credit() == 1, Transcript.describe(reply, c.wire().revision()) + " carries credit "
                + reply.header().credit() + ": " + reply.hex());
    }
}
