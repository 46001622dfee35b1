package org.dot4j.sim;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Waits for a state instead of sleeping for it: polls a condition until it holds or a deadline passes. */
final class Await {

    private static final long POLL_MILLIS = 5;

    private Await() {}

    /** Returns once {@code condition} holds; fails the test with {@code what} and its state after {@code timeout}. */
    static void until(Duration timeout, BooleanSupplier condition, Supplier<String> what) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("not within " + timeout.toMillis() + " ms: " + what.get());
            }
            Thread.sleep(POLL_MILLIS);
        }
    }
}
