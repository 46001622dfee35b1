package org.dot4j.conform;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.dot4j.driver.ByteLink;
import org.dot4j.driver.LinkListener;

/**
 * The host role: listens, lets one host connect, plays a peripheral for it ({@link PlayedPeripheral}) until it is
 * done, then judges what it did with the host cases.
 *
 * <p>Not thread-safe: one judgement at a time.
 */
public final class HostJudge {

    private final Settings settings;
    private final Duration acceptTimeout;
    private final Duration limit;

    /**
     * A judge that waits {@code acceptTimeout} for the host, {@code settings.timeout()} between its packets, and
     * judges after {@code limit} at the latest.
     */
    public HostJudge(Settings settings, Duration acceptTimeout, Duration limit) {
        this.settings = settings;
        this.acceptTimeout = acceptTimeout;
        this.limit = limit;
    }

    /**
     * Accepts one host on {@code listener} (closed when done), plays the conversation and judges {@code cases}.
     *
     * @param listening told the address once hosts can connect
     * @throws IOException when no host connects in time
     */
    public Judgement judge(LinkListener listener, List<ConformCase> cases, Consumer<String> listening) throws IOException {
        long start = System.nanoTime();
        HostObservations seen;
        try (listener) {
            listening.accept(listener.address());
            ByteLink link = accept(listener);
            try (Wire wire = new Wire(link)) {
                seen = new PlayedPeripheral(wire, settings.timeout(), limit).play();
            }
        }
        long millis = (System.nanoTime() - start) / 1_000_000;
        List<CaseResult> results = new ArrayList<>();
        for (ConformCase cc : cases) {
            if (!(cc.body() instanceof ConformCase.HostCheck check)) {
                throw new IllegalArgumentException(cc.id() + " judges a peripheral; run it without --role host");
            }
            Outcome outcome;
            try {
                check.check(seen);
                outcome = new Outcome(Outcome.Verdict.PASS, "", List.of(), millis);
            } catch (CaseFailure f) {
                outcome = f.isSkip() ? new Outcome(Outcome.Verdict.SKIP, "skipped: " + f.getMessage(), List.of(), millis)
                        : new Outcome(Outcome.Verdict.FAIL, f.getMessage(), seen.transcript, millis);
            }
            results.add(new CaseResult(cc, outcome));
        }
        return new Judgement(results, seen.summary());
    }

    /**
     * What the judge found.
     *
     * @param results one per case
     * @param summary one line on the conversation ({@link HostObservations#summary()})
     */
    public record Judgement(List<CaseResult> results, String summary) {}

    /** One host, within the accept timeout; closing the listener unblocks the accept if none comes. */
    private ByteLink accept(LinkListener listener) throws IOException {
        CompletableFuture<ByteLink> accepted = new CompletableFuture<>();
        Thread.ofPlatform().daemon().name("conform accept").start(() -> {
            try {
                accepted.complete(listener.accept());
            } catch (IOException | RuntimeException e) {
                accepted.completeExceptionally(e);
            }
        });
        try {
            return accepted.get(acceptTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            listener.close();
            throw new IOException("no host connected to " + listener.address() + " within " + acceptTimeout.toMillis() + " ms");
        } catch (ExecutionException e) {
            throw new IOException("accepting on " + listener.address() + " failed: " + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for a host");
        }
    }
}
