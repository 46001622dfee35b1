package org.dot4j.cli;

import java.util.Arrays;
import java.util.Locale;
import org.dot4j.cli.log.Dot4LogProvider;
import org.dot4j.cli.log.LogFormat;
import org.slf4j.event.Level;
import picocli.CommandLine;

/** Entry point of the {@code dot4} command. */
public final class Dot4Main {

    private Dot4Main() {}

    /** Runs {@code dot4} with {@code args} and exits with its status. */
    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs {@code dot4} and returns the exit status (for tests). */
    public static int run(String... args) {
        configureLogging(args);
        CommandLine cli = Dot4Help.install(Dot4Command.forArguments(args));
        cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
            cmd.getErr().println(cmd.getCommandSpec().qualifiedName() + ": " + UserMessage.of(e));
            if (Boolean.getBoolean("dot4.trace")) {
                e.printStackTrace(cmd.getErr());
            }
            return ExitCode.of(e);
        });
        cli.setParameterExceptionHandler(Dot4Main::usageError);
        int status = cli.execute(args);
        cli.getOut().flush();
        cli.getErr().flush();
        return status;
    }

    /** The {@code dot4} command tree, its help wrapped at spaces ({@link Dot4Help}). */
    static CommandLine commandLine() {
        return Dot4Help.install(Dot4Command.tree());
    }

    /** A bad command line: what is wrong, close matches for a misspelt name, and where the usage is. */
    private static int usageError(CommandLine.ParameterException e, String[] args) {
        CommandLine cmd = e.getCommandLine();
        var err = cmd.getErr();
        String name = cmd.getCommandSpec().qualifiedName();
        if (args.length == 0) {
            cmd.usage(err);     // plain 'dot4': what there is to run
            return ExitCode.USAGE;
        }
        if (e instanceof CommandLine.UnmatchedArgumentException u && !cmd.getSubcommands().isEmpty()
                && !u.getUnmatched().isEmpty() && !u.getUnmatched().get(0).startsWith("-")) {
            err.println(name + ": unknown command '" + u.getUnmatched().get(0) + "'; the commands are "
                    + String.join(", ", cmd.getSubcommands().keySet()));
        } else {
            err.println(name + ": " + UserMessage.of(e));
        }
        CommandLine.UnmatchedArgumentException.printSuggestions(e, err);
        err.println(name.equals("dot4") ? "'dot4 --help' lists the commands." : "'dot4 help " + cmd.getCommandName() + "' shows its usage.");
        return ExitCode.USAGE;
    }

    /**
     * Sets the log level before the first logger writes: DEBUG with -v, INFO for the long-running serve and sim,
     * WARN for the rest; {@code -Ddot4.log.level=LEVEL} (through DOT4_JAVA_OPTS) overrides. Under systemd
     * (JOURNAL_STREAM set) lines carry journal priorities instead of times ({@link LogFormat}).
     */
    private static void configureLogging(String[] args) {
        boolean verbose = Arrays.asList(args).contains("-v") || Arrays.asList(args).contains("--verbose");
        boolean daemon = args.length > 0 && (args[0].equals("serve") || args[0].equals("sim"));
        Level level = verbose ? Level.DEBUG : daemon ? Level.INFO : Level.WARN;
        String override = System.getProperty("dot4.log.level");
        if (override != null) {
            try {
                level = Level.valueOf(override.strip().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                System.err.println("dot4: ignoring -Ddot4.log.level=" + override + "; use error, warn, info, debug or trace");
            }
        }
        Dot4LogProvider.configure(new Dot4LogProvider.Settings(level, LogFormat.styleOf(System.getenv())));
    }
}
