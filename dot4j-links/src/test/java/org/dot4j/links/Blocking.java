package org.dot4j.links;

import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Bounded waits for a state another thread brings about: above all, a thread blocked inside a given method,
 * the state a test of "X releases a blocked call" must reach before it does X, or it tests a call that never
 * blocked.
 */
public final class Blocking {

    /** The links' foreign-function wrapper: a thread whose innermost visible frame is there sits in a system call. */
    private static final String FOREIGN_CALLS = "org.dot4j.links.tty.Posix";
    /** Where a thread waits for a signal (not for a lock, which a call takes on its way in). */
    private static final String CONDITION = "java.util.concurrent.locks.AbstractQueuedSynchronizer$ConditionObject";
    private static final long POLL_NANOS = Duration.ofMillis(5).toNanos();

    private Blocking() {
    }

    /**
     * Returns once {@code condition} holds, checking it every few milliseconds. Fails the test with
     * {@code state}'s description of what it saw when {@code limit} passes first.
     */
    public static void await(String what, BooleanSupplier condition, Duration limit, Supplier<String> state) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("no " + what + " after " + limit + "; " + state.get());
            }
            LockSupport.parkNanos(POLL_NANOS);
        }
    }

    /**
     * Returns once {@code thread} is blocked in {@code type.method}: that frame is on its stack and the thread
     * waits on a condition or is in native or foreign code (a system call). Fails the test with the thread's
     * stack when {@code limit} passes first or the thread ends.
     */
    public static void awaitBlockedIn(Thread thread, Class<?> type, String method, Duration limit) {
        String where = type.getSimpleName() + "." + method;
        await(thread.getName() + " blocked in " + where, () -> {
            if (!thread.isAlive()) {
                throw new AssertionError(thread.getName() + " ended without blocking in " + where);
            }
            return isBlockedIn(thread, type.getName(), method);
        }, limit, () -> thread.getState() + " at\n" + Arrays.stream(thread.getStackTrace())
                .map(f -> "\tat " + f).collect(Collectors.joining("\n")));
    }

    private static boolean isBlockedIn(Thread thread, String className, String method) {
        StackTraceElement[] stack = thread.getStackTrace();
        if (Arrays.stream(stack).noneMatch(f -> f.getClassName().equals(className) && f.getMethodName().equals(method))) {
            return false;
        }
        Thread.State state = thread.getState();
        boolean parked = state == Thread.State.WAITING || state == Thread.State.TIMED_WAITING;
        return parked && Arrays.stream(stack).anyMatch(f -> f.getClassName().equals(CONDITION) && f.getMethodName().startsWith("await"))
                || stack[0].isNativeMethod() || stack[0].getClassName().equals(FOREIGN_CALLS);
    }
}
