package org.dot4j.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Hand-written bytes into one engine of an {@link EnginePair} and the exact bytes it answers, without delivering
 * them to the other engine: how the bad-input tests play a misbehaving peer.
 */
final class RawWire {

    private RawWire() {}

    /** What an engine sent back to raw input, and the events it reported meanwhile. */
    record Answer(String bytes, List<EngineEvent> events) {

        /** The ViolationDetected events, in order. */
        List<EngineEvent.ViolationDetected> violations() {
            return events.stream().filter(e -> e instanceof EngineEvent.ViolationDetected)
                    .map(e -> (EngineEvent.ViolationDetected) e).toList();
        }
    }

    /** Parses spaced hex, e.g. {@code "00 00 00 08 01 00 00 10"}. */
    static byte[] bytes(String spacedHex) {
        return HexFormat.of().parseHex(spacedHex.replace(" ", ""));
    }

    /** Upper-case spaced hex. */
    static String hex(byte[] bytes) {
        return HexFormat.ofDelimiter(" ").withUpperCase().formatHex(bytes);
    }

    /** A hand-written vector in the form {@link #hex} produces. */
    static String normalise(String spacedHex) {
        return hex(bytes(spacedHex));
    }

    /** Spaced hex of ASCII text, to append service names to vectors. */
    static String ascii(String text) {
        return hex(text.getBytes(StandardCharsets.US_ASCII));
    }

    /** Joins spaced-hex pieces into one vector. */
    static String join(String... pieces) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (String p : pieces) {
            out.writeBytes(bytes(p));
        }
        return hex(out.toByteArray());
    }

    /** Feeds {@code input} to the peripheral as if the host wrote it; returns what the peripheral sends back. */
    static Answer toPeripheral(EnginePair pair, byte[] input) {
        return feed(pair, pair.peripheral, pair.peripheralEvents, input);
    }

    /** {@link #toPeripheral(EnginePair, byte[])} with spaced hex. */
    static Answer toPeripheral(EnginePair pair, String spacedHex) {
        return toPeripheral(pair, bytes(spacedHex));
    }

    /** Feeds {@code spacedHex} to the host as if the peripheral wrote it; returns what the host sends back. */
    static Answer toHost(EnginePair pair, String spacedHex) {
        return feed(pair, pair.host, pair.hostEvents, bytes(spacedHex));
    }

    private static Answer feed(EnginePair pair, LinkEngine engine, List<EngineEvent> log, byte[] input) {
        engine.handleReceived(ByteBuffer.wrap(input), pair.now);
        ByteBuffer out = ByteBuffer.allocate(256 * 1024);
        engine.pollTransmit(out, pair.now);
        byte[] sent = new byte[out.flip().remaining()];
        out.get(sent);
        List<EngineEvent> events = new ArrayList<>();
        for (var e = engine.pollEvent(); e.isPresent(); e = engine.pollEvent()) {
            events.add(e.get());
        }
        log.addAll(events);
        return new Answer(hex(sent), events);
    }

    /** The host engine can still look a service up through the peripheral: the link survived. */
    static void assertStillAnswers(EnginePair pair, String service, int socket) {
        long id = pair.host.getSocketId(service);
        pair.drive();
        assertThat(EnginePair.outcome(pair.hostEvents, id)).isEqualTo(new EngineEvent.SocketIdFound(socket));
    }

    /** The host engine can still open a channel to {@code peerSocket} and move data over it. */
    static void assertDataStillFlows(EnginePair pair, int peerSocket) {
        long channel = pair.open(new LocalSocket(peerSocket, "", ChannelMode.STREAM, 8192, 1024, 1024, false), peerSocket);
        long onPeripheral = pair.acceptedOnPeripheral(new ChannelKey(peerSocket, peerSocket));
        byte[] data = new byte[3000];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) (i * 7);
        }
        ByteBuffer src = ByteBuffer.wrap(data);
        ByteBuffer got = ByteBuffer.allocate(data.length);
        for (int round = 0; got.hasRemaining() && round < 100; round++) {
            pair.host.write(channel, src, false);
            pair.drive();
            pair.peripheral.read(onPeripheral, got);
            pair.drive();
        }
        assertThat(got.array()).isEqualTo(data);
    }
}
