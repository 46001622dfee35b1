package org.dot4j.engine;

/**
 * Names a channel on the wire: the socket on the primary (host) and the socket on the secondary
 * (peripheral), as they appear in bytes 0 and 1 of every packet of that channel.
 */
public record ChannelKey(int primarySocket, int secondarySocket) {

    /** Checks both ids are 1..255 (socket 0 is the transaction channel). */
    public ChannelKey {
        if (primarySocket < 1 || primarySocket > 255 || secondarySocket < 1 || secondarySocket > 255) {
            throw new IllegalArgumentException("channel sockets must be 1..255, got " + primarySocket + "/" + secondarySocket);
        }
    }

    /** The socket on our side of the link for {@code role}. */
    public int localSocket(Role role) {
        return role == Role.HOST ? primarySocket : secondarySocket;
    }

    /** The socket on the peer's side of the link for {@code role}. */
    public int peerSocket(Role role) {
        return role == Role.HOST ? secondarySocket : primarySocket;
    }

    /** The key of a channel between our {@code local} socket and the peer's {@code peer} socket. */
    public static ChannelKey of(Role role, int local, int peer) {
        return role == Role.HOST ? new ChannelKey(local, peer) : new ChannelKey(peer, local);
    }

    @Override
    public String toString() {
        return primarySocket + "/" + secondarySocket;
    }
}
