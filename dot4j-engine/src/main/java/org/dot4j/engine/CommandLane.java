package org.dot4j.engine;

import java.util.ArrayDeque;
import java.util.OptionalLong;
import org.dot4j.engine.CommandQueue.Late;
import org.dot4j.engine.CommandQueue.Pending;
import org.dot4j.engine.CommandQueue.Sent;
import org.dot4j.wire.Transaction;

/**
 * One line of our commands with at most one on the wire: the queue, the awaited command and its reply timer, and
 * the late commands whose replies are owed (oldest first). A peer answers a lane's commands in order. The
 * {@link CommandQueue} has two: one for what the application and the engine ask, one for credit. Not thread-safe.
 */
final class CommandLane {

    final String name;
    final ArrayDeque<Pending> queue = new ArrayDeque<>();
    /** The command awaiting its reply, or null. */
    Sent awaited;
    /** When {@link #awaited} times out. */
    long deadline;
    /** Oldest first; at most {@link CommandQueue#MAX_LATE}. */
    final ArrayDeque<Late> late = new ArrayDeque<>();

    CommandLane(String name) {
        this.name = name;
    }

    /** The reply timer, if a command is awaited. */
    OptionalLong deadline() {
        return awaited == null ? OptionalLong.empty() : OptionalLong.of(deadline);
    }

    /** True when the awaited command's reply timer has run out at {@code now}. */
    boolean timedOut(long now) {
        return awaited != null && now - deadline >= 0;
    }

    /** True when {@code next} may go: fewer than the bound of replies are owed, or it restarts the conversation. */
    boolean mayIssue(Pending next) {
        return late.size() < CommandQueue.MAX_LATE || (next instanceof Pending.Send send
                && (send.command() instanceof Transaction.Init || send.command() instanceof Transaction.EpsonPacking));
    }

    @Override
    public String toString() {
        return name + " lane";
    }
}
