package org.dot4j.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.dot4j.engine.LinkEngineBadInputTest.GET_PRINT;
import static org.dot4j.engine.LinkEngineBadInputTest.PRINT;
import static org.dot4j.engine.LinkEngineBadInputTest.PRINT_IS_2;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.dot4j.wire.ErrorCode;
import org.junit.jupiter.api.Test;

/**
 * Junk that arrives in small reads, as from a tty or a slow USB endpoint, is one violation however it was cut
 * (found by EngineRoleFuzzTest: a NUL flood fed one byte per read gave one ViolationDetected per byte, and
 * non-zero junk one Error packet per byte, so a peer could make the host answer each byte it sent).
 */
class LinkEngineJunkInPiecesTest {

    @Test
    void aNulFloodReadOneByteAtATimeIsOneViolation() {
        EnginePair pair = EnginePair.standard().initialized(PRINT);
        byte[] stream = RawWire.bytes(RawWire.join("00 ".repeat(4096), GET_PRINT));
        List<EngineEvent> events = feedBytewise(pair, stream);
        assertThat(violations(events)).singleElement()
                .satisfies(v -> assertThat(v.detail()).contains("4096 NUL bytes"));
        assertThat(transmitted(pair)).isEqualTo(RawWire.normalise(PRINT_IS_2));
    }

    @Test
    void mixedJunkReadOneByteAtATimeGetsOneErrorPacket() {
        EnginePair pair = EnginePair.standard().initialized(PRINT);
        byte[] stream = RawWire.bytes(RawWire.join("07 07 00 00 00 00 00 00 00 00 00 00", GET_PRINT));
        List<EngineEvent> events = feedBytewise(pair, stream);
        assertThat(violations(events)).extracting(EngineEvent.ViolationDetected::code)
                .containsExactly(ErrorCode.MALFORMED_PACKET);
        assertThat(transmitted(pair)).isEqualTo(RawWire.join("00 00 00 0A 00 00 7F 00 00 80", PRINT_IS_2));
    }

    private static List<EngineEvent> feedBytewise(EnginePair pair, byte[] stream) {
        List<EngineEvent> events = new ArrayList<>();
        for (byte b : stream) {
            pair.peripheral.handleReceived(ByteBuffer.wrap(new byte[] {b}), pair.now);
            for (var e = pair.peripheral.pollEvent(); e.isPresent(); e = pair.peripheral.pollEvent()) {
                events.add(e.get());
            }
        }
        return events;
    }

    private static List<EngineEvent.ViolationDetected> violations(List<EngineEvent> events) {
        return events.stream().filter(EngineEvent.ViolationDetected.class::isInstance)
                .map(EngineEvent.ViolationDetected.class::cast).toList();
    }

    private static String transmitted(EnginePair pair) {
        ByteBuffer out = ByteBuffer.allocate(256 * 1024);
        pair.peripheral.pollTransmit(out, pair.now);
        byte[] sent = new byte[out.flip().remaining()];
        out.get(sent);
        return RawWire.hex(sent);
    }
}
