package org.dot4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real browser for tests of what dot4j shows a person (the status page, decode's timeline): Debian's chromium,
 * headless, with a profile of its own in the test's directory. Missing chromium fails the test, naming the package:
 * CI installs it (.ci/run).
 */
final class HeadlessChromium {

    /** The browser: the Debian package's command. */
    private static final List<Path> CHROMIUM = List.of(Path.of("/usr/bin/chromium"), Path.of("/usr/bin/chromium-browser"));

    private final Path chromium;
    private final Path dir;

    /** A browser whose profile, output and log go in {@code dir}; fails when chromium is not installed. */
    HeadlessChromium(Path dir, String what) {
        this.dir = dir;
        this.chromium = CHROMIUM.stream().filter(Files::isExecutable).findFirst().orElseThrow(() -> new AssertionError(
                "chromium is not installed, and " + what + " is tested in a real browser: install it"
                        + " (apt-get install chromium; .ci/run does) and run the tests again"));
    }

    /** The DOM of {@code page} after its scripts ran (5 s of virtual time at most), as chromium prints it. */
    String dumpDom(URI page) throws Exception {
        Path out = Files.createTempFile(dir, "dom", ".html");
        Path err = dir.resolve("chromium.err");
        Process p = new ProcessBuilder(chromium.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--user-data-dir=" + dir.resolve("chromium-profile"), "--virtual-time-budget=5000", "--dump-dom", page.toString())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("chromium did not finish within 60 s; its log:\n" + Files.readString(err));
        }
        assertThat(p.exitValue()).as("chromium's exit status; its log:\n%s", Files.readString(err)).isZero();
        return Files.readString(out);
    }
}
