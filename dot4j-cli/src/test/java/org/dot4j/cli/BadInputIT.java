package org.dot4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Bad command lines given to the real {@code ./dot4}: each fails with the usage status, says what is wrong and what
 * would be right, and names no Java class; a bad input file is refused before the device is opened.
 */
@Timeout(300)
class BadInputIT {

    /** A Java class name as a user might see it: "java.lang.X", "NumberFormatException", "IllegalStateException". */
    static final Pattern JAVA_NAME = Pattern.compile("\\bjava\\.|\\b[A-Z][A-Za-z]+(Exception|Error)\\b");

    @TempDir
    static Path dir;
    static SimProcess sim;

    @BeforeAll
    static void startSimulator() throws Exception {
        sim = SimProcess.start(dir, 0, "unix-listen:" + dir.resolve("mfp.sock"));
    }

    @AfterAll
    static void stopSimulator() throws Exception {
        sim.close();
    }

    @ParameterizedTest(name = "dot4 {0}")
    @CsvSource(delimiter = '|', value = {
        "send --timeout=abc tcp://127.0.0.1:1 PRINT /dev/null       | '--timeout': 'abc' is not a duration; write e.g. 500ms, 10s or 2m",
        "probe --timeout=-5s tcp://127.0.0.1:1                       | '-5s' is not more than zero",
        "cat --idle=2x tcp://127.0.0.1:1 ECHO                        | '--idle': '2x' is not a duration",
        "sim --listen pty --notify=soon                              | '--notify': 'soon' is not a duration",
        "send --packet-size=big tcp://127.0.0.1:1 PRINT              | '--packet-size': 'big' is not an int",
        "sim --listen pty --state=asleep                             | unknown state 'asleep'; use one of error, self-printing,",
        "sim --listen pty --ink=K=lots                               | ink level 'lots' is not a number 0..100",
        "probe tcp://127.0.0.1:1?revision=abc                        | revision \"abc\" is neither 0x10 (Epson) nor 0x20",
        "probe tcp://127.0.0.1:1?epson_entry                         | unknown option epson_entry; did you mean epson-entry?; tcp: takes epson-entry, revision, mlc",
        "status unix:/tmp/x.sock?mlc=fast                            | ?mlc=fast is neither gusher (the default) nor miser",
        "sim --listen tcp-listen://127.0.0.1:0?epson-entry           | unknown option epson-entry; tcp-listen: takes no options",
        "serve --device=a=tcp://127.0.0.1:1?revison=0x10             | unknown option revison; did you mean revision?",
        "probe ftp://printer:21                                      | unknown scheme ftp",
        "sned x                                                      | unknown command 'sned'; the commands are demo, sim,",
        "send --tiemout=1s tcp://127.0.0.1:1 PRINT                   | Possible solutions: --timeout",
        "send                                                        | Missing required parameters: 'URI', 'SERVICE'",
    })
    void aBadCommandLineSaysWhatIsRightAndNamesNoJavaClass(String args, String says) throws Exception {
        Dot4Process.Result r = Dot4Process.run(60, null, args.strip().split(" "));
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCode.USAGE);
        assertThat(r.stderr()).as(r.toString()).contains(says.strip()).doesNotContainPattern(JAVA_NAME);
    }

    @Test
    void sendRefusesADirectoryOrAMissingFileBeforeOpeningTheDevice() throws Exception {
        Path directory = Files.createDirectories(dir.resolve("a-directory"));
        for (Path input : List.of(directory, dir.resolve("no-such-file.prn"))) {
            Dot4Process.Result r = Dot4Process.run(60, null, "send", sim.uri, "PRINT", input.toString());
            assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCode.USAGE);
            assertThat(r.stderr()).as(r.toString()).contains(input.toString()).contains("give a file to send, or - for stdin")
                    .doesNotContainPattern(JAVA_NAME);
        }
        assertThat(spooled()).as("the simulator's spool after refused sends").isEmpty();
        assertThat(sim.logLines("host connected")).as("hosts the simulator saw").isZero();

        // The same simulator does spool a good file, so an empty spool above means nothing was sent.
        Path job = Files.writeString(dir.resolve("job.prn"), "a small job\n");
        Dot4Process.Result ok = Dot4Process.run(60, null, "send", "-q", sim.uri, "PRINT", job.toString());
        assertThat(ok.exitCode()).as(ok.toString()).isZero();
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (spooled().stream().noneMatch(p -> p.toString().endsWith(".prn")) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(spooled()).as("the spool after a good send").anyMatch(p -> p.toString().endsWith(".prn"));
    }

    private static List<Path> spooled() throws Exception {
        Path spool = dir.resolve("spool");
        if (!Files.isDirectory(spool)) {
            return List.of();
        }
        try (var files = Files.list(spool)) {
            return files.toList();
        }
    }
}
