package org.dot4j.conform;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Runs cases one after another, each on a fresh link with its own {@link CaseContext}, and turns whatever happens
 * into an {@link Outcome}: a case's failure, a skip, a link that broke, or data the peer sent against the credit
 * rules on the way (§5.1), which fails the case it happened in.
 *
 * <p>Not thread-safe.
 */
public final class Runner {

    private final Connector connector;
    private final Settings settings;
    private final PeerFacts facts;

    /** A runner for the peer {@code connector} reaches. */
    public Runner(Connector connector, Settings settings) {
        this.connector = connector;
        this.settings = settings;
        this.facts = new PeerFacts(connector, settings);
    }

    /** The services the peer names, "HP-MESSAGE 1, PRINT 2" by socket; probed once. */
    public String services() throws IOException {
        var found = facts.services().entrySet().stream().sorted(java.util.Map.Entry.comparingByValue())
                .map(e -> e.getKey() + " " + e.getValue()).toList();
        return found.isEmpty() ? "none of " + PeerFacts.SERVICES : String.join(", ", found);
    }

    /** Runs {@code cases} in order, handing each result to {@code progress} as it ends. */
    public List<CaseResult> run(List<ConformCase> cases, Consumer<CaseResult> progress) {
        List<CaseResult> results = new ArrayList<>();
        for (ConformCase cc : cases) {
            CaseResult r = new CaseResult(cc, runOne(cc));
            results.add(r);
            progress.accept(r);
        }
        return results;
    }

    private Outcome runOne(ConformCase cc) {
        long start = System.nanoTime();
        CaseContext c = new CaseContext(connector, settings, facts);
        Outcome.Verdict verdict = Outcome.Verdict.PASS;
        String detail = "";
        try {
            switch (cc.body()) {
                case ConformCase.Steps steps -> steps.run(c);
                case ConformCase.HostCheck h -> throw new IllegalArgumentException(cc.id() + " judges a host; run it with --role host");
            }
            c.drainArrived();
            detail = c.remark();
        } catch (CaseFailure f) {
            verdict = f.isSkip() ? Outcome.Verdict.SKIP : Outcome.Verdict.FAIL;
            detail = (f.isSkip() ? "skipped: " : "") + f.getMessage();
        } catch (IOException e) {
            verdict = Outcome.Verdict.FAIL;
            detail = "link failed: " + e.getMessage();
        } catch (Exception | AssertionError e) {
            verdict = Outcome.Verdict.FAIL;
            detail = "the case could not run: " + e;
        }
        List<String> violations = c.violations();
        if (!violations.isEmpty() && verdict != Outcome.Verdict.SKIP) {
            detail = (verdict == Outcome.Verdict.FAIL ? detail + "; " : "") + String.join("; ", violations);
            verdict = Outcome.Verdict.FAIL;
        }
        List<String> evidence = verdict == Outcome.Verdict.FAIL ? c.transcript() : List.of();
        try {
            c.close();
        } catch (IOException e) {
            // the case is over; a link that fails to close has nothing more to tell
        }
        return new Outcome(verdict, detail, evidence, (System.nanoTime() - start) / 1_000_000);
    }
}
