package org.dot4j.engine;

/** Why a channel left the wire without our close command. */
public enum CloseCause {
    /** The peer sent CloseChannel: the channel ended normally. */
    CLOSED_BY_PEER,
    /** Init or Exit ended the conversation and every channel with it. */
    CONVERSATION_RESET,
    /** The link went down. */
    LINK_DOWN
}
