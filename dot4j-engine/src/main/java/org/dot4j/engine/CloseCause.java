package org.dot4j.engine;

/** Why a channel left the wire without our close command, with its scope and who ended it. */
public enum CloseCause {
    /** The peer sent CloseChannel: the channel ended normally. */
    CLOSED_BY_PEER(Scope.CHANNEL, Culprit.PEER, true),
    /** Exit ended the conversation, and every channel with it, normally. */
    EXIT(Scope.LINK, Culprit.LIFECYCLE, true),
    /** Init restarted the conversation: channels open before it were cut off. */
    REINIT(Scope.LINK, Culprit.LIFECYCLE, false),
    /** The link went down. */
    LINK_DOWN(Scope.LINK, Culprit.LINK, false);

    private final Scope scope;
    private final Culprit culprit;
    private final boolean normal;

    CloseCause(Scope scope, Culprit culprit, boolean normal) {
        this.scope = scope;
        this.culprit = culprit;
        this.normal = normal;
    }

    /** One channel, or every channel of the link. */
    public Scope scope() {
        return scope;
    }

    /** Who ended the channel. */
    public Culprit culprit() {
        return culprit;
    }

    /** True for an orderly end (data the peer sent is all there); false when the channel was cut off. */
    public boolean endsNormally() {
        return normal;
    }
}
