package org.dot4j.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.dot4j.wire.ResultCode;
import org.dot4j.wire.Transaction;
import org.junit.jupiter.api.Test;

/**
 * What goes on the wire first: credit is never stuck behind a command awaiting its reply (it has its own lane),
 * and data packets take turns over the channels.
 */
class TransmitSchedulerTest {

    @Test
    void aCreditRequestGoesWhileASlowOpenChannelAwaitsItsReply() {
        ScriptedPeer s = new ScriptedPeer(EnginePair.CLOCK_ORIGIN);
        long channel = s.openChannel();
        s.host.registerSocket(new LocalSocket(3, "", ChannelMode.STREAM, 4096, 512, 0, false));
        s.host.openChannel(3, 3);
        assertThat(s.transmit()).containsExactly("OPEN_CHANNEL");

        s.host.write(channel, ByteBuffer.allocate(100), false);
        assertThat(s.transmit()).as("asked while OpenChannel 3/3 is unanswered").containsExactly("CREDIT_REQUEST");
        s.peer(new Transaction.CreditRequestReply(ResultCode.SUCCESS, 2, 2, 1));
        assertThat(s.transmit()).as("the grant came first: data flows").containsExactly("DATA 2/2");

        s.peer(new Transaction.OpenChannelReply(ResultCode.SUCCESS, 3, 3, 512, 512, 0xFFFF, 0));
        assertThat(s.events).anyMatch(e -> e instanceof EngineEvent.Completed c
                && c.outcome() instanceof EngineEvent.ChannelOpened o && o.key().equals(new ChannelKey(3, 3)));
    }

    @Test
    void repliesOnEitherLaneMayComeInEitherOrder() {
        ScriptedPeer s = new ScriptedPeer(EnginePair.CLOCK_ORIGIN);
        long channel = s.openChannel();
        long lookup = s.host.getSocketId("PRINT");
        assertThat(s.transmit()).containsExactly("GET_SOCKET_ID");
        s.host.write(channel, ByteBuffer.allocate(100), false);
        assertThat(s.transmit()).containsExactly("CREDIT_REQUEST");

        s.peer(new Transaction.GetSocketIdReply(ResultCode.SUCCESS, 2, "PRINT"));
        s.peer(new Transaction.CreditRequestReply(ResultCode.SUCCESS, 2, 2, 1));
        assertThat(s.transmit()).containsExactly("DATA 2/2");
        assertThat(s.events).contains(new EngineEvent.Completed(lookup, new EngineEvent.SocketIdFound(2)));
        assertThat(s.events).noneMatch(e -> e instanceof EngineEvent.ViolationDetected);
    }

    @Test
    void anErrorPacketAnswersTheCommandSentFirst() {
        ScriptedPeer s = new ScriptedPeer(EnginePair.CLOCK_ORIGIN);
        long channel = s.openChannel();
        s.host.write(channel, ByteBuffer.allocate(100), false);
        assertThat(s.transmit()).containsExactly("CREDIT_REQUEST");
        long lookup = s.host.getSocketId("PRINT");
        assertThat(s.transmit()).containsExactly("GET_SOCKET_ID");

        s.peer(Transaction.ErrorPacket.of(org.dot4j.wire.ErrorCode.MALFORMED_PACKET, 0, 0));
        assertThat(s.events).as("the lookup was sent second: still awaited")
                .noneMatch(e -> e instanceof EngineEvent.Completed c && c.requestId() == lookup);
        s.peer(new Transaction.GetSocketIdReply(ResultCode.SUCCESS, 2, "PRINT"));
        assertThat(s.events).contains(new EngineEvent.Completed(lookup, new EngineEvent.SocketIdFound(2)));
    }

    @Test
    void dataPacketsTakeTurnsOverTheChannels() {
        ScriptedPeer s = new ScriptedPeer(EnginePair.CLOCK_ORIGIN);
        long[] ids = {s.openChannel(), s.open(3), s.open(4)};
        for (int socket = 2; socket <= 4; socket++) {
            s.peer(new Transaction.Credit(socket, socket, 10));
            s.transmit(); // the CreditReply
        }
        for (long id : ids) {
            s.host.write(id, ByteBuffer.allocate(10 * 506), false);
        }
        List<String> order = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            order.addAll(s.transmit(512)); // room for one full packet per poll
        }
        assertThat(order.subList(0, 3)).as("one packet each").containsExactlyInAnyOrder("DATA 2/2", "DATA 3/3", "DATA 4/4");
        for (int i = 3; i < order.size(); i++) {
            assertThat(order.get(i)).as("packet %d takes the same turn as packet %d", i, i - 3).isEqualTo(order.get(i - 3));
        }
        List<String> burst = s.transmit();
        assertThat(burst).as("a big buffer: every channel, in turn, until credit runs out").hasSize(21);
        assertThat(burst.subList(0, 3)).containsExactlyInAnyOrder("DATA 2/2", "DATA 3/3", "DATA 4/4");
        for (String channel : List.of("DATA 2/2", "DATA 3/3", "DATA 4/4")) {
            assertThat(burst).as("packets of %s", channel).filteredOn(channel::equals).hasSize(7);
        }
    }
}
