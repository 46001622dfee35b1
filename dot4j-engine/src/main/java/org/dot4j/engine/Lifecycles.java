package org.dot4j.engine;

import static org.dot4j.engine.LinkState.DOWN;
import static org.dot4j.engine.LinkState.INITIALIZING;
import static org.dot4j.engine.LinkState.READY;
import static org.dot4j.engine.LinkState.UNINITIALIZED;

/**
 * The engine's two state machines, one table each: the link's conversation ({@link LinkState}) and each channel's
 * life ({@link Channel.State}). {@link LinkEngine#move} and {@link Channel#move} are the only places either state
 * changes; a move not in its table raises {@link IllegalTransitionException}.
 */
final class Lifecycles {

    /** What moves the conversation. */
    enum LinkEvent {
        /** Host: we sent (queued) Init. */
        INIT_SENT,
        /** Host: the peer accepted our Init. */
        INIT_ACCEPTED,
        /** Host: the peer refused our Init (after the MLC fallback, if tried). */
        INIT_REFUSED,
        /** Peripheral: the host's Init was accepted. */
        PEER_INIT,
        /** Host: the peer answered our Exit. */
        EXIT_ANSWERED,
        /** The peer sent Exit while the conversation was up. */
        PEER_EXIT,
        /** The link failed or closed. */
        LINK_LOST
    }

    /** What moves a channel. */
    enum ChannelEvent {
        /** Our OpenChannel was accepted. */
        OPEN_ACCEPTED,
        /** We sent CloseChannel for an open channel. */
        CLOSE_SENT,
        /** An open succeeded that nobody wants any more (cancelled, unusable sizes): we close it on the wire. */
        UNWANTED_OPEN,
        /** The channel left the wire without our close: peer close, Init, Exit, link down. */
        ENDED_ON_WIRE,
        /** The application or the engine is done with it (closed, failed, cancelled). */
        FORGOTTEN
    }

    static final TransitionTable<LinkState, LinkEvent> LINK = TransitionTable.of("link", LinkState.class, LinkEvent.class)
            .allow(LinkEvent.INIT_SENT, INITIALIZING, UNINITIALIZED, INITIALIZING, READY)
            .allow(LinkEvent.INIT_ACCEPTED, READY, INITIALIZING)
            .allow(LinkEvent.INIT_REFUSED, UNINITIALIZED, INITIALIZING)
            .allow(LinkEvent.PEER_INIT, READY, UNINITIALIZED, READY)
            .allow(LinkEvent.EXIT_ANSWERED, UNINITIALIZED, READY)
            .allow(LinkEvent.PEER_EXIT, UNINITIALIZED, READY)
            .allow(LinkEvent.LINK_LOST, DOWN, UNINITIALIZED, INITIALIZING, READY)
            .build();

    /** Channels start OPENING (we open) or OPEN (the peer opened); this is every move after that. */
    static final TransitionTable<Channel.State, ChannelEvent> CHANNEL =
            TransitionTable.of("channel", Channel.State.class, ChannelEvent.class)
                    .allow(ChannelEvent.OPEN_ACCEPTED, Channel.State.OPEN, Channel.State.OPENING)
                    .allow(ChannelEvent.CLOSE_SENT, Channel.State.CLOSING, Channel.State.OPEN)
                    .allow(ChannelEvent.UNWANTED_OPEN, Channel.State.CLOSING, Channel.State.OPENING)
                    .allow(ChannelEvent.ENDED_ON_WIRE, Channel.State.CLOSED, Channel.State.OPENING, Channel.State.OPEN)
                    .allow(ChannelEvent.FORGOTTEN, Channel.State.CLOSED, Channel.State.values())
                    .build();

    private Lifecycles() {
    }
}
