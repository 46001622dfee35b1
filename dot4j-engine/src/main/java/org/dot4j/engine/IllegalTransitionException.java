package org.dot4j.engine;

/**
 * An engine bug: a state machine was asked for a move its transition table does not have. Names the machine
 * ("link" or "channel"), the state it was in and the event. Never caused by what a peer or caller sends: their
 * input is checked before any move.
 */
public final class IllegalTransitionException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    private final String machine;
    private final String state;
    private final String event;

    IllegalTransitionException(String machine, String state, String event) {
        super(machine + " state machine: event " + event + " is not allowed in state " + state);
        this.machine = machine;
        this.state = state;
        this.event = event;
    }

    /** The state machine: "link" or "channel". */
    public String machine() {
        return machine;
    }

    /** The state the machine was in. */
    public String state() {
        return state;
    }

    /** The event it could not take there. */
    public String event() {
        return event;
    }
}
