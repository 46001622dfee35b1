package org.dot4j.cli;

import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;

/** The {@code dot4} command and its subcommands. */
@Command(name = "dot4", mixinStandardHelpOptions = true, version = "dot4 0.1.0 (dot4j)",
        footer = ExitCode.FOOTER,
        description = {"IEEE 1284.4 (DOT4) for printers and multifunction peripherals.",
            "Links are URIs. Connect with tcp://HOST:PORT, unix:/PATH, tty:/dev/NAME, usb:VID:PID, usb:auto or "
                + "mem:NAME; listen with tcp-listen://127.0.0.1:PORT, unix-listen:/PATH, pty or usb-gadget:/FFS-MOUNT.",
            "'dot4 help COMMAND' (or 'dot4 COMMAND --help') describes a command."})
final class Dot4Command {

    /** The subcommands, in the order help lists them. */
    static final List<Class<?>> SUBCOMMANDS = List.of(DemoCommand.class, SimCommand.class, ProbeCommand.class,
            SendCommand.class, CatCommand.class, StatusCommand.class, ListCommand.class, BenchCommand.class,
            ServeCommand.class, CtlCommand.class, DecodeCommand.class, CupsBackendCommand.class, ConformCommand.class,
            HelpCommand.class);

    /** The whole command tree. */
    static CommandLine tree() {
        CommandLine root = new CommandLine(new Dot4Command());
        for (Class<?> sub : SUBCOMMANDS) {
            root.addSubcommand(sub);
        }
        return root;
    }

    /**
     * The tree with only the subcommand {@code args} start with, when they name one other than help: picocli builds
     * each command it is given by reflection, in the interpreter at every start, and building all thirteen took
     * 80 ms of {@code dot4 probe}'s 0.24 s. Anything else (no arguments, options, help, a misspelt name) gets the
     * whole tree, so its help and errors list them all.
     */
    static CommandLine forArguments(String... args) {
        if (args.length > 0) {
            for (Class<?> sub : SUBCOMMANDS) {
                Command command = sub.getAnnotation(Command.class);
                if (sub != HelpCommand.class && command.name().equals(args[0])) {
                    return new CommandLine(new Dot4Command()).addSubcommand(sub);
                }
            }
        }
        return tree();
    }
}
