package org.dot4j.capture;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Consumer;

/**
 * Decodes a capture file: usbmon (pcap or pcapng, link types 189 and 220; dot4j's own traces are such files, see
 * docs/trace-format.md) or TCP, every 1284.4 link in it decoded as a {@link Conversation} of its own. Events go to the
 * sink as the file is read, so a capture of any size is decoded in constant memory. Not thread-safe.
 */
public final class CaptureDecoder {

    /**
     * How to find the 1284.4 bytes.
     *
     * @param usb the USB device and endpoints, or {@link UsbEndpoints#FIND}
     * @param tcpPort the TCP port of the peripheral, or empty to find it
     */
    public record Options(UsbEndpoints usb, OptionalInt tcpPort) {

        /** Find everything from the capture. */
        public static final Options FIND = new Options(UsbEndpoints.FIND, OptionalInt.empty());
    }

    /**
     * What a decoded file held.
     *
     * @param records packet records read
     * @param links each 1284.4 link found, in order of first appearance
     * @param ignoredLinkTypes link types of records that were not decoded (neither usbmon nor IP)
     */
    public record Result(long records, List<LinkSummary> links, List<Integer> ignoredLinkTypes) {}

    private final Map<String, Conversation> conversations = new LinkedHashMap<>();
    private final Consumer<DecodeEvent> sink;

    private CaptureDecoder(Consumer<DecodeEvent> sink) {
        this.sink = sink;
    }

    /**
     * Decodes {@code file}, passing every event to {@code sink} as it is found.
     *
     * @throws CaptureFormatException when the file is not a capture, is damaged or ends mid-record; events up to there
     *     have been passed on and {@link CaptureFormatException#decodedSoFar()} holds the summary
     */
    public static Result decode(Path file, Options options, Consumer<DecodeEvent> sink) throws IOException {
        CaptureDecoder decoder = new CaptureDecoder(sink);
        UsbmonDemux usb = new UsbmonDemux(options.usb());
        TcpDemux tcp = new TcpDemux(options.tcpPort());
        List<Integer> ignored = new ArrayList<>();
        long records = 0;
        try (CaptureReader reader = CaptureReader.open(file)) {
            for (Optional<CaptureRecord> r = reader.next(); r.isPresent(); r = reader.next()) {
                records++;
                CaptureRecord record = r.get();
                if (UsbmonDemux.reads(record.linkType())) {
                    usb.accept(record, decoder::chunk);
                } else if (TcpDemux.reads(record.linkType())) {
                    tcp.accept(record, decoder::chunk);
                } else if (!ignored.contains(record.linkType())) {
                    ignored.add(record.linkType());
                }
            }
        } catch (CaptureFormatException e) {
            throw e.withDecodedSoFar(decoder.finish(records, ignored));
        }
        return decoder.finish(records, ignored);
    }

    /** Decodes chunks of one or more links that the caller produces (raw dumps, tests). */
    static Result decode(Iterable<Chunk> chunks, Consumer<DecodeEvent> sink) {
        CaptureDecoder decoder = new CaptureDecoder(sink);
        long n = 0;
        for (Chunk c : chunks) {
            decoder.chunk(c);
            n++;
        }
        return decoder.finish(n, List.of());
    }

    private void chunk(Chunk chunk) {
        conversations.computeIfAbsent(chunk.link(), link -> new Conversation(link, sink)).accept(chunk);
    }

    private Result finish(long records, List<Integer> ignored) {
        conversations.values().forEach(Conversation::finish);
        return new Result(records, conversations.values().stream().map(Conversation::summary).toList(), List.copyOf(ignored));
    }
}
