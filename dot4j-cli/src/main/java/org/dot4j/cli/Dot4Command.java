package org.dot4j.cli;

import picocli.CommandLine.Command;

/** The {@code dot4} command and its subcommands. */
@Command(name = "dot4", mixinStandardHelpOptions = true, version = "dot4 0.1.0 (dot4j)",
        footer = ExitCode.FOOTER,
        description = {"IEEE 1284.4 (DOT4) for printers and multifunction peripherals.",
            "Links are URIs: tcp://HOST:PORT, unix:/path, tty:/dev/..., usb:VID:PID, usb:auto, mem:NAME;",
            "to listen: tcp-listen://127.0.0.1:PORT, unix-listen:/path, pty, usb-gadget:/ffs/mount."},
        subcommands = {DemoCommand.class, SimCommand.class, ProbeCommand.class, SendCommand.class, CatCommand.class,
            StatusCommand.class, ListCommand.class, BenchCommand.class, ServeCommand.class, CtlCommand.class, DecodeCommand.class,
            CupsBackendCommand.class})
final class Dot4Command {}
