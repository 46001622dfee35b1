package org.dot4j.engine;

import static org.dot4j.engine.Culprit.CALLER;
import static org.dot4j.engine.Culprit.LIFECYCLE;
import static org.dot4j.engine.Culprit.PEER;

/**
 * Why a command failed or was refused, with what it affects ({@link #scope()}) and who caused it
 * ({@link #culprit()}); the driver maps each to an NTSTATUS.
 */
public enum Failure {
    /** Init has not completed (or the peer exited). */
    NOT_READY(Scope.LINK, LIFECYCLE),
    /** The link is down; nothing more can happen on it. */
    LINK_DOWN(Scope.LINK, Culprit.LINK),
    /** No such channel is open. */
    UNKNOWN_CHANNEL(Scope.CHANNEL, CALLER),
    /** No such local socket is registered. */
    UNKNOWN_SOCKET(Scope.REQUEST, CALLER),
    /** A channel between these sockets is already open or opening. */
    CHANNEL_BUSY(Scope.CHANNEL, CALLER),
    /** Too many channels or queued commands on the link. */
    NO_RESOURCES(Scope.LINK, CALLER),
    /** No reply came within the reply timeout. */
    TIMEOUT(Scope.REQUEST, PEER),
    /** The peer answered with a non-success result. */
    REFUSED(Scope.REQUEST, PEER),
    /** The peer answered our command with an Error packet. */
    PEER_ERROR(Scope.REQUEST, PEER),
    /** The peer cannot take this command (e.g. an Epson-draft host is never sent commands). */
    NOT_ALLOWED(Scope.REQUEST, CALLER),
    /** The channel was closed, the request cancelled or the conversation restarted while the command waited. */
    CANCELLED(Scope.REQUEST, LIFECYCLE);

    private final Scope scope;
    private final Culprit culprit;

    Failure(Scope scope, Culprit culprit) {
        this.scope = scope;
        this.culprit = culprit;
    }

    /** What the failure affects beyond the request that reports it. */
    public Scope scope() {
        return scope;
    }

    /** Who caused it. */
    public Culprit culprit() {
        return culprit;
    }
}
