package org.dot4j.engine;

/** Who caused a failure, violation or close: what a program should fix, report or just retry. */
public enum Culprit {
    /** The program using the engine asked for something it may not (fix the call). */
    CALLER,
    /** The peer refused, did not answer, or broke the protocol (report it; a retry may help). */
    PEER,
    /** The link itself failed or closed (reconnect). */
    LINK,
    /** The conversation's normal course ended it: Init, Exit, a close, a cancel (nobody's fault). */
    LIFECYCLE
}
