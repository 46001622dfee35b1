package org.dot4j.conform;

import static org.dot4j.conform.Level.MUST;
import static org.dot4j.conform.Level.SHOULD;

import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.dot4j.wire.Opcode;
import org.dot4j.wire.Revision;
import org.dot4j.wire.Transaction;
import org.dot4j.wire.Transaction.EpsonPacking;
import org.dot4j.wire.Transaction.GetServiceName;
import org.dot4j.wire.Transaction.GetSocketId;
import org.dot4j.wire.Transaction.InitReply;

/** Reference §7.3 (Epson's entry packet) and §7.6 (timing: answers in time, slow and stalled hosts). */
final class LinkCases {

    /** The entry reply every Epson host expects, byte for byte (§7.3). */
    static final byte[] ENTRY_REPLY = HexFormat.of().parseHex("000000080100c500");
    /** HPLIP waits this long for a reply header (§7.6, Q-H2). */
    static final Duration HPLIP_HEADER_WAIT = Duration.ofSeconds(4);

    private LinkCases() {}

    static List<ConformCase> entry() {
        return List.of(
                ConformCase.peripheral("7.3.1", MUST, "The entry packet is answered with exactly 00 00 00 08 01 00 C5 00", c -> {
                    requireEntry(c);
                    c.wire().send(EpsonPacking.entry());
                    Packet p = c.awaitReply(Opcode.EPSON_PACKING);
                    c.check(Arrays.equals(p.bytes(), ENTRY_REPLY), "entry answered with " + p.hex());
                }),
                ConformCase.peripheral("7.3.2", MUST, "The entry packet is answered in packet mode too, after Init (§4.6)", c -> {
                    requireEntry(c);
                    c.start(Revision.EPSON_DRAFT);
                    c.enter();
                    Steps.stillAnswers(c);
                }),
                ConformCase.peripheral("7.3.3", MUST, "After the entry packet, Init 0x10 is answered with revision 0x10", c -> {
                    requireEntry(c);
                    InitReply r = c.start(Revision.EPSON_DRAFT);
                    c.check(r.revision() == Revision.EPSON_DRAFT, "InitReply names revision " + Revision.describe(r.revision()));
                }),
                ConformCase.peripheral("7.3.4", SHOULD, "16 KiB of NULs before the entry packet (d4lib's recovery) are dropped", c -> {
                    requireEntry(c);
                    c.wire().sendRaw(new byte[FramingCases.NUL_FLOOD], FramingCases.NUL_FLOOD + " NUL bytes");
                    c.enter();
                }));
    }

    static List<ConformCase> timing() {
        return List.of(
                ConformCase.peripheral("7.6.1", MUST, "InitReply comes within 4 s, HPLIP's reply-header wait (§7.6)", c -> {
                    long start = System.nanoTime();
                    c.start();
                    Duration took = Duration.ofNanos(System.nanoTime() - start);
                    c.check(took.compareTo(HPLIP_HEADER_WAIT) <= 0, "Init took " + took.toMillis() + " ms");
                    c.remark((c.usesEntry(c.revision()) ? "entry and " : "") + "Init answered in " + took.toMillis() + " ms");
                }),
                ConformCase.peripheral("7.6.2", MUST, "A packet whose body comes a quiet period after its header is still answered", c -> {
                    c.start();
                    byte[] get = FramingCases.encode(new GetSocketId(Steps.someService(c)), c.revision());
                    c.wire().sendRaw(Arrays.copyOfRange(get, 0, 6), "GetSocketID header");
                    c.watchQuiet();
                    c.wire().sendRaw(Arrays.copyOfRange(get, 6, get.length), "GetSocketID body, late");
                    c.awaitReply(Opcode.GET_SOCKET_ID);
                }),
                ConformCase.peripheral("7.6.3", MUST, "A host that grants no credit still gets its commands answered (an answer held for credit blocks nothing)", c -> {
                    c.start();
                    CaseContext.Responder service = c.responder();
                    c.open(service.socket());
                    c.sendMessage(service.socket(), service.request(10));
                    c.watchQuiet();
                    Steps.stillAnswers(c);
                }),
                ConformCase.peripheral("7.6.4", MUST, "Every transaction of a conversation is answered within 4 s (HPLIP's wait)", c -> {
                    c.start();
                    int socket = c.responder().socket();
                    long slowest = 0;
                    String slowestName = "";
                    List<Transaction.Command> commands = List.of(new GetSocketId(Steps.someService(c)), new GetServiceName(socket),
                            c.openCommand(socket, CaseContext.PACKET_SIZE, CaseContext.PACKET_SIZE), new Transaction.Credit(socket, socket, 1),
                            c.creditRequestCommand(socket), new Transaction.CloseChannel(socket, socket, 0), new Transaction.Exit());
                    for (Transaction.Command command : commands) {
                        long start = System.nanoTime();
                        c.wire().send(command);
                        c.awaitReply(command.opcode());
                        long ms = (System.nanoTime() - start) / 1_000_000;
                        c.check(ms <= HPLIP_HEADER_WAIT.toMillis(), command.opcode() + " took " + ms + " ms");
                        if (ms >= slowest) {
                            slowest = ms;
                            slowestName = command.opcode().toString();
                        }
                    }
                    c.remark("slowest reply: " + slowestName + " in " + slowest + " ms");
                }));
    }

    private static void requireEntry(CaseContext c) throws Exception {
        if (!c.settings().epsonEntry() && !c.answersEntry()) {
            throw CaseFailure.skipped("peer does not answer the Epson entry packet (run with --epson to require it)");
        }
    }
}
