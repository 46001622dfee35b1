package org.dot4j.conform;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.dot4j.sim.SimConfig;
import org.dot4j.wire.Revision;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The simulator conforms: every case passes or skips for a stated reason, in both revisions. */
class SimConformanceTest {

    @TempDir
    Path spool;

    @Test
    void theSimulatorPassesEveryCaseAtRevision0x20() throws Exception {
        try (SimPeer sim = new SimPeer(spool, SimConfig.Profile.HP)) {
            Report report = run(sim.connector(), new Settings(Revision.IEEE_1284_4, false, Duration.ofSeconds(5), Duration.ofMillis(300), true, Duration.ZERO));
            assertThat(report.total().failed()).as(text(report)).isZero();
        }
    }

    @Test
    void theSimulatorPassesEveryCaseAsAnEpsonPrinter() throws Exception {
        try (SimPeer sim = new SimPeer(spool, SimConfig.Profile.EPSON)) {
            Report report = run(sim.connector(), new Settings(Revision.EPSON_DRAFT, true, Duration.ofSeconds(5), Duration.ofMillis(300), true, Duration.ZERO));
            assertThat(report.total().failed()).as(text(report)).isZero();
        }
    }

    static Report run(Connector connector, Settings settings) {
        List<CaseResult> results = new Runner(connector, settings).run(PeripheralSuite.cases(), r -> { });
        return new Report("sim", results, settings.strict());
    }

    static String text(Report report) {
        StringWriter s = new StringWriter();
        PrintWriter out = new PrintWriter(s);
        report.results().forEach(r -> Report.printResult(out, r, report.strict()));
        report.printSummary(out, PeripheralSuite.SECTIONS);
        return s.toString();
    }
}
