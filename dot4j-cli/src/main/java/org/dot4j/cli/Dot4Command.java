package org.dot4j.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;

/** The {@code dot4} command and its subcommands. */
@Command(name = "dot4", mixinStandardHelpOptions = true, version = "dot4 0.1.0 (dot4j)",
        footer = ExitCode.FOOTER,
        description = {"IEEE 1284.4 (DOT4) for printers and multifunction peripherals.",
            "Links are URIs. Connect with tcp://HOST:PORT, unix:/PATH, tty:/dev/NAME, usb:VID:PID, usb:auto or "
                + "mem:NAME; listen with tcp-listen://127.0.0.1:PORT, unix-listen:/PATH, pty or usb-gadget:/FFS-MOUNT.",
            "'dot4 help COMMAND' (or 'dot4 COMMAND --help') describes a command."},
        subcommands = {DemoCommand.class, SimCommand.class, ProbeCommand.class, SendCommand.class, CatCommand.class,
            StatusCommand.class, ListCommand.class, BenchCommand.class, ServeCommand.class, CtlCommand.class,
            DecodeCommand.class, CupsBackendCommand.class, ConformCommand.class, HelpCommand.class})
final class Dot4Command {}
