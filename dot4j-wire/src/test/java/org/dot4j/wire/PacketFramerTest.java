package org.dot4j.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.dot4j.wire.PacketFramer.Frame;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Framing a byte stream into packets (reference §1.4), resynchronising on junk and NUL floods (§12.1). */
@Timeout(10)
class PacketFramerTest {

    private static final String INIT = "00 00 00 08 01 00 00 10";
    private static final String ST = "02 02 00 0B 00 01 73 74 01 00 01";
    private static final String ENTRY = "00 00 00 1B 01 40 45 4A 4C 20 31 32 38 34 2E 34 0A 40 45 4A 4C 0A 40 45 4A 4C 0A";
    private static final String EMPTY_DATA = "05 05 00 06 03 00";

    /** A frame with its body copied out, since a Packet's body is only valid until the next call. */
    private record Seen(String what) {}

    private static Seen packet(String hex) {
        return new Seen("packet " + Hex.normalise(hex));
    }

    private static Seen junk(int bytes, boolean allZero) {
        return new Seen("junk " + bytes + (allZero ? " zero" : " mixed"));
    }

    /** Feeds every chunk (all of it) and collects every frame. */
    private static List<Seen> frame(PacketFramer framer, byte[]... chunks) {
        List<Seen> seen = new ArrayList<>();
        for (byte[] chunk : chunks) {
            ByteBuffer src = ByteBuffer.wrap(chunk);
            while (src.hasRemaining()) {
                framer.feed(src);
                drain(framer, seen);
            }
            drain(framer, seen);
        }
        return seen;
    }

    private static void drain(PacketFramer framer, List<Seen> seen) {
        for (Frame f = framer.next(); !(f instanceof Frame.NeedMoreBytes); f = framer.next()) {
            switch (f) {
                case Frame.Packet p -> {
                    ByteBuffer out = ByteBuffer.allocate(p.header().length());
                    p.header().encode(out);
                    out.put(p.body().duplicate());
                    assertThat(p.body().remaining()).isEqualTo(p.header().payloadLength());
                    seen.add(new Seen("packet " + Hex.format(out.array())));
                }
                case Frame.Junk j -> seen.add(junk(j.bytes(), j.allZero()));
                case Frame.NeedMoreBytes n -> throw new AssertionError("unreachable");
            }
        }
    }

    private static byte[] concat(String... hex) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (String h : hex) {
            out.writeBytes(Hex.parse(h));
        }
        return out.toByteArray();
    }

    @Test
    void wholePacketComesOutWithExactlyItsBody() {
        assertThat(frame(new PacketFramer(), Hex.parse(ST))).containsExactly(packet(ST));
    }

    @Test
    void severalPacketsInOneFeedComeOutInOrder() {
        // ES reads 512-byte chunks holding several packets (§1.4).
        byte[] stream = concat(ENTRY, INIT, ST, EMPTY_DATA, INIT);
        assertThat(frame(new PacketFramer(), stream))
                .containsExactly(packet(ENTRY), packet(INIT), packet(ST), packet(EMPTY_DATA), packet(INIT));
    }

    @Test
    void packetsSplitAtEveryByteBoundaryStillFrame() {
        byte[] stream = concat(INIT, ST, ENTRY, EMPTY_DATA);
        List<Seen> expected = List.of(packet(INIT), packet(ST), packet(ENTRY), packet(EMPTY_DATA));
        for (int cut = 0; cut <= stream.length; cut++) {
            byte[] first = Arrays.copyOfRange(stream, 0, cut);
            byte[] second = Arrays.copyOfRange(stream, cut, stream.length);
            assertThat(frame(new PacketFramer(), first, second)).as("cut at %d", cut).isEqualTo(expected);
        }
    }

    @Test
    void oneByteAtATimeStillFrames() {
        byte[] stream = concat(INIT, ST, ENTRY);
        byte[][] bytes = new byte[stream.length][];
        for (int i = 0; i < stream.length; i++) {
            bytes[i] = new byte[] {stream[i]};
        }
        assertThat(frame(new PacketFramer(), bytes)).containsExactly(packet(INIT), packet(ST), packet(ENTRY));
    }

    @Test
    void incompletePacketWaitsForTheRest() {
        PacketFramer framer = new PacketFramer();
        byte[] st = Hex.parse(ST);
        assertThat(frame(framer, Arrays.copyOf(st, 3))).isEmpty();
        assertThat(framer.buffered()).isEqualTo(3);
        assertThat(frame(framer, Arrays.copyOfRange(st, 3, 10))).isEmpty();
        assertThat(framer.next()).isInstanceOf(Frame.NeedMoreBytes.class);
        assertThat(frame(framer, Arrays.copyOfRange(st, 10, 11))).containsExactly(packet(ST));
        assertThat(framer.buffered()).isZero();
    }

    @Test
    void nulFloodThenPacketIsOneZeroJunkRunAndThePacket() {
        // §7.5: d4lib writes 16 KiB of NULs to recover a device, then the entry packet.
        byte[] stream = new byte[16384 + 27];
        System.arraycopy(Hex.parse(ENTRY), 0, stream, 16384, 27);
        assertThat(frame(new PacketFramer(), stream)).containsExactly(junk(16384, true), packet(ENTRY));
    }

    @Test
    void nulFloodFedInPiecesIsDroppedCompletely() {
        PacketFramer framer = new PacketFramer();
        List<Seen> seen = frame(framer, new byte[4000], new byte[4000], new byte[8384], Hex.parse(INIT));
        assertThat(seen).last().isEqualTo(packet(INIT));
        int dropped = seen.stream().filter(s -> s.what().startsWith("junk"))
                .mapToInt(s -> Integer.parseInt(s.what().split(" ")[1])).sum();
        assertThat(dropped).isEqualTo(16384);
        assertThat(seen).allMatch(s -> s.what().startsWith("packet") || s.what().endsWith("zero"));
    }

    @Test
    void nonZeroJunkIsReportedAsMixed() {
        // A header with LENGTH 0 cannot frame a packet (§1.1): its six bytes are skipped one by one.
        byte[] stream = concat("07 07 00 00 00 00", INIT);
        assertThat(frame(new PacketFramer(), stream)).containsExactly(junk(6, false), packet(INIT));
    }

    @Test
    void junkAfterAPacketIsReportedAfterIt() {
        byte[] stream = concat(INIT, "AA 00 00 00 00", INIT);
        assertThat(frame(new PacketFramer(), stream)).containsExactly(packet(INIT), junk(5, false), packet(INIT));
    }

    @Test
    void headerOnlyPacketOfLengthSixIsAPacketWithEmptyBody() {
        assertThat(frame(new PacketFramer(), Hex.parse(EMPTY_DATA))).containsExactly(packet(EMPTY_DATA));
    }

    @Test
    void largestPacketOfLength65535Frames() {
        byte[] big = new byte[0xFFFF];
        big[0] = 9;
        big[1] = 9;
        big[2] = (byte) 0xFF;
        big[3] = (byte) 0xFF;
        for (int i = 6; i < big.length; i++) {
            big[i] = (byte) i;
        }
        PacketFramer framer = new PacketFramer();
        assertThat(framer.feed(ByteBuffer.wrap(big))).isEqualTo(0xFFFF);
        Frame f = framer.next();
        assertThat(f).isInstanceOf(Frame.Packet.class);
        Frame.Packet p = (Frame.Packet) f;
        assertThat(p.header().length()).isEqualTo(0xFFFF);
        byte[] body = new byte[p.body().remaining()];
        p.body().get(body);
        assertThat(body).isEqualTo(Arrays.copyOfRange(big, 6, big.length));
    }

    @Test
    void feedTakesNoMoreThanTheLargestPacketAndTheRestAfterwards() {
        // A hostile LENGTH 65535 header followed by a flood: memory stays at one packet (§1.1).
        byte[] flood = new byte[200_000];
        flood[2] = (byte) 0xFF;
        flood[3] = (byte) 0xFF;
        flood[0] = 1;
        PacketFramer framer = new PacketFramer();
        ByteBuffer src = ByteBuffer.wrap(flood);
        assertThat(framer.feed(src)).isEqualTo(WireFormat.MAX_PACKET_SIZE);
        assertThat(framer.feed(src)).isZero();
        assertThat(framer.buffered()).isEqualTo(WireFormat.MAX_PACKET_SIZE);
        assertThat(framer.next()).isInstanceOf(Frame.Packet.class);
        // Room again once the packet is taken.
        assertThat(framer.feed(src)).isEqualTo(WireFormat.MAX_PACKET_SIZE);
        assertThat(framer.buffered()).isEqualTo(WireFormat.MAX_PACKET_SIZE);
    }

    @Test
    void partialPacketBehindAConsumedOneStillGetsRoomToComplete() {
        // The buffer compacts: a 65535-byte packet starting late in the buffer still fits.
        byte[] big = new byte[0xFFFF];
        big[2] = (byte) 0xFF;
        big[3] = (byte) 0xFF;
        big[0] = 3;
        byte[] stream = concat(INIT);
        PacketFramer framer = new PacketFramer();
        List<Seen> seen = frame(framer, stream, Arrays.copyOf(big, 40_000), Arrays.copyOfRange(big, 40_000, big.length));
        assertThat(seen).hasSize(2);
        assertThat(seen.get(0)).isEqualTo(packet(INIT));
        assertThat(seen.get(1).what()).startsWith("packet 03 00 FF FF");
        assertThat(framer.buffered()).isZero();
    }

    @Test
    void clearDropsWhatIsBuffered() {
        PacketFramer framer = new PacketFramer();
        framer.feed(ByteBuffer.wrap(Arrays.copyOf(Hex.parse(ST), 7)));
        framer.clear();
        assertThat(framer.buffered()).isZero();
        assertThat(frame(framer, Hex.parse(INIT))).containsExactly(packet(INIT));
    }
}
