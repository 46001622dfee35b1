package org.dot4j.capture;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.channels.ReadableByteChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HexFormat;
import java.util.Optional;

/**
 * Reads the packet records of a capture file, classic pcap or pcapng, one at a time and in file order, so a capture of
 * any size is read in constant memory. Not thread-safe.
 */
public sealed interface CaptureReader extends Closeable permits PcapReader, PcapngReader {

    /** The next record, or empty at the end of the file. */
    Optional<CaptureRecord> next() throws IOException;

    /** Opens {@code file}, telling pcap from pcapng by its first four bytes. */
    static CaptureReader open(Path file) throws IOException {
        FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
        try {
            return open(channel, file.toString());
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /** Reads a capture from {@code in}; {@code name} is used in messages. */
    static CaptureReader open(ReadableByteChannel in, String name) throws IOException {
        ByteInput input = new ByteInput(in, name);
        if (input.atEnd()) {
            throw new CaptureFormatException(name, 0, "the file is empty: not a pcap or pcapng capture");
        }
        ByteBuffer magic = input.take(4, ByteOrder.BIG_ENDIAN, "the file's magic number");
        int big = magic.getInt(0);
        if (big == PcapngReader.SECTION_HEADER) {
            return new PcapngReader(input, in);
        }
        Optional<CaptureReader> pcap = PcapReader.ofMagic(big, input, in);
        if (pcap.isPresent()) {
            return pcap.get();
        }
        throw new CaptureFormatException(name, 0, "not a pcap or pcapng capture (it starts with "
                + HexFormat.ofDelimiter(" ").formatHex(magic.array(), magic.arrayOffset(), magic.arrayOffset() + 4)
                + "); for raw byte dumps use --raw H2P P2H");
    }
}
