package org.dot4j.daemon;

import java.util.ArrayDeque;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import org.dot4j.api.Dot4Exception;
import org.dot4j.daemon.ControlProtocol.Reply;

/**
 * A {@link DaemonClient}'s writes on their way: a WRITE with an INFINITE timeout is sent without waiting for the
 * daemon's answer, so the next one travels while the daemon queues the last (waiting for each answer held a job
 * to one 64 KiB write per round trip). The daemon runs a handle's writes in arrival order. Each answer is still
 * checked: a failure is thrown by the write that finds it, or by CLOSE_CHANNEL, which waits for every answer first;
 * so a job is reported whole only when every part of it was.
 *
 * <p>Thread-safe. A handle's writes are posted and settled under that handle's own monitor, which nothing else takes.
 */
final class PostedWrites {

    /** Writes one channel may have unanswered. */
    static final int PER_CHANNEL = 4;
    /** Writes one connection may have unanswered: half the daemon's limit of requests in flight, for other calls. */
    static final int PER_CONNECTION = ClientSession.MAX_IN_FLIGHT / 2;

    /** Sends one WRITE request; its future completes with the daemon's answer. */
    @FunctionalInterface
    interface Sender {
        CompletableFuture<Reply> send() throws Dot4Exception;
    }

    /** Checks the daemon's answer to a write of {@code size} bytes; throws when not all of them were taken. */
    @FunctionalInterface
    interface Check {
        void taken(Reply reply, int size) throws Dot4Exception;
    }

    private record Posted(CompletableFuture<Reply> reply, int size) {}

    private final DaemonConnection connection;
    private final Check check;
    private final Semaphore window = new Semaphore(PER_CONNECTION);
    private final Map<Integer, ArrayDeque<Posted>> byHandle = new ConcurrentHashMap<>();

    PostedWrites(DaemonConnection connection, Check check) {
        this.connection = connection;
        this.check = check;
    }

    /** Sends a write on {@code handle}, first waiting for (and checking) its oldest when the window is full. */
    void post(int handle, int size, Sender sender) throws Dot4Exception {
        ArrayDeque<Posted> posted = byHandle.computeIfAbsent(handle, h -> new ArrayDeque<>());
        synchronized (posted) {
            while (posted.size() >= PER_CHANNEL) {
                settleOne(posted.removeFirst());
            }
            try {
                window.acquire();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw Dot4Exception.cancelled("a write to the dot4 daemon (interrupted)");
            }
            CompletableFuture<Reply> reply;
            try {
                reply = sender.send();
            } catch (Dot4Exception | RuntimeException e) {
                window.release();
                throw e;
            }
            reply.whenComplete((r, e) -> window.release());
            posted.addLast(new Posted(reply, size));
        }
    }

    /** Waits for every write on {@code handle} to be answered; throws the first failure among them. */
    void settle(int handle) throws Dot4Exception {
        ArrayDeque<Posted> posted = byHandle.get(handle);
        if (posted == null) {
            return;
        }
        synchronized (posted) {
            Dot4Exception first = null;
            while (!posted.isEmpty()) {
                try {
                    settleOne(posted.removeFirst());
                } catch (Dot4Exception e) {
                    if (first == null) {
                        first = e;
                    }
                }
            }
            if (first != null) {
                throw first;
            }
        }
    }

    /** Forgets a closed handle (its writes settled). */
    void forget(int handle) {
        byHandle.remove(handle);
    }

    private void settleOne(Posted p) throws Dot4Exception {
        check.taken(connection.await(p.reply()), p.size());
    }
}
