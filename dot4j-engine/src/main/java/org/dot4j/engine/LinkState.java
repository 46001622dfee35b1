package org.dot4j.engine;

/** The conversation's state on one link; transitions live in {@link LinkEngine} and {@link PeerTransactions}. */
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
