package org.dot4j.links.net;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.dot4j.links.Blocking;

/** A platform thread running one piece of test work, whose outcome a test collects with a bounded wait. */
public final class Background<T> {

    private final CompletableFuture<T> outcome = new CompletableFuture<>();
    private final Thread thread;

    private Background(String name, Callable<T> work) {
        thread = Thread.ofPlatform().name(name).daemon().unstarted(() -> {
            try {
                outcome.complete(work.call());
            } catch (Throwable t) {
                outcome.completeExceptionally(t);
            }
        });
        thread.start();
    }

    /** Starts {@code work} on a new thread. */
    public static <T> Background<T> start(String name, Callable<T> work) {
        return new Background<>(name, work);
    }

    /** Returns once the work is blocked in {@code type.method}; see {@link Blocking#awaitBlockedIn}. */
    public void awaitBlockedIn(Class<?> type, String method, Duration limit) {
        Blocking.awaitBlockedIn(thread, type, method, limit);
    }

    /** The work's result; fails the test when it threw or is still running after {@code limit}. */
    public T result(Duration limit) throws Exception {
        try {
            T value = outcome.get(limit.toMillis(), TimeUnit.MILLISECONDS);
            thread.join(limit);
            return value;
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        } catch (TimeoutException e) {
            throw new AssertionError(thread.getName() + " still running after " + limit, e);
        }
    }

    /** What the work threw, or null when it returned; fails the test when it is still running after {@code limit}. */
    public Throwable failure(Duration limit) throws InterruptedException {
        try {
            result(limit);
            return null;
        } catch (AssertionError e) {
            throw e;
        } catch (Exception e) {
            return e;
        }
    }

    /** Waits for the thread to end and reports whether it did within {@code limit}. */
    public boolean ended(Duration limit) throws InterruptedException {
        return thread.join(limit);
    }
}
