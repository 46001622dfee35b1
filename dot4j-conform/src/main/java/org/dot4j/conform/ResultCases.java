package org.dot4j.conform;

import static org.dot4j.conform.Level.MUST;
import static org.dot4j.conform.Level.SHOULD;

import java.util.ArrayList;
import java.util.List;
import org.dot4j.wire.ResultCode;
import org.dot4j.wire.Transaction.*;

/**
 * Reference §3.5: what the peer answers a command it cannot carry out. Each refusal must be a well-formed reply
 * with a non-zero result (a MUST: hosts wait for it); that it is the code §3.5 names is one SHOULD case for all.
 */
final class ResultCases {

    /** A refusal scenario: what to do, and the code §3.5 names for it. */
    private record Refusal(String what, ResultCode expected, Scenario scenario) {}

    @FunctionalInterface
    private interface Scenario {
        /** Runs the command after Init and returns its reply. */
        Reply run(CaseContext c) throws Exception;
    }

    private static final List<Refusal> REFUSALS = List.of(
            new Refusal("GetSocketID of a service the peer does not have", ResultCode.SERVICE_NAME_NOT_FOUND,
                    c -> c.call(new GetSocketId("NO-SUCH-SERVICE"), GetSocketIdReply.class)),
            new Refusal("OpenChannel on a socket no service uses (0xEE)", ResultCode.SERVICE_NOT_AVAILABLE,
                    c -> c.call(c.openCommand(Steps.UNUSED_SOCKET, CaseContext.PACKET_SIZE, CaseContext.PACKET_SIZE), OpenChannelReply.class)),
            new Refusal("OpenChannel with packet sizes of 3 bytes", ResultCode.INVALID_PACKET_SIZE,
                    c -> c.call(c.openCommand(c.responder().socket(), 3, 3), OpenChannelReply.class)),
            new Refusal("OpenChannel with packet size 0 both ways", ResultCode.ZERO_PACKET_SIZES,
                    c -> c.call(c.openCommand(c.responder().socket(), 0, 0), OpenChannelReply.class)),
            new Refusal("CloseChannel of a channel that is not open", ResultCode.CHANNEL_NOT_OPEN,
                    c -> c.call(new CloseChannel(c.responder().socket(), c.responder().socket(), 0), CloseChannelReply.class)),
            new Refusal("CloseChannel of the transaction channel 0/0", ResultCode.CANNOT_CLOSE_TRANSACTION_CHANNEL,
                    c -> c.call(new CloseChannel(0, 0, 0), CloseChannelReply.class)),
            new Refusal("Credit on a channel that is not open", ResultCode.CHANNEL_NOT_OPEN,
                    c -> c.call(new Credit(c.responder().socket(), c.responder().socket(), 1), CreditReply.class)),
            new Refusal("CreditRequest on a channel that is not open", ResultCode.CHANNEL_NOT_OPEN,
                    c -> c.call(c.creditRequestCommand(c.responder().socket()), CreditRequestReply.class)));

    private ResultCases() {}

    static List<ConformCase> cases() {
        List<ConformCase> cases = new ArrayList<>();
        int n = 1;
        for (Refusal r : REFUSALS) {
            cases.add(ConformCase.peripheral("3.5." + n++, MUST, r.what() + " is refused with a reply", c -> {
                c.start();
                Reply reply = r.scenario().run(c);
                c.check(!reply.succeeded(), r.what() + " succeeded");
            }));
        }
        cases.add(ConformCase.peripheral("3.5." + n, SHOULD, "Each refusal of 3.5.1-3.5." + (n - 1) + " carries the result code §3.5 names", c -> {
            List<String> wrong = new ArrayList<>();
            for (Refusal r : REFUSALS) {
                c.reconnect();
                c.start();
                Reply reply = r.scenario().run(c);
                if (reply.result() != r.expected()) {
                    wrong.add(r.what() + ": " + reply.result().name() + " instead of " + r.expected().name());
                }
            }
            c.check(wrong.isEmpty(), String.join("; ", wrong));
        }));
        return cases;
    }
}
