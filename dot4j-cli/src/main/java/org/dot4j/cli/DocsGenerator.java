package org.dot4j.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * Writes what the package installs about the command, from the picocli model so it never disagrees with
 * {@code --help}: a man page per command ({@code dot4.1}, {@code dot4-send.1}, ...) and bash completion.
 * Run by packaging/build-deb.sh: {@code java -cp dot4.jar org.dot4j.cli.DocsGenerator OUTDIR VERSION}.
 */
public final class DocsGenerator {

    private DocsGenerator() {
    }

    /** {@code OUTDIR VERSION}: writes OUTDIR/man1/*.1 and OUTDIR/bash-completion/dot4. */
    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            System.err.println("usage: DocsGenerator OUTDIR VERSION");
            System.exit(2);
        }
        Path out = Path.of(args[0]);
        CommandLine root = Dot4Command.tree();
        Path man = Files.createDirectories(out.resolve("man1"));
        List<CommandLine> commands = new ArrayList<>(List.of(root));
        // dot4 help CMD prints what dot4-CMD(1) says: it needs no page of its own.
        root.getSubcommands().values().stream().filter(c -> !(c.getCommand() instanceof CommandLine.HelpCommand))
                .forEach(commands::add);
        for (CommandLine command : commands) {
            CommandSpec spec = command.getCommandSpec();
            String name = spec.qualifiedName("-");
            Files.writeString(man.resolve(name + ".1"), manPage(spec, args[1]), StandardCharsets.UTF_8);
        }
        Path completion = Files.createDirectories(out.resolve("bash-completion"));
        Files.writeString(completion.resolve("dot4"), AutoComplete.bash("dot4", root), StandardCharsets.UTF_8);
    }

    /** The roff man page (man(7) macros) of one command. */
    static String manPage(CommandSpec spec, String version) {
        String name = spec.qualifiedName("-");
        StringBuilder roff = new StringBuilder();
        roff.append(".TH ").append(name.toUpperCase(Locale.ROOT)).append(" 1 \"\" \"dot4j ").append(version)
                .append("\" \"dot4j manual\"\n");
        roff.append(".SH NAME\n").append(escape(name)).append(" \\- ")
                .append(escape(firstSentence(spec.usageMessage().description()))).append('\n');
        roff.append(".SH SYNOPSIS\n.B ").append(escape(spec.qualifiedName(" "))).append('\n');
        for (OptionSpec o : spec.options()) {
            roff.append("[\\fB").append(escape(o.longestName())).append("\\fR");
            if (o.arity().max() > 0) {
                roff.append(" \\fI").append(escape(o.paramLabel())).append("\\fR");
            }
            roff.append("]\n");
        }
        for (PositionalParamSpec p : spec.positionalParameters()) {
            boolean optional = p.arity().min() == 0;
            roff.append(optional ? "[" : "").append("\\fI").append(escape(p.paramLabel())).append("\\fR")
                    .append(p.arity().max() > 1 ? "..." : "").append(optional ? "]" : "").append('\n');
        }
        if (!spec.subcommands().isEmpty()) {
            roff.append("\\fICOMMAND\\fR\n");
        }
        roff.append(".SH DESCRIPTION\n").append(escape(String.join(" ", spec.usageMessage().description()))).append('\n');
        if (!spec.positionalParameters().isEmpty() || !spec.options().isEmpty()) {
            roff.append(".SH OPTIONS\n");
            for (PositionalParamSpec p : spec.positionalParameters()) {
                item(roff, "\\fI" + escape(p.paramLabel()) + "\\fR", p);
            }
            for (OptionSpec o : spec.options()) {
                String names = String.join(", ", List.of(o.names()).stream().map(n -> "\\fB" + escape(n) + "\\fR").toList());
                item(roff, names + (o.arity().max() > 0 ? " \\fI" + escape(o.paramLabel()) + "\\fR" : ""), o);
            }
        }
        if (!spec.subcommands().isEmpty()) {
            roff.append(".SH COMMANDS\n");
            spec.subcommands().forEach((sub, line) -> {
                if (line.getCommand() instanceof CommandLine.HelpCommand) {
                    return;
                }
                roff.append(".TP\n.BR ").append(escape(line.getCommandSpec().qualifiedName("-"))).append(" (1)\n")
                        .append(escape(firstSentence(line.getCommandSpec().usageMessage().description()))).append('\n');
            });
        }
        roff.append(".SH EXIT STATUS\n").append(escape(footer(spec))).append('\n');
        roff.append(".SH SEE ALSO\n").append(name.equals("dot4") ? "" : ".BR dot4 (1),\n")
                .append("/usr/share/doc/dot4j/README.md\n");
        return roff.toString();
    }

    private static void item(StringBuilder roff, String term, ArgSpec arg) {
        String text = String.join(" ", arg.description()).replace("${DEFAULT-VALUE}", String.valueOf(arg.defaultValue()))
                .replace("${COMPLETION-CANDIDATES}", candidates(arg));
        roff.append(".TP\n").append(term).append('\n').append(escape(text)).append('\n');
    }

    private static String candidates(ArgSpec arg) {
        List<String> values = new ArrayList<>();
        if (arg.completionCandidates() != null) {
            arg.completionCandidates().forEach(values::add);
        }
        return String.join(", ", values);
    }

    private static String footer(CommandSpec spec) {
        String footer = String.join(" ", spec.usageMessage().footer()).replace("%n", " ").strip();
        return footer.isEmpty() ? String.format(ExitCode.FOOTER).strip() : footer;
    }

    /** The summary for NAME: the description's first line, without its closing punctuation. */
    private static String firstSentence(String[] description) {
        String first = description.length == 0 ? "" : description[0].strip();
        return first.replaceAll("[.:;,]$", "");
    }

    /** Escapes roff: backslashes, and a leading dot or quote that would start a request. */
    static String escape(String text) {
        String s = text.replace("\\", "\\e").replace("-", "\\-");
        return s.startsWith(".") || s.startsWith("'") ? "\\&" + s : s;
    }
}
