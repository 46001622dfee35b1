package org.dot4j.engine;

/** What a failure, violation or close affects: one request, one channel, or the whole link. */
public enum Scope {
    /** Only the request it answers; the channel and the link go on. */
    REQUEST,
    /** One channel; the others and the link go on. */
    CHANNEL,
    /** The conversation or the link, and with it every channel and request on it. */
    LINK
}
