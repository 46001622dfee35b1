package org.dot4j.cli;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import org.dot4j.capture.CaptureDecoder;
import org.dot4j.capture.CaptureFormatException;
import org.dot4j.capture.DecodeEvent;
import org.dot4j.capture.LinkSummary;
import org.dot4j.capture.RawDumps;
import org.dot4j.capture.Timeline;
import org.dot4j.capture.UsbEndpoints;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code dot4 decode FILE...}: 1284.4 in captures and traces, checked against the reference. */
@Command(name = "decode", mixinStandardHelpOptions = true, footer = ExitCode.FOOTER,
        description = {"Decode IEEE 1284.4 in captures and traces, and judge it against the reference.",
            "Reads usbmon captures (pcap, pcapng; link types 189, 220), TCP captures, dot4j traces "
                + "(docs/trace-format.md) or two raw byte dumps, in revision 0x20, Epson 0x10 with its entry packet "
                + "and HP MLC. It prints a line per packet with time, direction, channel and both sides' credit after "
                + "it, violations with the reference section they break, and a summary per channel.",
            "--timeline draws packets, credit, stalls and violations per channel over time as an SVG file.",
            "Exit status 6 when a violation was found, 1 when a file is damaged."})
final class DecodeCommand implements Callable<Integer> {

    @Parameters(paramLabel = "FILE", arity = "0..*", description = "Capture or trace files (pcap, pcapng).")
    List<Path> files = List.of();

    @Option(names = "--raw", arity = "2", paramLabel = "DUMP",
            description = "Decode two raw byte dumps instead: host to peripheral, then peripheral to host (no times).")
    List<Path> raw;

    @Option(names = "--endpoints", paramLabel = "OUT,IN",
            description = "The USB bulk endpoints of the 1284.4 interface, e.g. 0x02,0x81 (default: found from the data).")
    String endpoints;

    @Option(names = "--device", paramLabel = "BUS.DEV", description = "Only this USB device, as usbmon numbers it (e.g. 1.2).")
    String device;

    @Option(names = "--tcp-port", paramLabel = "PORT",
            description = "The peripheral's TCP port in a TCP capture (default: the first that receives a transaction).")
    Integer tcpPort;

    @Option(names = "--json", description = "One JSON object per line: every event, then a summary per file.")
    boolean json;

    @Option(names = "--summary", description = "Only the summary, no line per packet.")
    boolean summaryOnly;

    @Option(names = "--timeline", paramLabel = "OUT.svg",
            description = "Also draw the decode as an SVG timeline in OUT.svg: per channel packets and credit each way "
                    + "over time, stalls and violations marked; several files are drawn one after another in it.")
    Path timeline;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (raw == null && files.isEmpty()) {
            throw new IllegalArgumentException("give capture files to decode, or --raw H2P P2H");
        }
        if (raw != null && !files.isEmpty()) {
            throw new IllegalArgumentException("give either capture files or --raw H2P P2H, not both");
        }
        if (timeline != null) {
            writableDirectory(timeline, raw != null ? raw : files);
        }
        CaptureDecoder.Options options = new CaptureDecoder.Options(UsbEndpoints.parse(endpoints, device),
                tcpPort == null ? OptionalInt.empty() : OptionalInt.of(checkedPort(tcpPort)));
        // picocli's writer flushes every line: a listing of a million packets wants a buffer
        PrintWriter out = new PrintWriter(new BufferedWriter(spec.commandLine().getOut(), 1 << 16));
        List<Timeline> drawn = new ArrayList<>();
        int status = decodeAll(options, out, drawn);
        if (timeline != null) { // also after damage: it shows what came before, and says where decoding stopped
            writeTimeline(drawn);
        }
        return status;
    }

    /** Decodes every file, each one's events to the listing and to a timeline of its own in {@code drawn}. */
    private int decodeAll(CaptureDecoder.Options options, PrintWriter out, List<Timeline> drawn) throws IOException {
        long violations = 0;
        for (Path file : raw != null ? List.of(raw.get(0)) : files) {
            String name = raw != null ? raw.get(0) + " + " + raw.get(1) : file.toString();
            DecodeOutput output = json ? new DecodeJson(out, name) : new DecodeText(out, name);
            Consumer<DecodeEvent> sink = summaryOnly ? e -> { } : output::event;
            Timeline t = new Timeline(name, raw != null ? Timeline.Axis.PACKET_NUMBER : Timeline.Axis.TIME);
            if (timeline != null) {
                drawn.add(t);
                sink = sink.andThen(t);
            }
            CaptureDecoder.Result result;
            try {
                result = raw != null ? RawDumps.decode(readable(raw.get(0)), readable(raw.get(1)), sink)
                        : CaptureDecoder.decode(readable(file), options, sink);
            } catch (CaptureFormatException e) { // what was decoded up to the damage is shown, then why it stopped
                e.decodedSoFar().ifPresent(output::summary);
                out.flush();
                spec.commandLine().getErr().println("dot4 decode: " + e.getMessage());
                t.stoppedShort(e.getMessage());
                return ExitCode.FAILED;
            }
            output.summary(result);
            out.flush();
            violations += result.links().stream().mapToLong(LinkSummary::violations).sum();
        }
        return violations > 0 ? ExitCode.CHECK_FAILED : ExitCode.OK;
    }

    /** Writes the drawing beside {@link #timeline} and renames it into place: a reader never sees half a file. */
    private void writeTimeline(List<Timeline> drawn) throws IOException {
        Path target = timeline.toAbsolutePath();
        Path staged = target.resolveSibling("." + target.getFileName() + "." + ProcessHandle.current().pid() + ".tmp");
        try {
            try (Writer w = new BufferedWriter(new OutputStreamWriter(Files.newOutputStream(staged,
                    StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), StandardCharsets.UTF_8), 1 << 16)) {
                Timeline.writeSvg(drawn, w);
            }
            Files.move(staged, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(staged);
        }
        spec.commandLine().getErr().println("timeline written to " + timeline);
    }

    /** Refuses before decoding, not after minutes of it, an output file whose directory cannot take it. */
    private static void writableDirectory(Path out, List<Path> inputs) throws IOException {
        Path dir = out.toAbsolutePath().getParent();
        for (Path in : inputs) {
            if (Files.exists(out) && Files.exists(in) && Files.isSameFile(in, out)) {
                throw new IllegalArgumentException("--timeline " + out + " is an input file; name a new SVG file to write");
            }
        }
        if (Files.isDirectory(out)) {
            throw new IllegalArgumentException("--timeline " + out + " is a directory; name the SVG file to write");
        }
        if (dir == null || !Files.isDirectory(dir) || !Files.isWritable(dir)) {
            throw new IllegalArgumentException("--timeline " + out + ": directory " + dir
                    + (dir != null && Files.isDirectory(dir) ? " is not writable" : " does not exist"));
        }
    }

    private static Path readable(Path file) {
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw new IllegalArgumentException(file + (Files.exists(file) ? " is not a readable file" : " does not exist"));
        }
        return file;
    }

    private static int checkedPort(int port) {
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("--tcp-port " + port + " is not a TCP port (1..65535)");
        }
        return port;
    }

    /** Where a decode's events and summary go: text or JSON. */
    sealed interface DecodeOutput permits DecodeText, DecodeJson {
        /** One event, as it is found. */
        void event(DecodeEvent event);

        /** The file's summary, at its end. */
        void summary(CaptureDecoder.Result result);
    }
}
