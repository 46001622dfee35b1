package org.dot4j.engine;

/** Why a channel left the wire without our close command. */
public enum CloseCause {
    /** The peer sent CloseChannel: the channel ended normally. */
    CLOSED_BY_PEER,
    /** Exit ended the conversation, and every channel with it, normally. */
    EXIT,
    /** Init restarted the conversation: channels open before it were cut off. */
    REINIT,
    /** The link went down. */
    LINK_DOWN
}
