package org.dot4j.engine;

import java.util.OptionalLong;

/**
 * When a channel that has data to send and no send credit asks the peer with CreditRequest (reference §5.4;
 * issue 10 defect 4). A grant is <em>owed</em> from the moment the channel runs dry with data waiting; a
 * CreditRequest goes out only once it has been owed for longer than the wait, the larger of
 * <ul>
 *   <li>the back-off: 0 at first, raised by each request answered with nothing (doubling from the engine's
 *       credit retry up to a second), back to 0 only when a request brings credit (asking works with this peer);
 *       credit the peer pushes (Credit, piggy-back) settles the debt but leaves the back-off alone. A peer that
 *       grants by Credit(1) per read and answers every request with 0 (HPLIP as host, Q-H6) is thus asked about
 *       once, then only when a push is overdue, not after nearly every packet;</li>
 *   <li>the push wait: how long the dialect gives a peer to push credit on its own (an MLC "gusher", §6.2).</li>
 * </ul>
 * Times are compared as differences (any long is a valid time; clocks wrap). Part of a {@link Channel}.
 */
final class CreditWait {

    /** A grant is owed since {@link #since}. */
    private boolean owed;
    private long since;
    /** Current back-off after zero answers. */
    private long backoff;

    /** The channel ran dry with data waiting: the debt starts now unless it already runs. */
    void owe(long now) {
        if (!owed) {
            owed = true;
            since = now;
        }
    }

    /** Credit arrived, or nothing waits any more: nothing is owed. */
    void settle() {
        owed = false;
    }

    /** True when the grant has been owed longer than the wait. */
    boolean due(long now, long pushWait) {
        return owed && now - since - patience(pushWait) >= 0;
    }

    /** When the grant becomes overdue, if it is owed and the wait is not 0 (0: it is asked for at once). */
    OptionalLong deadline(long pushWait) {
        long wait = patience(pushWait);
        return owed && wait > 0 ? OptionalLong.of(since + wait) : OptionalLong.empty();
    }

    /** A CreditRequest brought nothing (or no reply): back off, and count the debt from now. */
    void refused(long now, long firstDelay, long maxDelay) {
        backoff = backoff == 0 ? firstDelay : Math.min(maxDelay, backoff * 2);
        owed = true;
        since = now;
    }

    /** A CreditRequest brought credit: the next shortage is asked about at once. */
    void answered() {
        backoff = 0;
        owed = false;
    }

    /** The back-off now (0 when asking works), for tests and status. */
    long backoff() {
        return backoff;
    }

    private long patience(long pushWait) {
        return Math.max(backoff, pushWait);
    }
}
