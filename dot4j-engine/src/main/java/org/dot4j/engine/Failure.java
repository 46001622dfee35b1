package org.dot4j.engine;

/** Why a command failed or was refused; the driver maps each to an NTSTATUS. */
public enum Failure {
    /** Init has not completed (or the peer exited). */
    NOT_READY,
    /** The link is down; nothing more can happen on it. */
    LINK_DOWN,
    /** No such channel is open. */
    UNKNOWN_CHANNEL,
    /** No such local socket is registered. */
    UNKNOWN_SOCKET,
    /** A channel between these sockets is already open or opening. */
    CHANNEL_BUSY,
    /** Too many channels or queued commands. */
    NO_RESOURCES,
    /** No reply came within the reply timeout. */
    TIMEOUT,
    /** The peer answered with a non-success result. */
    REFUSED,
    /** The peer answered our command with an Error packet. */
    PEER_ERROR,
    /** The peer cannot take this command (e.g. an Epson-draft host is never sent commands). */
    NOT_ALLOWED,
    /** The channel was closed or the link reset while the command waited. */
    CANCELLED
}
