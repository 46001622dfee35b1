package org.dot4j.engine;

/** How a channel presents received data: a byte stream, or messages whose boundaries are kept. */
public enum ChannelMode {
    /** Bytes in order; reads return whatever is available. */
    STREAM,
    /** Messages: each read returns at most one message (or the next piece of one larger than the buffer). */
    PACKET
}
