package org.dot4j.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Help;
import picocli.CommandLine.Help.Ansi.Text;
import picocli.CommandLine.Help.Column;
import picocli.CommandLine.Help.Column.Overflow;
import picocli.CommandLine.Help.TextTable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.UsageMessageSpec;

/**
 * picocli's usage help, wrapped only at spaces. picocli wraps with the JDK's line {@link java.text.BreakIterator},
 * which breaks after ':', '.' and ',' inside a word, so {@code usb:auto} came out as "usb:" and "auto" on two lines
 * and {@code --http=HOST:PORT} was split in the synopsis. Every table picocli fills (synopsis, description, options,
 * command list, footer) goes through {@link SpaceWrappingTable} here; a word longer than a whole line is the only
 * thing still broken.
 */
final class Dot4Help extends Help {

    private Dot4Help(CommandSpec spec, ColorScheme colorScheme) {
        super(spec, colorScheme);
    }

    /** Makes {@code cli} and all its subcommands render their help this way. */
    static CommandLine install(CommandLine cli) {
        return cli.setHelpFactory(Dot4Help::new);
    }

    @Override
    public Layout createDefaultLayout() {
        Layout picocli = super.createDefaultLayout();
        TextTable table = new SpaceWrappingTable(colorScheme(), picocli.textTable().columns());
        table.indentWrappedLines = picocli.textTable().indentWrappedLines;
        return new Layout(colorScheme(), table, picocli.optionRenderer(), picocli.parameterRenderer());
    }

    @Override
    protected String insertSynopsisCommandName(int synopsisHeadingLength, Text optionText) {
        String name = commandSpec().qualifiedName();
        int firstColumn = synopsisHeadingLength + name.length();
        TextTable table = new SpaceWrappingTable(colorScheme(), new Column(firstColumn, 0, Overflow.SPAN),
                new Column(width() - firstColumn, 1, Overflow.WRAP));
        table.indentWrappedLines = 0;
        Text padding = colorScheme().text(" ".repeat(synopsisHeadingLength));
        table.addRowValues(padding.concat(colorScheme().commandText(name)), optionText);
        return table.toString().substring(synopsisHeadingLength);
    }

    @Override
    public String description(Object... params) {
        return paragraphs(commandSpec().usageMessage().description(), params);
    }

    @Override
    public String footer(Object... params) {
        return paragraphs(commandSpec().usageMessage().footer(), params);
    }

    @Override
    public String commandList(Map<String, Help> subcommands) {
        if (subcommands.isEmpty()) {
            return "";
        }
        int nameWidth = Math.min(width() / 2, subcommands.keySet().stream().mapToInt(String::length).max().orElse(0));
        TextTable table = new SpaceWrappingTable(colorScheme(), new Column(nameWidth + 2, 2, Overflow.SPAN),
                new Column(width() - (nameWidth + 2), 2, Overflow.WRAP));
        subcommands.forEach((name, help) -> {
            Text[] summary = colorScheme().text(String.format(summaryOf(help.commandSpec().usageMessage()))).splitLines();
            table.addRowValues(colorScheme().commandText(name), summary.length == 0 ? colorScheme().text("") : summary[0]);
            for (int i = 1; i < summary.length; i++) {
                table.addRowValues(colorScheme().text(""), summary[i]);
            }
        });
        return table.toString();
    }

    private int width() {
        return commandSpec().usageMessage().width();
    }

    /** The line the command list shows: the header, else the description's first paragraph. */
    static String summaryOf(UsageMessageSpec usage) {
        String[] lines = usage.header().length > 0 ? usage.header() : usage.description();
        return lines.length == 0 ? "" : lines[0];
    }

    /** Each paragraph formatted as picocli does ({@code %n} is a line break) and wrapped to the full width. */
    private String paragraphs(String[] paragraphs, Object... params) {
        TextTable table = new SpaceWrappingTable(colorScheme(), new Column(width(), 0, Overflow.WRAP));
        table.indentWrappedLines = 0;
        for (String paragraph : paragraphs) {
            for (Text line : colorScheme().text(String.format(paragraph, params)).splitLines()) {
                table.addRowValues(line);
            }
        }
        return table.toString();
    }

    /** A {@link TextTable} whose wrapping columns break lines at spaces only. */
    static final class SpaceWrappingTable extends TextTable {

        private final ColorScheme scheme;

        SpaceWrappingTable(ColorScheme scheme, Column... columns) {
            super(scheme, columns);
            this.scheme = scheme;
        }

        @Override
        public Cell putValue(int row, int col, Text value) {
            Column column = columns()[col];
            int first = column.width - column.indent;
            String plain = value == null ? "" : value.plainString();
            if (column.overflow != Overflow.WRAP || !textAt(row, col).plainString().isEmpty()) {
                return super.putValue(row, col, value);
            }
            List<int[]> lines = lines(plain, first, first - indentWrappedLines);
            if (lines.isEmpty()) {
                return super.putValue(row, col, value);
            }
            Text indent = scheme.text(" ".repeat(indentWrappedLines));
            for (int i = 0; i < lines.size(); i++) {
                if (row + i >= rowCount()) {
                    addEmptyRow();
                }
                Text piece = value.substring(lines.get(i)[0], lines.get(i)[1]);
                super.putValue(row + i, col, i == 0 ? piece : indent.concat(piece));
            }
            return new Cell(col, row + lines.size() - 1);
        }

        /** Greedy lines of {@code text} as [start, end) ranges: at most {@code first} then {@code next} characters. */
        static List<int[]> lines(String text, int first, int next) {
            List<int[]> lines = new ArrayList<>();
            int start = skipSpaces(text, 0);
            while (start < text.length()) {
                int room = lines.isEmpty() ? first : next;
                int end = start;
                for (int word = start; word < text.length(); ) {
                    int wordEnd = text.indexOf(' ', word);
                    wordEnd = wordEnd < 0 ? text.length() : wordEnd;
                    if (wordEnd - start > room && end > start) {
                        break;
                    }
                    end = wordEnd;
                    word = skipSpaces(text, wordEnd);
                }
                lines.add(new int[] {start, end});
                start = skipSpaces(text, end);
            }
            return lines;
        }

        private static int skipSpaces(String text, int from) {
            int i = from;
            while (i < text.length() && text.charAt(i) == ' ') {
                i++;
            }
            return i;
        }
    }
}
