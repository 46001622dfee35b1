package org.dot4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The first-run build of the {@code ./dot4} script prints no escape codes: its Maven line asks for batch mode and no
 * colour, and those very options, given to the installed Maven, make output without a single ESC byte (Debian's
 * Maven 3.8 prints ESC[0m even with -B unless jansi is told not to).
 */
@Timeout(180)
class Dot4ScriptIT {

    private static final Pattern BUILD = Pattern.compile("MAVEN_OPTS=\"\\$\\{MAVEN_OPTS:-}([^\"]*)\" mvn ([^>]*) package");

    @Test
    void theFirstRunBuildIsInBatchModeAndItsOutputHasNoEscapeCodes() throws Exception {
        Path script = Path.of(Dot4Process.command());
        Matcher build = BUILD.matcher(Files.readString(script));
        assertThat(build.find()).as("the Maven line of " + script).isTrue();
        String mavenOpts = build.group(1).strip();
        List<String> flags = List.of(build.group(2).strip().split("\\s+"));
        assertThat(flags).contains("-B", "-Dstyle.color=never");
        assertThat(mavenOpts).contains("-Djansi.noreset=true");

        // The same options on a quick goal of the same project, offline (the build under test has the plugins).
        List<String> cmd = new ArrayList<>(List.of("mvn", "-o"));
        cmd.addAll(flags.stream().filter(f -> !f.equals("-q")).toList());
        cmd.add("validate");
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(script.getParent().toFile()).redirectErrorStream(true);
        pb.environment().put("MAVEN_OPTS", mavenOpts);
        pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        Process maven = pb.start();
        byte[] output = maven.getInputStream().readAllBytes();
        assertThat(maven.waitFor(120, TimeUnit.SECONDS)).isTrue();
        String text = new String(output, StandardCharsets.UTF_8);
        assertThat(maven.exitValue()).as(text).isZero();
        assertThat(text).as("Maven's output").contains("BUILD SUCCESS").doesNotContain("\u001b");
    }
}
