package org.dot4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Help.Ansi;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Every command's usage help, as {@code dot4 CMD --help} prints it at the default width of 80: no word split over two
 * lines (picocli's own wrapping cut {@code usb:auto} after the colon), no line longer than the width, and every
 * paragraph a whole sentence, so the command list never shows half of one.
 */
class HelpTextTest {

    private static final int WIDTH = 80;

    /** Every command and subcommand of {@code dot4}, the help command included. */
    static List<CommandLine> allCommands(CommandLine root) {
        List<CommandLine> all = new ArrayList<>(List.of(root));
        root.getSubcommands().values().forEach(sub -> all.addAll(allCommands(sub)));
        return all;
    }

    /** The usage of the command named {@code qualifiedName}, rendered by {@code cli} without colours. */
    static String usage(CommandLine cli, String qualifiedName) {
        return allCommands(cli).stream().filter(c -> c.getCommandSpec().qualifiedName().equals(qualifiedName))
                .findFirst().orElseThrow().getUsageMessage(Ansi.OFF);
    }

    /** Words of {@code text}; wrapping that splits a word changes this list. */
    private static List<String> words(String text) {
        return Arrays.asList(text.strip().split("\\s+"));
    }

    /** The wrapping faults of a usage text rendered at {@link #WIDTH}, against the same text unwrapped. */
    private static List<String> faults(String wrapped, String unwrapped) {
        List<String> faults = new ArrayList<>();
        wrapped.lines().filter(l -> l.length() > WIDTH).forEach(l -> faults.add("longer than " + WIDTH + ": " + l));
        List<String> expected = words(unwrapped);
        List<String> got = words(wrapped);
        for (int i = 0; i < Math.min(expected.size(), got.size()); i++) {
            if (!expected.get(i).equals(got.get(i))) {
                faults.add("word " + expected.get(i) + " came out as " + got.get(i) + " " + got.get(i + 1));
                break;
            }
        }
        return faults;
    }

    private static List<String> wrappingFaults(CommandLine atWidth, CommandLine wide) {
        List<String> faults = new ArrayList<>();
        for (CommandLine command : allCommands(atWidth)) {
            String name = command.getCommandSpec().qualifiedName();
            faults(command.getUsageMessage(Ansi.OFF), usage(wide, name)).forEach(f -> faults.add(name + ": " + f));
        }
        return faults;
    }

    @Test
    void noCommandsHelpSplitsAWordOrOverflowsTheWidth() {
        CommandLine cli = Dot4Main.commandLine();
        assertThat(cli.getUsageHelpWidth()).isEqualTo(WIDTH);
        CommandLine wide = Dot4Main.commandLine().setUsageHelpWidth(1000);

        assertThat(wrappingFaults(cli, wide)).isEmpty();
    }

    @Test
    void theCheckCatchesPicocliSplittingUrisAfterAColon() {
        // picocli's own wrapping, as before Dot4Help: the same check must find the splits it makes.
        CommandLine plain = Dot4Command.tree();
        CommandLine wide = Dot4Command.tree().setUsageHelpWidth(1000);

        assertThat(wrappingFaults(plain, wide)).isNotEmpty();
    }

    @Test
    void everyParagraphIsAWholeSentence() {
        List<String> cut = new ArrayList<>();
        for (CommandLine command : allCommands(Dot4Main.commandLine())) {
            CommandSpec spec = command.getCommandSpec();
            for (String paragraph : spec.usageMessage().description()) {
                if (!paragraph.replace("%n", "").strip().endsWith(".")) {
                    cut.add(spec.qualifiedName() + ": " + paragraph);
                }
            }
            for (ArgSpec arg : spec.args()) {
                for (String paragraph : arg.renderedDescription()) {
                    if (!paragraph.strip().endsWith(".")) {
                        cut.add(spec.qualifiedName() + " " + arg.paramLabel() + ": " + paragraph);
                    }
                }
            }
        }
        assertThat(cut).isEmpty();
    }

    @Test
    void theCommandListShowsEachCommandsWholeFirstSentence() {
        String list = Dot4Main.commandLine().getUsageMessage(Ansi.OFF);
        for (CommandLine sub : Dot4Main.commandLine().getSubcommands().values()) {
            String summary = Dot4Help.summaryOf(sub.getCommandSpec().usageMessage());
            assertThat(String.join(" ", words(list))).contains(sub.getCommandName() + " " + String.join(" ", words(summary)));
        }
    }

    @Test
    void simListsItsStates() {
        assertThat(String.join(" ", words(usage(Dot4Main.commandLine(), "dot4 sim"))))
                .contains("Printer state for EPSON-CTRL: error, self-printing, busy, waiting, ready, paused, cleaning.");
    }

    @Test
    void sendShowsItsFileAsOptional() {
        assertThat(usage(Dot4Main.commandLine(), "dot4 send")).contains("URI SERVICE [FILE]");
    }
}
