package org.dot4j.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link PacketFramer#next(ByteBuffer)} takes whole packets where they lie and copies only what it must, and gives
 * the same frames, in the same order, as feeding every byte: packets, junk runs and NUL floods, however the stream
 * is cut.
 */
class PacketFramerInPlaceTest {

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10})
    void theSameFramesAsFeedingEveryByte(long seed) {
        Random random = new Random(seed);
        byte[] stream = stream(random);
        int[] cuts = random.ints(64, 1, 1000 + random.nextInt(70_000)).toArray(); // from one byte to more than a packet
        List<String> fed = new ArrayList<>();
        List<String> direct = new ArrayList<>();
        PacketFramer plain = new PacketFramer();
        PacketFramer framer = new PacketFramer();
        for (int i = 0, at = 0; at < stream.length; i++) {
            int n = Math.min(cuts[i % cuts.length], stream.length - at);
            ByteBuffer a = ByteBuffer.wrap(stream, at, n);
            while (a.hasRemaining()) {
                plain.feed(a);
                drain(plain, fed);
            }
            ByteBuffer b = ByteBuffer.allocateDirect(n).put(stream, at, n).flip(); // as the driver's read buffer
            drain(framer, b, direct);
            assertThat(b.hasRemaining()).isFalse();
            at += n;
        }
        assertThat(direct).as("frames, seed %d", seed).isEqualTo(fed);
        assertThat(framer.buffered()).isEqualTo(plain.buffered());
        assertThat(framer.pendingJunk()).isEqualTo(plain.pendingJunk());
    }

    @Test
    void onlyPacketsCutByTheEndOfABufferAreCopied() {
        ByteBuffer stream = ByteBuffer.allocateDirect(100 * 1000); // bodies that are views of it are direct too
        for (int i = 0; i < 100; i++) {
            new PacketHeader(1, 1, 1000, 0, 0).encode(stream);
            stream.put(new byte[1000 - WireFormat.HEADER_SIZE]);
        }
        stream.flip();
        PacketFramer framer = new PacketFramer();
        int packets = 0;
        int copied = 0;
        while (stream.hasRemaining()) {
            ByteBuffer read = stream.slice(stream.position(), Math.min(3500, stream.remaining()));
            stream.position(stream.position() + read.remaining());
            for (var f = framer.next(read); f instanceof PacketFramer.Frame.Packet p; f = framer.next(read)) {
                packets++;
                if (!p.body().isDirect()) {
                    copied += p.body().remaining() + WireFormat.HEADER_SIZE;
                }
            }
        }
        assertThat(packets).isEqualTo(100);
        // Reads of 3,500 bytes end inside a packet every other time (at 3,500, 10,500, ...): 14 packets are copied.
        assertThat(copied).as("the cut packets' bytes, and nothing else").isEqualTo(14 * 1000);
    }

    @Test
    void aWholePacketAtTheFrontIsAViewOfTheCallersBufferAndACutOneTakesOnlyItsRest() {
        ByteBuffer src = ByteBuffer.allocateDirect(14);
        new PacketHeader(1, 2, 10, 3, 0).encode(src);
        src.put(new byte[] {1, 2, 3, 4}).put(new byte[] {0, 0, 0, 7}).flip(); // a packet, then a header's start (LENGTH 7)
        PacketFramer framer = new PacketFramer();
        PacketFramer.Frame.Packet p = (PacketFramer.Frame.Packet) framer.next(src);
        assertThat(p.header()).isEqualTo(new PacketHeader(1, 2, 10, 3, 0));
        assertThat(p.body().isDirect()).as("a view of src, not a copy").isTrue();
        assertThat(p.body().remaining()).isEqualTo(4);
        assertThat(p.body().get(3)).isEqualTo((byte) 4);
        assertThat(framer.next(src)).isInstanceOf(PacketFramer.Frame.NeedMoreBytes.class);
        assertThat(src.hasRemaining()).isFalse();
        assertThat(framer.buffered()).isEqualTo(4);

        ByteBuffer next = ByteBuffer.allocateDirect(9).put(new byte[] {0, 0, 9, 5, 6, 0, 6, 0, 0}).flip();
        PacketFramer.Frame.Packet cut = (PacketFramer.Frame.Packet) framer.next(next);
        assertThat(cut.body().isDirect()).as("the cut packet, copied").isFalse();
        assertThat(cut.body().get(0)).isEqualTo((byte) 9);
        assertThat(next.position()).as("only the rest of the cut packet was taken").isEqualTo(3);
        PacketFramer.Frame.Packet after = (PacketFramer.Frame.Packet) framer.next(next);
        assertThat(after.header()).isEqualTo(new PacketHeader(5, 6, 6, 0, 0));
        assertThat(after.body().isDirect()).as("the packet behind it, a view again").isTrue();
    }

    /** Packets of random sizes, with junk runs and NUL floods between some of them. */
    private static byte[] stream(Random random) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < 400; i++) {
            switch (random.nextInt(10)) {
                case 0 -> out.writeBytes(new byte[1 + random.nextInt(300)]); // NULs
                case 1 -> {
                    byte[] junk = new byte[1 + random.nextInt(40)];
                    random.nextBytes(junk);
                    out.writeBytes(junk);
                }
                default -> {
                    int length = WireFormat.HEADER_SIZE + random.nextInt(random.nextBoolean() ? 64 : 20_000);
                    ByteBuffer packet = ByteBuffer.allocate(length);
                    new PacketHeader(random.nextInt(256), random.nextInt(256), length, random.nextInt(256), 0).encode(packet);
                    byte[] body = new byte[length - WireFormat.HEADER_SIZE];
                    random.nextBytes(body);
                    out.writeBytes(packet.put(body).array());
                }
            }
        }
        return out.toByteArray();
    }

    private static void drain(PacketFramer framer, ByteBuffer src, List<String> frames) {
        for (PacketFramer.Frame f = framer.next(src); !(f instanceof PacketFramer.Frame.NeedMoreBytes); f = framer.next(src)) {
            frames.add(f instanceof PacketFramer.Frame.Packet p ? describe(p) : f.toString());
        }
    }

    private static void drain(PacketFramer framer, List<String> frames) {
        for (PacketFramer.Frame f = framer.next(); !(f instanceof PacketFramer.Frame.NeedMoreBytes); f = framer.next()) {
            frames.add(f instanceof PacketFramer.Frame.Packet p ? describe(p) : f.toString());
        }
    }

    private static String describe(PacketFramer.Frame.Packet p) {
        byte[] body = new byte[p.body().remaining()];
        p.body().duplicate().get(body);
        return p.header() + " " + Arrays.hashCode(body) + "/" + body.length;
    }
}
