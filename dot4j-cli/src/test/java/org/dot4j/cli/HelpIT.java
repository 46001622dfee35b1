package org.dot4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import picocli.CommandLine;

/**
 * The real {@code ./dot4} prints, for {@code --help} and {@code dot4 help CMD}, exactly the usage that
 * {@link HelpTextTest} checks (wrapped at spaces, whole sentences, sim's states, send's optional FILE).
 */
@Timeout(300)
class HelpIT {

    @Test
    void everyCommandsHelpIsTheCheckedText() throws Exception {
        CommandLine cli = Dot4Main.commandLine();
        Dot4Process.Result root = Dot4Process.run(60, null, "--help");
        assertThat(root.exitCode()).as(root.toString()).isZero();
        assertThat(root.stdout()).isEqualTo(HelpTextTest.usage(cli, "dot4"));
        for (String name : cli.getSubcommands().keySet()) {
            String expected = HelpTextTest.usage(cli, "dot4 " + name);
            Dot4Process.Result option = Dot4Process.run(60, null, name, "--help");
            assertThat(option.exitCode()).as(option.toString()).isZero();
            assertThat(option.stdout()).as("dot4 %s --help", name).isEqualTo(expected);
            if (!name.equals("help")) {
                Dot4Process.Result help = Dot4Process.run(60, null, "help", name);
                assertThat(help.exitCode()).as(help.toString()).isZero();
                assertThat(help.stdout()).as("dot4 help %s", name).isEqualTo(expected);
            }
        }
    }

    @Test
    void plainDot4ShowsTheCommandsAsAUsageError() throws Exception {
        Dot4Process.Result r = Dot4Process.run(60, null);
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCode.USAGE);
        assertThat(r.stderr()).isEqualTo(HelpTextTest.usage(Dot4Main.commandLine(), "dot4"));
    }

    @Test
    void helpForAnUnknownCommandIsAUsageErrorNamingIt() throws Exception {
        Dot4Process.Result r = Dot4Process.run(60, null, "help", "sned");
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCode.USAGE);
        assertThat(r.stderr()).contains("sned");
    }
}
