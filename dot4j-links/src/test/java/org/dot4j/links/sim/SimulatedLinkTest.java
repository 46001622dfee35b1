package org.dot4j.links.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.dot4j.links.net.LinkBytes.random;
import static org.dot4j.links.net.LinkBytes.receive;
import static org.dot4j.links.net.LinkBytes.send;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.dot4j.driver.ByteLink;
import org.dot4j.links.net.Background;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The simulated link: exact bytes, reproducible chunking, faults, and lower bounds on its timing. */
@Timeout(10)
class SimulatedLinkTest {

    private static final Duration PROMPTLY = Duration.ofSeconds(2);
    /** How long a call may take to reach its wait. */
    private static final Duration TO_BLOCK = Duration.ofSeconds(5);

    @Test
    void randomChunksDeliverTheBytesUnchanged() throws Exception {
        ByteLink[] ends = SimulatedLink.pair(LinkProfile.ideal().withChunks(97, false), 1);
        byte[] data = random(300_000, 3);

        Background<Void> writer = sendInBackground(ends[0], data);
        Deliveries received = readDeliveries(ends[1], data.length);

        writer.result(PROMPTLY);
        assertThat(received.bytes()).isEqualTo(data);
        assertThat(received.sizes()).allSatisfy(size -> assertThat(size).isBetween(1, 97));
    }

    @Test
    void usb2DeliversBothWaysInExact512ByteChunks() throws Exception {
        ByteLink[] ends = SimulatedLink.pair(LinkProfile.usb2(), 5);
        byte[] up = random(1 << 20, 6);
        byte[] down = random(1 << 20, 7);

        Background<Void> upWriter = sendInBackground(ends[0], up);
        Background<Void> downWriter = sendInBackground(ends[1], down);
        Background<byte[]> upReader = Background.start("up-reader", () -> receive(ends[1], up.length));
        Deliveries downReceived = readDeliveries(ends[0], down.length);

        assertThat(downReceived.bytes()).isEqualTo(down);
        assertThat(downReceived.sizes()).hasSize(down.length / 512).containsOnly(512);
        assertThat(upReader.result(PROMPTLY)).isEqualTo(up);
        upWriter.result(PROMPTLY);
        downWriter.result(PROMPTLY);
        ends[0].close();
        assertThat(ends[1].read(ByteBuffer.allocate(10))).isEqualTo(-1);
    }

    @Test
    void fixedChunksAreExactlyTheMaximumExceptAtTheEndOfAWrite() throws Exception {
        List<Integer> sizes = chunkSizes(LinkProfile.ideal().withChunks(512, true), 1, 2000);

        assertThat(sizes).containsExactly(512, 512, 512, 464);
    }

    @Test
    void theSameSeedCutsTheSameChunks() throws Exception {
        LinkProfile profile = LinkProfile.ideal().withChunks(300, false);

        List<Integer> first = chunkSizes(profile, 42, 64 * 1024);
        List<Integer> again = chunkSizes(profile, 42, 64 * 1024);
        List<Integer> otherSeed = chunkSizes(profile, 43, 64 * 1024);

        assertThat(again).isEqualTo(first);
        assertThat(otherSeed).isNotEqualTo(first);
        assertThat(first).hasSizeGreaterThan(64 * 1024 / 300);
    }

    /** Writes {@code size} bytes at once and returns the size of each read that receives them. */
    private static List<Integer> chunkSizes(LinkProfile profile, long seed, int size) throws Exception {
        ByteLink[] ends = SimulatedLink.pair(profile, seed);
        byte[] data = random(size, seed);
        send(ends[0], data);
        Deliveries received = readDeliveries(ends[1], size);
        assertThat(received.bytes()).isEqualTo(data);
        return received.sizes();
    }

    @Test
    void dropAfterDeliversExactlyThatManyBytesThenFailsBothEnds() throws Exception {
        ByteLink[] ends = SimulatedLink.pair(LinkProfile.ideal().withChunks(700, false).dropAfter(3000), 9);
        byte[] data = random(10_000, 10);
        Background<Integer> reverseReader = Background.start("reverse-reader",
                () -> ends[0].read(ByteBuffer.allocate(10)));

        assertThatThrownBy(() -> send(ends[0], data))
                .isInstanceOf(IOException.class)
                .hasMessage("simulated link dropped after 3000 bytes from sim:9#first to sim:9#second");

        assertThat(receive(ends[1], 3000)).isEqualTo(Arrays.copyOf(data, 3000));
        assertThatThrownBy(() -> ends[1].read(ByteBuffer.allocate(10)))
                .isInstanceOf(IOException.class).hasMessageContaining("dropped after 3000 bytes");
        assertThat(reverseReader.failure(PROMPTLY)).isInstanceOf(IOException.class)
                .hasMessageContaining("dropped after 3000 bytes");
        assertThatThrownBy(() -> send(ends[1], new byte[1])).hasMessageContaining("dropped");
    }

    @Test
    void corruptAtFlipsExactlyThatByte() throws Exception {
        ByteLink[] ends = SimulatedLink.pair(LinkProfile.ideal().withChunks(100, false).corruptAt(1234), 11);
        byte[] data = random(5000, 12);

        send(ends[0], data);
        byte[] received = receive(ends[1], data.length);

        assertThat(IntStream.range(0, data.length).filter(i -> received[i] != data[i])).containsExactly(1234);
    }

    @Test
    void aFaultAimedAtOneDirectionLeavesTheOtherAlone() throws Exception {
        LinkProfile profile = LinkProfile.ideal()
                .with(new LinkProfile.Fault.Corrupt(LinkProfile.Direction.SECOND_TO_FIRST, 0));
        ByteLink[] ends = SimulatedLink.pair(profile, 13);

        send(ends[0], new byte[] {1, 2});
        send(ends[1], new byte[] {1, 2});

        assertThat(receive(ends[1], 2)).containsExactly(1, 2);
        assertThat(receive(ends[0], 2)[0]).isNotEqualTo((byte) 1);
    }

    @Test
    void transferringTakesAtLeastSizeOverBandwidth() throws Exception {
        long bandwidth = 1_000_000;
        int size = 200_000;
        ByteLink[] ends = SimulatedLink.pair(LinkProfile.ideal().withBandwidth(bandwidth).withChunks(4096, false), 14);
        byte[] data = random(size, 15);

        long start = System.nanoTime();
        Background<Void> writer = sendInBackground(ends[0], data);
        byte[] received = receive(ends[1], size);
        long elapsed = System.nanoTime() - start;

        writer.result(PROMPTLY);
        assertThat(received).isEqualTo(data);
        assertThat(elapsed).isGreaterThanOrEqualTo(size * 1_000_000_000L / bandwidth);
    }

    @Test
    void aRoundTripTakesAtLeastTwiceTheLatency() throws Exception {
        Duration latency = Duration.ofMillis(30);
        ByteLink[] ends = SimulatedLink.pair(LinkProfile.ideal().withLatency(latency), 16);

        long start = System.nanoTime();
        send(ends[0], new byte[] {1});
        send(ends[1], receive(ends[1], 1));
        receive(ends[0], 1);
        long elapsed = System.nanoTime() - start;

        assertThat(elapsed).isGreaterThanOrEqualTo(2 * latency.toNanos());
    }

    @Test
    void aStallHoldsBackTheBytesAfterItsOffset() throws Exception {
        Duration pause = Duration.ofMillis(200);
        ByteLink[] ends = SimulatedLink.pair(LinkProfile.ideal().stallAfter(1000, pause), 17);
        byte[] data = random(2000, 18);

        long start = System.nanoTime();
        send(ends[0], data);
        byte[] beforeStall = receive(ends[1], 1000);
        byte[] afterStall = receive(ends[1], 1000);
        long elapsed = System.nanoTime() - start;

        assertThat(beforeStall).isEqualTo(Arrays.copyOf(data, 1000));
        assertThat(afterStall).isEqualTo(Arrays.copyOfRange(data, 1000, 2000));
        assertThat(elapsed).isGreaterThanOrEqualTo(pause.toNanos());
    }

    @Test
    void closingAnEndUnblocksItsReaderAndItsWriterStuckOnTheInFlightLimit() throws Exception {
        ByteLink[] ends = SimulatedLink.pair(LinkProfile.ideal(), 19);
        Background<Integer> reader = Background.start("blocked-reader", () -> ends[0].read(ByteBuffer.allocate(10)));
        Background<Void> writer = sendInBackground(ends[0], new byte[3 << 20]);
        reader.awaitBlockedIn(SimulatedLink.class, "read", TO_BLOCK);
        writer.awaitBlockedIn(SimulatedLink.class, "write", TO_BLOCK); // only the in-flight limit makes it wait

        ends[0].close();

        assertThat(reader.failure(PROMPTLY)).isInstanceOf(IOException.class).hasMessage("sim:19#first was closed");
        assertThat(writer.failure(PROMPTLY)).isInstanceOf(IOException.class).hasMessage("sim:19#first was closed");
        assertThat(receive(ends[1], 1 << 20)).hasSize(1 << 20);
        assertThat(ends[1].read(ByteBuffer.allocate(10))).isEqualTo(-1);
        assertThatThrownBy(() -> send(ends[1], new byte[1])).hasMessage("sim:19#second: the peer closed the link");
    }

    private static Background<Void> sendInBackground(ByteLink link, byte[] data) {
        return Background.start("writer", () -> {
            send(link, data);
            return null;
        });
    }

    /** The bytes one side received and the size of each read that brought them. */
    private record Deliveries(List<Integer> sizes, byte[] bytes) {
    }

    /** Reads exactly {@code total} bytes with a buffer larger than any chunk, so each read is one delivery. */
    private static Deliveries readDeliveries(ByteLink link, int total) throws IOException {
        List<Integer> sizes = new ArrayList<>();
        ByteBuffer received = ByteBuffer.allocate(total);
        ByteBuffer piece = ByteBuffer.allocate(64 * 1024);
        while (received.hasRemaining()) {
            int n = link.read(piece.clear().limit(Math.min(piece.capacity(), received.remaining())));
            if (n < 0) {
                throw new EOFException(link.describe() + " ended after " + received.position() + " bytes");
            }
            sizes.add(n);
            received.put(piece.flip());
        }
        return new Deliveries(sizes, received.array());
    }
}
