package org.dot4j.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.Random;
import org.dot4j.wire.Revision;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Timeout;

/**
 * Seeded random packets, well framed but with random opcodes, sockets, results, sizes and credit, fed to either
 * engine in random pieces: no exception may escape, the engine's queues stay bounded, and after the host sends
 * Init the link carries data again.
 */
@Timeout(30)
class LinkEngineFuzzTest {

    private static final int[] OPCODES = {0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x08, 0x09, 0x0A, 0x45, 0x7F};
    private static final int[] SOCKETS = {0, 2, 3, 3, 2, 9};

    /** One packet whose LENGTH matches its bytes, so the stream never loses framing. */
    private static byte[] randomPacket(Random random) {
        boolean transaction = random.nextInt(10) < 6;
        int socket = SOCKETS[random.nextInt(SOCKETS.length)];
        int bodyLength = transaction ? 1 + random.nextInt(22) : random.nextInt(random.nextBoolean() ? 40 : 700);
        byte[] p = new byte[6 + bodyLength];
        p[0] = (byte) (transaction ? 0 : socket);
        p[1] = (byte) (transaction ? 0 : random.nextInt(8) == 0 ? SOCKETS[random.nextInt(SOCKETS.length)] : socket);
        p[2] = (byte) (p.length >> 8);
        p[3] = (byte) p.length;
        p[4] = (byte) (random.nextInt(6) == 0 ? 0xFF : random.nextInt(3));
        p[5] = (byte) random.nextInt(4);
        for (int i = 6; i < p.length; i++) {
            p[i] = (byte) (random.nextInt(3) == 0 ? random.nextInt(256) : SOCKETS[random.nextInt(SOCKETS.length)]);
        }
        if (transaction) {
            int op = OPCODES[random.nextInt(OPCODES.length)];
            p[6] = (byte) (random.nextInt(4) == 0 ? op | 0x80 : op);
            if (p.length > 7 && (p[6] & 0x80) != 0) {
                p[7] = (byte) random.nextInt(0x10); // mostly known result codes
            } else if (p.length > 7 && p[6] == 0) {
                p[7] = (byte) (random.nextBoolean() ? 0x20 : 0x10); // Init: mostly supported revisions
            }
        }
        return p;
    }

    private static void feedRandomly(LinkEngine engine, EnginePair pair, Random random, int packets) {
        ByteArrayOutputStream stream = new ByteArrayOutputStream();
        for (int i = 0; i < packets; i++) {
            stream.writeBytes(randomPacket(random));
        }
        ByteBuffer all = ByteBuffer.wrap(stream.toByteArray());
        ByteBuffer out = ByteBuffer.allocate(256 * 1024);
        while (all.hasRemaining()) {
            int piece = Math.min(all.remaining(), 1 + random.nextInt(900));
            engine.handleReceived(all.slice(all.position(), piece), pair.now);
            all.position(all.position() + piece);
            if (random.nextBoolean()) {
                out.clear();
                engine.pollTransmit(out, pair.now);
            }
            while (engine.pollEvent().isPresent()) {
                // events are not the point here; the engine must just survive
            }
            assertThat(engine.scheduler.urgent).hasSizeLessThanOrEqualTo(LinkEngine.MAX_QUEUED_TRANSACTIONS);
            assertThat(engine.commands.main.queue).hasSizeLessThanOrEqualTo(LinkEngine.MAX_QUEUED_TRANSACTIONS);
            assertThat(engine.commands.credit.queue).hasSizeLessThanOrEqualTo(LinkEngine.MAX_QUEUED_TRANSACTIONS);
        }
        out.clear();
        engine.pollTransmit(out, pair.now);
    }

    @ParameterizedTest(name = "revision {0}, seed {1}")
    @CsvSource({"32, 1", "32, 2", "32, 3", "16, 4", "16, 5", "16, 6"})
    void randomPacketsToThePeripheralNeverThrowAndInitRecovers(int revision, long seed) {
        EnginePair pair = EnginePair.of(revision, seed)
                .initialized(LinkEngineBadInputTest.PRINT, LinkEngineBadInputTest.TINY);
        Random random = new Random(seed);
        assertThatCode(() -> feedRandomly(pair.peripheral, pair, random, 3000)).doesNotThrowAnyException();
        while (pair.peripheral.pollEvent().isPresent()) {
            // the host never saw the fuzz: start over from its side
        }
        long init = pair.host.init();
        pair.drive();
        assertThat(EnginePair.outcome(pair.hostEvents, init)).isEqualTo(new EngineEvent.InitDone(revision));
        RawWire.assertDataStillFlows(pair, 2);
    }

    @ParameterizedTest(name = "revision {0}, seed {1}")
    @CsvSource({"32, 11", "32, 12", "16, 13", "16, 14"})
    void randomPacketsToTheHostNeverThrowAndInitRecovers(int revision, long seed) {
        EnginePair pair = EnginePair.of(revision, seed).initialized(LinkEngineBadInputTest.PRINT);
        pair.host.registerSocket(new LocalSocket(3, "", ChannelMode.STREAM, 4096, 512, 512, true));
        Random random = new Random(seed);
        assertThatCode(() -> feedRandomly(pair.host, pair, random, 3000)).doesNotThrowAnyException();
        while (pair.host.pollEvent().isPresent()) {
            // drained
        }
        long init = pair.host.init();
        pair.drive();
        assertThat(EnginePair.outcome(pair.hostEvents, init)).isEqualTo(new EngineEvent.InitDone(revision));
        assertThat(pair.host.revision()).isEqualTo(revision == 0x10 ? Revision.EPSON_DRAFT : Revision.IEEE_1284_4);
        RawWire.assertDataStillFlows(pair, 2);
    }
}
