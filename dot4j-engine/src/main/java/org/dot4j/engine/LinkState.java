package org.dot4j.engine;

/** The conversation's state on one link; every move is in the engine's one transition table for it (Lifecycles). */
public enum LinkState {
    /** Link up, no conversation: a host must Init, a peripheral waits for Init. */
    UNINITIALIZED,
    /** Host: Init sent, reply awaited. */
    INITIALIZING,
    /** Conversation up: channels may open. */
    READY,
    /** The link is gone; terminal. */
    DOWN
}
