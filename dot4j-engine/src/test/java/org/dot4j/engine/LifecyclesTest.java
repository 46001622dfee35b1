package org.dot4j.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.dot4j.engine.Lifecycles.ChannelEvent;
import org.dot4j.engine.Lifecycles.LinkEvent;
import org.junit.jupiter.api.Test;

/**
 * The two transition tables, written out again here: every listed move leads where it should, and every other
 * (state, event) pair raises {@link IllegalTransitionException} naming the machine, the state and the event.
 */
class LifecyclesTest {

    /** "STATE EVENT" to the state it leads to. */
    private static final Map<String, LinkState> LINK_MOVES = Map.ofEntries(
            Map.entry("UNINITIALIZED INIT_SENT", LinkState.INITIALIZING),
            Map.entry("INITIALIZING INIT_SENT", LinkState.INITIALIZING),
            Map.entry("READY INIT_SENT", LinkState.INITIALIZING),
            Map.entry("INITIALIZING INIT_ACCEPTED", LinkState.READY),
            Map.entry("INITIALIZING INIT_REFUSED", LinkState.UNINITIALIZED),
            Map.entry("UNINITIALIZED PEER_INIT", LinkState.READY),
            Map.entry("READY PEER_INIT", LinkState.READY),
            Map.entry("READY EXIT_ANSWERED", LinkState.UNINITIALIZED),
            Map.entry("READY PEER_EXIT", LinkState.UNINITIALIZED),
            Map.entry("UNINITIALIZED LINK_LOST", LinkState.DOWN),
            Map.entry("INITIALIZING LINK_LOST", LinkState.DOWN),
            Map.entry("READY LINK_LOST", LinkState.DOWN));

    private static final Map<String, Channel.State> CHANNEL_MOVES = Map.ofEntries(
            Map.entry("OPENING OPEN_ACCEPTED", Channel.State.OPEN),
            Map.entry("OPEN CLOSE_SENT", Channel.State.CLOSING),
            Map.entry("OPENING UNWANTED_OPEN", Channel.State.CLOSING),
            Map.entry("OPENING ENDED_ON_WIRE", Channel.State.CLOSED),
            Map.entry("OPEN ENDED_ON_WIRE", Channel.State.CLOSED),
            Map.entry("OPENING FORGOTTEN", Channel.State.CLOSED),
            Map.entry("OPEN FORGOTTEN", Channel.State.CLOSED),
            Map.entry("CLOSING FORGOTTEN", Channel.State.CLOSED),
            Map.entry("CLOSED FORGOTTEN", Channel.State.CLOSED));

    @Test
    void theLinkMovesOnlyAsItsTableSays() {
        int illegal = 0;
        for (LinkState state : LinkState.values()) {
            for (LinkEvent event : LinkEvent.values()) {
                LinkState expected = LINK_MOVES.get(state + " " + event);
                if (expected != null) {
                    assertThat(Lifecycles.LINK.next(state, event)).as("%s on %s", state, event).isEqualTo(expected);
                } else {
                    assertIllegal(() -> Lifecycles.LINK.next(state, event), "link", state.name(), event.name());
                    illegal++;
                }
            }
        }
        assertThat(illegal).as("illegal link moves").isEqualTo(LinkState.values().length * LinkEvent.values().length
                - LINK_MOVES.size());
    }

    @Test
    void aChannelMovesOnlyAsItsTableSays() {
        for (Channel.State state : Channel.State.values()) {
            for (ChannelEvent event : ChannelEvent.values()) {
                Channel.State expected = CHANNEL_MOVES.get(state + " " + event);
                if (expected != null) {
                    assertThat(Lifecycles.CHANNEL.next(state, event)).as("%s on %s", state, event).isEqualTo(expected);
                } else {
                    assertIllegal(() -> Lifecycles.CHANNEL.next(state, event), "channel", state.name(), event.name());
                }
            }
        }
    }

    @Test
    void downIsTerminal() {
        for (LinkEvent event : LinkEvent.values()) {
            assertIllegal(() -> Lifecycles.LINK.next(LinkState.DOWN, event), "link", "DOWN", event.name());
        }
    }

    @Test
    void aChannelObjectRaisesTheNamedErrorAndKeepsItsState() {
        Channel ch = new Channel(1, new ChannelKey(2, 2), LocalSocket.service(2, "PRINT", ChannelMode.STREAM),
                Channel.State.OPEN, 1024, new BufferPool());
        assertIllegal(() -> ch.move(ChannelEvent.OPEN_ACCEPTED), "channel", "OPEN", "OPEN_ACCEPTED");
        assertThat(ch.state).isEqualTo(Channel.State.OPEN);
        ch.move(ChannelEvent.CLOSE_SENT);
        assertThat(ch.state).isEqualTo(Channel.State.CLOSING);
    }

    @Test
    void anEngineRaisesTheNamedErrorForAnIllegalLinkMove() {
        LinkEngine engine = new LinkEngine(EngineConfig.peripheral());
        assertIllegal(() -> engine.move(LinkEvent.EXIT_ANSWERED), "link", "UNINITIALIZED", "EXIT_ANSWERED");
        assertThat(engine.state()).isEqualTo(LinkState.UNINITIALIZED);
        engine.handleLinkDown("test");
        assertIllegal(() -> engine.move(LinkEvent.PEER_INIT), "link", "DOWN", "PEER_INIT");
    }

    @Test
    void aTableRefusesTwoMovesForOneStateAndEvent() {
        assertThatThrownBy(() -> TransitionTable.of("t", LinkState.class, LinkEvent.class)
                .allow(LinkEvent.LINK_LOST, LinkState.DOWN, LinkState.READY)
                .allow(LinkEvent.LINK_LOST, LinkState.UNINITIALIZED, LinkState.READY))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("READY already has a move for LINK_LOST");
    }

    private static void assertIllegal(Runnable move, String machine, String state, String event) {
        assertThatThrownBy(move::run).isInstanceOfSatisfying(IllegalTransitionException.class, e -> {
            assertThat(e.machine()).isEqualTo(machine);
            assertThat(e.state()).isEqualTo(state);
            assertThat(e.event()).isEqualTo(event);
            assertThat(e).hasMessage(machine + " state machine: event " + event + " is not allowed in state " + state);
        });
    }
}
