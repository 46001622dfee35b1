package org.dot4j.conform;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The results of a run, as text for people: one line per case, the evidence under each failure, a line per
 * section and a total.
 *
 * @param target what was judged ("peripheral at tcp://..." or "host on unix-listen:...")
 * @param results every case run, in order
 * @param strict whether failed SHOULD cases count
 */
public record Report(String target, List<CaseResult> results, boolean strict) {

    /** True when no selected case fails the run. */
    public boolean passed() {
        return results.stream().noneMatch(r -> r.failsRun(strict));
    }

    /** Counts of one section (or of the whole run). */
    public record Counts(int total, int passed, int failed, int notMet, int skipped) {
        Counts add(CaseResult r, boolean strict) {
            return new Counts(total + 1, passed + (r.outcome().verdict() == Outcome.Verdict.PASS ? 1 : 0),
                    failed + (r.failsRun(strict) ? 1 : 0),
                    notMet + (r.outcome().verdict() == Outcome.Verdict.FAIL && !r.failsRun(strict) ? 1 : 0),
                    skipped + (r.outcome().verdict() == Outcome.Verdict.SKIP ? 1 : 0));
        }

        @Override
        public String toString() {
            return total + (total == 1 ? " case: " : " cases: ") + passed + " passed, " + failed + " failed, " + skipped + " skipped"
                    + (notMet > 0 ? ", " + notMet + " SHOULD not met (counted with --strict)" : "");
        }
    }

    /** Counts per section, in the order sections first appear. */
    public Map<String, Counts> bySection() {
        Map<String, Counts> out = new LinkedHashMap<>();
        for (CaseResult r : results) {
            out.merge(r.conformCase().section(), new Counts(0, 0, 0, 0, 0).add(r, strict), Report::sum);
        }
        return out;
    }

    /** Counts of the whole run. */
    public Counts total() {
        Counts c = new Counts(0, 0, 0, 0, 0);
        for (CaseResult r : results) {
            c = c.add(r, strict);
        }
        return c;
    }

    private static Counts sum(Counts a, Counts b) {
        return new Counts(a.total() + b.total(), a.passed() + b.passed(), a.failed() + b.failed(),
                a.notMet() + b.notMet(), a.skipped() + b.skipped());
    }

    /** One result's line, and for a failure its detail and evidence, indented. */
    public static void printResult(PrintWriter out, CaseResult r, boolean strict) {
        ConformCase cc = r.conformCase();
        out.printf("%-7s %-6s %-7s %s%n", cc.id(), cc.level(), r.label(strict), cc.title());
        Outcome o = r.outcome();
        if (!o.detail().isEmpty()) {
            out.println("                       " + o.detail());
        }
        for (String line : o.evidence()) {
            out.println("                         " + line);
        }
        out.flush();
    }

    /** The summary after the case lines: per section, then the total. */
    public void printSummary(PrintWriter out, Map<String, String> sectionTitles) {
        out.println();
        bySection().forEach((section, counts) -> out.printf("§%-4s %-40s %s%n", section,
                sectionTitles.getOrDefault(section, ""), counts));
        out.println((passed() ? "PASSED " : "FAILED ") + target + ": " + total());
        out.flush();
    }
}
