package org.dot4j.conform;

import static org.dot4j.conform.Level.MUST;
import static org.dot4j.conform.Level.SHOULD;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import org.dot4j.wire.ErrorCode;
import org.dot4j.wire.Opcode;
import org.dot4j.wire.Transaction.GetSocketId;
import org.dot4j.wire.Transaction.Init;
import org.dot4j.wire.Transaction.InitReply;
import org.dot4j.wire.TransactionCodec;

/** Reference §1: the header, LENGTH, the control byte, channels and reading a stream of packets. */
final class FramingCases {

    /** d4lib's recovery flood is 16 KiB of NULs (§4.3, §7.5). */
    static final int NUL_FLOOD = 16 * 1024;

    private FramingCases() {}

    static List<ConformCase> cases() {
        return List.of(
                ConformCase.peripheral("1.1.1", MUST, "InitReply is one well-framed packet: socket 0/0, LENGTH 9, nothing after it", c -> {
                    c.start();
                    Steps.noTransactions(c, c.watchQuiet(), "nothing follows InitReply unasked");
                }),
                ConformCase.peripheral("1.1.2", MUST, "A header with LENGTH 0 is dropped and the Init after it is answered", c -> {
                    c.wire().sendRaw(new byte[6], "header with LENGTH 0");
                    Steps.awaitReplyPassingErrors(initRaw(c), Opcode.INIT);
                }),
                ConformCase.peripheral("1.1.3", MUST, "A flood of 16 KiB of NUL bytes (d4lib's send_nulls) is dropped; Init is answered", c -> {
                    c.wire().sendRaw(new byte[NUL_FLOOD], NUL_FLOOD + " NUL bytes");
                    Steps.awaitReplyPassingErrors(initRaw(c), Opcode.INIT);
                }),
                ConformCase.peripheral("1.1.4", MUST, "A transaction shorter than its layout (Init, LENGTH 7) is not executed", c -> {
                    c.start();
                    c.wire().sendRaw(new byte[] {0, 0, 0, 7, 1, 0, 0}, "Init cut to LENGTH 7");
                    Steps.stillAnswers(c);
                    Steps.noTransactions(c, c.watchQuiet().stream().filter(p -> p.commandByte() == Opcode.INIT.replyWire()).toList(),
                            "the short Init gets no InitReply");
                }),
                ConformCase.peripheral("1.1.5", SHOULD, "A transaction too short for its layout gets Error 0x80 (§3.6)", c -> {
                    c.start();
                    Steps.requireErrorReports(c);
                    c.wire().sendRaw(new byte[] {0, 0, 0, 7, 1, 0, (byte) Opcode.GET_SERVICE_NAME.wire()}, "GetServiceName without its socket byte");
                    Steps.expectError(c, ErrorCode.MALFORMED_PACKET, 0, 0);
                }),
                ConformCase.peripheral("1.1.6", MUST, "GetSocketID with a 40-byte service name (the longest, §1.1) is answered", c -> {
                    c.start();
                    c.wire().send(new GetSocketId("X".repeat(40)));
                    c.awaitReply(Opcode.GET_SOCKET_ID);
                }),
                ConformCase.peripheral("1.2.1", MUST, "Control bits never make a packet rejected: Init with control 0x03 is answered", c -> {
                    byte[] init = encode(new Init(c.revision()), c.revision());
                    init[5] = 0x03;
                    if (c.usesEntry(c.revision())) {
                        c.enter();
                    }
                    c.wire().sendRaw(init, "Init with control 0x03");
                    InitReply r = c.decode(c.awaitReply(Opcode.INIT), InitReply.class, c.revision());
                    c.check(r.succeeded(), "Init with control 0x03 was refused with " + r.result());
                }),
                ConformCase.peripheral("1.2.2", SHOULD, "The last data packet of an answer has control bit 0x01 (end of data, §1.2)", c -> {
                    c.start();
                    CaseContext.Responder service = c.responder();
                    c.open(service.socket());
                    c.sendMessage(service.socket(), service.request(10));
                    c.grant(service.socket(), 1);
                    Packet p = c.awaitData("the answer");
                    c.check((p.header().control() & 0x01) != 0, String.format("control 0x%02X: %s", p.header().control(), p.hex()));
                }),
                ConformCase.peripheral("1.3.1", MUST, "Data from the peer uses the channel's socket pair, PSID = SSID (§1.3)", c -> {
                    c.start();
                    CaseContext.Responder service = c.responder();
                    c.open(service.socket());
                    c.sendMessage(service.socket(), service.request(10));
                    c.grant(service.socket(), 1);
                    Packet p = c.awaitData("the answer");
                    c.check(p.header().primarySocket() == service.socket() && p.header().secondarySocket() == service.socket(),
                            "answer on " + p.header().primarySocket() + "/" + p.header().secondarySocket() + ": " + p.hex());
                }),
                ConformCase.peripheral("1.4.1", MUST, "Init written one byte at a time is reassembled and answered", c -> {
                    if (c.usesEntry(c.revision())) {
                        c.enter();
                    }
                    byte[] init = encode(new Init(c.revision()), c.revision());
                    for (int i = 0; i < init.length; i++) {
                        c.wire().sendRaw(Arrays.copyOfRange(init, i, i + 1), "Init byte " + i);
                    }
                    c.awaitReply(Opcode.INIT);
                }),
                ConformCase.peripheral("1.4.2", MUST, "A header and its body in separate writes (as HPLIP writes them, §7.1) are answered", c -> {
                    c.start();
                    byte[] get = encode(new GetSocketId(Steps.someService(c)), c.revision());
                    c.wire().sendRaw(Arrays.copyOfRange(get, 0, 6), "GetSocketID header");
                    c.wire().sendRaw(Arrays.copyOfRange(get, 6, get.length), "GetSocketID body");
                    c.awaitReply(Opcode.GET_SOCKET_ID);
                }),
                ConformCase.peripheral("1.4.3", MUST, "Init and GetSocketID in one write are both answered, in order (§1.4, §12.13)", c -> {
                    if (c.usesEntry(c.revision())) {
                        c.enter();
                    }
                    ByteArrayOutputStream both = new ByteArrayOutputStream();
                    both.writeBytes(encode(new Init(c.revision()), c.revision()));
                    both.writeBytes(encode(new GetSocketId(Steps.someService(c)), c.revision()));
                    c.wire().sendRaw(both.toByteArray(), "Init and GetSocketID in one write");
                    c.awaitReply(Opcode.INIT);
                    c.awaitReply(Opcode.GET_SOCKET_ID);
                }));
    }

    /** Sends the entry packet if the run uses it, then Init; returns the context to await the reply on. */
    private static CaseContext initRaw(CaseContext c) throws Exception {
        if (c.usesEntry(c.revision())) {
            c.enter();
        }
        c.wire().send(new Init(c.revision()));
        return c;
    }

    /** The bytes of {@code t} in {@code revision}'s layout. */
    static byte[] encode(org.dot4j.wire.Transaction t, int revision) {
        ByteBuffer buf = ByteBuffer.allocate(TransactionCodec.encodedLength(t, revision));
        TransactionCodec.encode(t, revision, buf);
        return buf.array();
    }
}
