package org.dot4j.driver;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.helpers.MessageFormatter;
import org.junit.jupiter.api.Test;

/** Log lines leave the driver outside its lock, in order, and a flood of violations stays a few lines. */
class NoticesTest {

    /** Records what was logged (the boundary: the real binding writes to stderr). */
    static final class RecordingLogger extends LegacyAbstractLogger {
        final List<String> lines = new ArrayList<>();
        final List<Boolean> lockHeld = new ArrayList<>();
        final ReentrantLock lock;

        RecordingLogger(ReentrantLock lock) {
            this.lock = lock;
        }

        @Override
        protected String getFullyQualifiedCallerName() {
            return null;
        }

        @Override
        protected void handleNormalizedLoggingCall(Level level, Marker marker, String pattern, Object[] args, Throwable t) {
            lines.add(level + " " + MessageFormatter.basicArrayFormat(pattern, args));
            lockHeld.add(lock.isHeldByCurrentThread());
        }

        @Override public boolean isTraceEnabled() { return true; }
        @Override public boolean isDebugEnabled() { return true; }
        @Override public boolean isInfoEnabled() { return true; }
        @Override public boolean isWarnEnabled() { return true; }
        @Override public boolean isErrorEnabled() { return true; }
    }

    final ReentrantLock lock = new ReentrantLock();
    final RecordingLogger log = new RecordingLogger(lock);
    final Notices notices = new Notices(log, "peer", lock);

    @Test
    void aHundredThousandViolationsBecomeTheFirstFewAndOneCount() {
        lock.lock();
        try {
            for (int i = 0; i < 100_000; i++) {
                notices.violation("junk " + i);
            }
            notices.flushSuppressed();
            notices.run();                       // refused: the lock is held
            assertThat(log.lines).isEmpty();
        } finally {
            lock.unlock();
        }
        notices.run();
        assertThat(log.lines).hasSize(Notices.BURST + 1);
        assertThat(log.lines.get(0)).isEqualTo("WARN peer: junk 0");
        assertThat(log.lines.get(Notices.BURST)).contains((100_000 - Notices.BURST) + " more protocol violations");
        assertThat(log.lockHeld).containsOnly(false);
    }

    @Test
    void queuedActionsRunOnceInTheOrderQueued() {
        List<Integer> order = new ArrayList<>();
        lock.lock();
        try {
            for (int i = 0; i < 5; i++) {
                int n = i;
                notices.later(() -> order.add(n));
            }
        } finally {
            lock.unlock();
        }
        notices.run();
        notices.run();
        assertThat(order).containsExactly(0, 1, 2, 3, 4);
    }

    @Test
    void aFailingObserverDoesNotStopTheOthers() {
        List<String> seen = new ArrayList<>();
        notices.later(() -> {
            throw new IllegalStateException("observer bug");
        });
        notices.later(() -> seen.add("next"));
        notices.run();
        assertThat(seen).containsExactly("next");
        assertThat(log.lines).singleElement().asString().contains("an observer failed");
    }
}
