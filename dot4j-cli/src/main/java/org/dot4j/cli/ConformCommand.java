package org.dot4j.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.dot4j.conform.CaseResult;
import org.dot4j.conform.ConformCase;
import org.dot4j.conform.Connector;
import org.dot4j.conform.HostJudge;
import org.dot4j.conform.HostSuite;
import org.dot4j.conform.JUnitXml;
import org.dot4j.conform.PeripheralSuite;
import org.dot4j.conform.Report;
import org.dot4j.conform.Runner;
import org.dot4j.conform.Settings;
import org.dot4j.driver.ByteLink;
import org.dot4j.links.LinkUri;
import org.dot4j.links.Links;
import org.dot4j.wire.Revision;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code dot4 conform URI [SECTION...]} and {@code dot4 conform --role host --listen URI}: the conformance suite. */
@Command(name = "conform", mixinStandardHelpOptions = true, footer = ExitCode.FOOTER,
        description = {"Judge a 1284.4 peripheral (or, with --role host, a host) case by case.",
            "Cases are numbered by the reference section they check (7.3.2: section 7.3, case 2); give sections or "
                + "case ids to run only those. Each case runs on a fresh link. Exit status 0 only when every selected "
                + "case passed (skips are allowed); failed SHOULD cases count only with --strict."})
final class ConformCommand implements Callable<Integer> {

    @Parameters(paramLabel = "URI_OR_SECTION", arity = "0..*",
            description = "The peripheral's URI (not with --listen), then sections or case ids, e.g. 7 or 3.3 or 7.3.2.")
    List<String> arguments = new ArrayList<>();

    @Option(names = "--section", paramLabel = "SECTION", description = "Run only this section or case (repeatable).")
    List<String> sections = new ArrayList<>();

    @Option(names = "--role", defaultValue = "peripheral", paramLabel = "ROLE",
            description = "What is judged: peripheral (dot4 conform URI) or host (dot4 conform --role host --listen URI). Default: ${DEFAULT-VALUE}.")
    String role;

    @Option(names = "--listen", paramLabel = "URI", description = "Host role: where the host under test connects, e.g. unix-listen:/tmp/p.sock.")
    String listen;

    @Option(names = "--epson", description = "Epson's entry packet before every Init, and revision 0x10 for the cases of no one revision (same as ?epson-entry).")
    boolean epson;

    @Option(names = "--revision", paramLabel = "REV", description = "The run's revision: 0x20 (default) or 0x10 (same as ?revision=).")
    String revision;

    @Option(names = "--timeout", defaultValue = "5s", converter = DurationConverter.class, paramLabel = "DURATION",
            description = "Deadline of every wait for an answer. Default: ${DEFAULT-VALUE}.")
    Duration timeout;

    @Option(names = "--quiet", defaultValue = "500ms", converter = DurationConverter.class, paramLabel = "DURATION",
            description = "How long to watch for what must not come (data without credit, a reply to Error). Default: ${DEFAULT-VALUE}.")
    Duration quiet;

    @Option(names = "--accept-timeout", defaultValue = "60s", converter = DurationConverter.class, paramLabel = "DURATION",
            description = "Host role: how long to wait for the host to connect. Default: ${DEFAULT-VALUE}.")
    Duration acceptTimeout;

    @Option(names = "--limit", defaultValue = "10m", converter = DurationConverter.class, paramLabel = "DURATION",
            description = "Host role: judge after this long even if the host is still talking. Default: ${DEFAULT-VALUE}.")
    Duration limit;

    @Option(names = "--strict", description = "Count failed SHOULD cases as failures.")
    boolean strict;

    @Option(names = "--list", description = "Print the (selected) cases and exit.")
    boolean list;

    @Option(names = "--junit", paramLabel = "FILE", description = "Also write a JUnit XML report to FILE.")
    Path junit;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        boolean host = switch (role) {
            case "peripheral" -> false;
            case "host" -> true;
            default -> throw new IllegalArgumentException("unknown role '" + role + "'; use peripheral or host");
        };
        List<String> selectors = new ArrayList<>(sections);
        String uri = null;
        for (String a : arguments) {
            if (a.matches("\\d+(\\.\\d+)*")) {
                selectors.add(a);
            } else if (uri == null) {
                uri = a;
            } else {
                throw new IllegalArgumentException("'" + a + "' is neither a section (7, 3.3, 7.3.2) nor the only URI");
            }
        }
        List<ConformCase> all = host ? HostSuite.cases() : PeripheralSuite.cases();
        Map<String, String> titles = host ? HostSuite.SECTIONS : PeripheralSuite.SECTIONS;
        List<ConformCase> selected = select(all, selectors);
        PrintWriter out = spec.commandLine().getOut();
        if (list) {
            selected.forEach(c -> out.printf("%-7s %-6s %s%n", c.id(), c.level(), c.title()));
            out.printf("%d cases%n", selected.size());
            out.flush();
            return ExitCode.OK;
        }
        Report report = host ? judgeHost(uri, selected, out) : judgePeripheral(uri, selected, out);
        report.printSummary(out, titles);
        if (junit != null) {
            JUnitXml.write(report, titles, junit);
            out.println("JUnit report: " + junit.toAbsolutePath());
            out.flush();
        }
        return report.passed() ? ExitCode.OK : ExitCode.CHECK_FAILED;
    }

    private Report judgePeripheral(String uri, List<ConformCase> selected, PrintWriter out) throws IOException {
        if (uri == null || listen != null) {
            throw new IllegalArgumentException(listen != null ? "--listen is for --role host; judge a peripheral with dot4 conform URI"
                    : "give the peripheral's URI, e.g. dot4 conform unix:/tmp/mfp.sock (or --list)");
        }
        LinkUri parsed = LinkUri.parse(uri);
        Settings settings = settings(parsed);
        Connector connector = () -> Links.connect(parsed, timeout);
        ByteLink first = connector.open(); // an unreachable peer is one error, not a failure per case
        first.close();
        Runner runner = new Runner(connector, settings);
        out.printf("dot4 conform: the peripheral at %s, revision %s%s%n", uri, Revision.describe(settings.revision()),
                settings.epsonEntry() ? " with Epson's entry packet" : "");
        out.println("services: " + runner.services());
        out.flush();
        List<CaseResult> results = runner.run(selected, r -> Report.printResult(out, r, strict));
        return new Report("the peripheral at " + uri, results, strict);
    }

    private Report judgeHost(String uri, List<ConformCase> selected, PrintWriter out) throws Exception {
        if (listen == null || uri != null) {
            throw new IllegalArgumentException("judge a host with dot4 conform --role host --listen URI (no peripheral URI)");
        }
        LinkUri parsed = LinkUri.parse(listen);
        HostJudge judge = new HostJudge(settings(parsed), acceptTimeout, limit);
        HostJudge.Judgement judgement = judge.judge(Links.listen(parsed), selected, address -> {
            out.println("listening on " + address);
            out.flush();
        });
        out.println("conversation: " + judgement.summary());
        judgement.results().forEach(r -> Report.printResult(out, r, strict));
        return new Report("the host on " + listen, judgement.results(), strict);
    }

    private Settings settings(LinkUri parsed) {
        boolean entry = epson || parsed.query().containsKey("epson-entry");
        int rev = entry ? Revision.EPSON_DRAFT : Revision.IEEE_1284_4;
        String asked = revision != null ? revision : parsed.query().get("revision");
        if (asked != null) {
            try {
                rev = Integer.decode(asked);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("revision '" + asked + "' is not a number; use 0x20 or 0x10");
            }
        }
        // USB and ttys keep what the peer sent after the previous case closed, possibly from inside a packet: drop it.
        Duration drain = switch (parsed.kind()) {
            case USB, TTY -> Duration.ofMillis(200);
            default -> Duration.ZERO;
        };
        return new Settings(rev, entry, timeout, quiet, strict, drain);
    }

    static List<ConformCase> select(List<ConformCase> all, List<String> selectors) {
        if (selectors.isEmpty()) {
            return all;
        }
        List<ConformCase> out = all.stream().filter(c -> selectors.stream().anyMatch(c::selectedBy)).toList();
        for (String s : selectors) {
            if (all.stream().noneMatch(c -> c.selectedBy(s))) {
                throw new IllegalArgumentException("no case in section " + s + "; see dot4 conform --list");
            }
        }
        return out;
    }
}
