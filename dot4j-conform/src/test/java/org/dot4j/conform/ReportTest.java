package org.dot4j.conform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/** Counting, selecting and the JUnit XML file. */
class ReportTest {

    @TempDir
    Path dir;

    static final ConformCase MUST_CASE = ConformCase.peripheral("7.3.1", Level.MUST, "a must", c -> { });
    static final ConformCase SHOULD_CASE = ConformCase.peripheral("7.3.2", Level.SHOULD, "a should <&\"> with\u0001 odd text", c -> { });
    static final ConformCase OTHER = ConformCase.peripheral("1.7.1", Level.MUST, "elsewhere", c -> { });

    @Test
    void aFailedShouldFailsTheRunOnlyWhenStrict() {
        List<CaseResult> results = List.of(pass(MUST_CASE), fail(SHOULD_CASE));
        assertThat(new Report("x", results, false).passed()).isTrue();
        assertThat(new Report("x", results, true).passed()).isFalse();
        assertThat(results.get(1).label(false)).isEqualTo("not met");
        assertThat(results.get(1).label(true)).isEqualTo("FAIL");
        assertThat(new Report("x", results, false).total().toString())
                .isEqualTo("2 cases: 1 passed, 0 failed, 0 skipped, 1 SHOULD not met (counted with --strict)");
    }

    @Test
    void aSkipDoesNotFailTheRun() {
        assertThat(new Report("x", List.of(new CaseResult(MUST_CASE, new Outcome(Outcome.Verdict.SKIP, "skipped: no", List.of(), 0))), true)
                .passed()).isTrue();
    }

    @Test
    void aSectionSelectsItsCasesAndNoOthers() {
        assertThat(MUST_CASE.selectedBy("7")).isTrue();
        assertThat(MUST_CASE.selectedBy("7.3")).isTrue();
        assertThat(MUST_CASE.selectedBy("7.3.1")).isTrue();
        assertThat(MUST_CASE.selectedBy("7.3.")).isFalse();
        assertThat(MUST_CASE.selectedBy("7.31")).isFalse();
        assertThat(OTHER.selectedBy("7")).isFalse();
        assertThat(MUST_CASE.section()).isEqualTo("7.3");
    }

    @Test
    void caseIdsAreSectionDotNumberAndUnique() {
        assertThatThrownBy(() -> ConformCase.peripheral("7", Level.MUST, "t", c -> { })).hasMessageContaining("SECTION.N");
        List<ConformCase> all = PeripheralSuite.cases();
        assertThat(all).extracting(ConformCase::id).doesNotHaveDuplicates();
        assertThat(HostSuite.cases()).extracting(ConformCase::id).doesNotHaveDuplicates();
        assertThat(all).allSatisfy(c -> assertThat(PeripheralSuite.SECTIONS).containsKey(c.section()));
        assertThat(HostSuite.cases()).allSatisfy(c -> assertThat(HostSuite.SECTIONS).containsKey(c.section()));
    }

    @Test
    void theJUnitFileParsesWithTheRunsCountsPerSection() throws Exception {
        Report report = new Report("the peripheral at mem:x", List.of(pass(MUST_CASE), fail(SHOULD_CASE), pass(OTHER)), false);
        Path file = dir.resolve("junit.xml");
        JUnitXml.write(report, Map.of("7.3", "Epson", "1.7", "Other"), file);
        Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(file.toFile());
        Element root = doc.getDocumentElement();
        assertThat(root.getAttribute("tests")).isEqualTo("3");
        assertThat(root.getAttribute("failures")).isEqualTo("0");
        assertThat(root.getAttribute("skipped")).isEqualTo("1");
        var suites = doc.getElementsByTagName("testsuite");
        assertThat(suites.getLength()).isEqualTo(2);
        Element epson = (Element) suites.item(0);
        assertThat(epson.getAttribute("name")).isEqualTo("§7.3 Epson");
        assertThat(epson.getAttribute("tests")).isEqualTo("2");
        assertThat(doc.getElementsByTagName("skipped").item(0).getAttributes().getNamedItem("message").getNodeValue())
                .startsWith("SHOULD not met (counted with --strict): it broke");
        assertThat(Files.readString(file)).contains("a should &lt;&amp;&quot;&gt; with? odd text"); // the control character shows as ?

        Path strict = dir.resolve("strict.xml");
        JUnitXml.write(new Report("x", report.results(), true), Map.of(), strict);
        Document s = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(strict.toFile());
        assertThat(s.getDocumentElement().getAttribute("failures")).isEqualTo("1");
        assertThat(s.getElementsByTagName("failure").item(0).getTextContent()).contains("-> 00 00");
    }

    private static CaseResult pass(ConformCase c) {
        return new CaseResult(c, new Outcome(Outcome.Verdict.PASS, "", List.of(), 1));
    }

    private static CaseResult fail(ConformCase c) {
        return new CaseResult(c, new Outcome(Outcome.Verdict.FAIL, "it broke", List.of("+0 ms -> 00 00 00 08"), 2));
    }
}
