package org.dot4j.conform;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.dot4j.capture.Xml;

/**
 * Writes a {@link Report} as JUnit XML, the format CI servers read: one {@code testsuite} per reference section,
 * one {@code testcase} per case. A failed SHOULD that does not count (no {@code --strict}) is written as skipped
 * with the reason, so the file's failure count equals the run's.
 */
public final class JUnitXml {

    private JUnitXml() {}

    /** Writes {@code report} to {@code file}, replacing it. */
    public static void write(Report report, Map<String, String> sectionTitles, Path file) throws IOException {
        StringBuilder x = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        Report.Counts total = report.total();
        x.append(String.format("<testsuites name=\"%s\" tests=\"%d\" failures=\"%d\" skipped=\"%d\">%n",
                Xml.escape("dot4 conform " + report.target()), total.total(), total.failed(), total.skipped() + total.notMet()));
        report.bySection().forEach((section, counts) -> {
            x.append(String.format("  <testsuite name=\"%s\" tests=\"%d\" failures=\"%d\" errors=\"0\" skipped=\"%d\">%n",
                    Xml.escape("§" + section + " " + sectionTitles.getOrDefault(section, "")), counts.total(), counts.failed(),
                    counts.skipped() + counts.notMet()));
            for (CaseResult r : report.results()) {
                if (r.conformCase().section().equals(section)) {
                    testcase(x, r, report.strict());
                }
            }
            x.append("  </testsuite>\n");
        });
        x.append("</testsuites>\n");
        Files.writeString(file, x, StandardCharsets.UTF_8);
    }

    private static void testcase(StringBuilder x, CaseResult r, boolean strict) {
        ConformCase cc = r.conformCase();
        Outcome o = r.outcome();
        x.append(String.format("    <testcase classname=\"dot4.conform.%s\" name=\"%s\" time=\"%.3f\"",
                Xml.escape(cc.section()), Xml.escape(cc.id() + " " + cc.level() + " " + cc.title()), o.millis() / 1000.0));
        if (o.verdict() == Outcome.Verdict.PASS) {
            x.append("/>\n");
            return;
        }
        x.append(">\n");
        if (r.failsRun(strict)) {
            x.append("      <failure message=\"").append(Xml.escape(o.detail())).append("\">")
                    .append(Xml.escape(String.join("\n", o.evidence()))).append("</failure>\n");
        } else {
            String why = o.verdict() == Outcome.Verdict.SKIP ? o.detail() : "SHOULD not met (counted with --strict): " + o.detail();
            x.append("      <skipped message=\"").append(Xml.escape(why)).append("\"/>\n");
        }
        x.append("    </testcase>\n");
    }
}
