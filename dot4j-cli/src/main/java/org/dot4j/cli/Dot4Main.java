package org.dot4j.cli;

import java.util.Arrays;
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
        CommandLine cli = new CommandLine(new Dot4Command());
        cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
            cmd.getErr().println("dot4 " + cmd.getCommandName() + ": " + e.getMessage());
            if (Boolean.getBoolean("dot4.trace")) {
                e.printStackTrace(cmd.getErr());
            }
            return ExitCode.of(e);
        });
        int status = cli.execute(args);
        cli.getOut().flush();
        cli.getErr().flush();
        return status;
    }

    /** slf4j-simple reads its settings once, so they are set before the first logger exists. */
    private static void configureLogging(String[] args) {
        boolean verbose = Arrays.asList(args).contains("-v") || Arrays.asList(args).contains("--verbose");
        String defaultLevel = System.getProperty("org.slf4j.simpleLogger.defaultLogLevel");
        if (defaultLevel == null) {
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", verbose ? "debug" : "warn");
            boolean daemon = args.length > 0 && (args[0].equals("serve") || args[0].equals("sim"));
            if (daemon && !verbose) {
                System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "info");
            }
        }
        System.setProperty("org.slf4j.simpleLogger.logFile", "System.err");
        System.setProperty("org.slf4j.simpleLogger.showDateTime", "true");
        System.setProperty("org.slf4j.simpleLogger.dateTimeFormat", "HH:mm:ss.SSS");
        System.setProperty("org.slf4j.simpleLogger.showShortLogName", "true");
    }
}
