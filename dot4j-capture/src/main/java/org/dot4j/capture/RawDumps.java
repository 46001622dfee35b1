package org.dot4j.capture;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.function.Consumer;
import org.dot4j.wire.PacketFramer;

/**
 * Decodes a pair of raw byte dumps, one per direction (what a serial sniffer or two {@code tee}s record). They hold no
 * times, so the two are interleaved by cause: the host's next packet goes first unless it must wait for the
 * peripheral (its command outstanding, no credit for its data, a reply to a command it has not seen yet); then the
 * peripheral's goes. Every event has time 0.
 */
public final class RawDumps {

    /** A raw dump is mapped whole; beyond this it is refused (a capture file suits such sizes better). */
    private static final long MAX_DUMP = Integer.MAX_VALUE;

    private RawDumps() {}

    /** Decodes {@code hostToPeripheral} and {@code peripheralToHost} as one link, "raw". */
    public static CaptureDecoder.Result decode(Path hostToPeripheral, Path peripheralToHost, Consumer<DecodeEvent> sink)
            throws IOException {
        Units h = new Units(map(hostToPeripheral));
        Units p = new Units(map(peripheralToHost));
        Conversation conversation = new Conversation("raw", sink);
        long units = 0;
        while (h.has() || p.has()) {
            boolean host = h.has() && (!p.has() || !conversation.mustWait(Direction.HOST_TO_PERIPHERAL, h.peek()));
            Units from = host ? h : p;
            conversation.accept(new Chunk("raw", 0, host ? Direction.HOST_TO_PERIPHERAL : Direction.PERIPHERAL_TO_HOST,
                    from.take(), 0));
            units++;
        }
        conversation.finish();
        return new CaptureDecoder.Result(units, List.of(conversation.summary()), List.of());
    }

    private static ByteBuffer map(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            if (ch.size() > MAX_DUMP) {
                throw new CaptureFormatException(file.toString(), 0, "a raw dump of " + ch.size()
                        + " bytes is larger than the 2 GiB --raw reads");
            }
            return ch.map(FileChannel.MapMode.READ_ONLY, 0, ch.size());
        }
    }

    /** A dump cut into packets and junk runs where {@link PacketFramer} cuts them, as slices of the original bytes. */
    private static final class Units {
        private final ByteBuffer all;
        private final PacketFramer framer = new PacketFramer();
        private final ByteBuffer feed;
        /** Where the next unit starts in {@code all}, and its length once known (-1 before). */
        private int at;
        private int length = -1;

        Units(ByteBuffer all) {
            this.all = all;
            this.feed = all.duplicate();
        }

        boolean has() {
            return at < all.limit();
        }

        /** The next unit, not consumed. */
        ByteBuffer peek() {
            if (length < 0) {
                length = cut();
            }
            return all.slice(at, length);
        }

        ByteBuffer take() {
            ByteBuffer unit = peek();
            at += length;
            length = -1;
            return unit;
        }

        /** Length of the unit at {@code at}: a packet, a junk run, or the unfinished rest of the dump. */
        private int cut() {
            while (true) {
                switch (framer.next()) {
                    case PacketFramer.Frame.Packet packet -> {
                        return packet.header().length();
                    }
                    case PacketFramer.Frame.Junk junk -> {
                        return junk.bytes();
                    }
                    case PacketFramer.Frame.NeedMoreBytes more -> {
                        if (!feed.hasRemaining()) {
                            return all.limit() - at; // an unfinished packet or junk run at the end
                        }
                        framer.feed(feed);
                    }
                }
            }
        }
    }
}
