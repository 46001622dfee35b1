package org.dot4j.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The 6-byte header of reference §1: field order, big-endian LENGTH, control bits. */
@Timeout(5)
class PacketHeaderTest {

    @Test
    void encodesPsidSsidBigEndianLengthCreditControl() {
        ByteBuffer dst = ByteBuffer.allocate(6);
        new PacketHeader(0x12, 0x34, 0x5678, 0x9A, 0xBC).encode(dst);
        assertThat(Hex.format(dst.array())).isEqualTo("12 34 56 78 9A BC");
    }

    @Test
    void decodesWhatItEncodesAndConsumesSixBytes() {
        ByteBuffer src = ByteBuffer.wrap(Hex.parse("FF FE FF FF FD 03 99"));
        assertThat(PacketHeader.decode(src)).isEqualTo(new PacketHeader(0xFF, 0xFE, 0xFFFF, 0xFD, 0x03));
        assertThat(src.position()).isEqualTo(6);
    }

    @Test
    void decodeKeepsALengthBelowSixSoTheCallerCanRejectIt() {
        PacketHeader h = PacketHeader.decode(ByteBuffer.wrap(Hex.parse("00 00 00 03 00 00")));
        assertThat(h.length()).isEqualTo(3);
        assertThat(h.hasValidLength()).isFalse();
        assertThat(new PacketHeader(0, 0, 6, 0, 0).hasValidLength()).isTrue();
    }

    @Test
    void transactionHeaderIsOnSocketsZeroZero() {
        PacketHeader h = PacketHeader.transaction(8, 1, 0);
        assertThat(h).isEqualTo(new PacketHeader(0, 0, 8, 1, 0));
        assertThat(h.isTransaction()).isTrue();
        assertThat(new PacketHeader(0, 2, 8, 1, 0).isTransaction()).isFalse();
        assertThat(new PacketHeader(2, 0, 8, 1, 0).isTransaction()).isFalse();
        assertThat(new PacketHeader(2, 2, 8, 1, 0).isTransaction()).isFalse();
    }

    @Test
    void payloadLengthExcludesTheHeader() {
        assertThat(new PacketHeader(2, 2, 6, 0, 0).payloadLength()).isZero();
        assertThat(new PacketHeader(2, 2, 0xFFFF, 0, 0).payloadLength()).isEqualTo(WireFormat.MAX_PAYLOAD);
    }

    @ParameterizedTest(name = "control 0x{0} ends a message: {1}")
    @CsvSource({"00, false", "01, true", "02, true", "03, true", "41, true", "04, false", "40, false", "80, false", "FC, false"})
    void endsMessageWhenEitherEndBitIsSet(String control, boolean ends) {
        // §1.2: Epson uses 0x01, DY/EZ use 0x02; other bits never mean anything to us.
        assertThat(new PacketHeader(2, 2, 10, 0, Integer.parseInt(control, 16)).endsMessage()).isEqualTo(ends);
    }

    @Test
    void rejectsFieldsOutsideTheirWidth() {
        assertThatThrownBy(() -> new PacketHeader(256, 0, 6, 0, 0)).hasMessageContaining("primary socket 256");
        assertThatThrownBy(() -> new PacketHeader(0, -1, 6, 0, 0)).hasMessageContaining("secondary socket -1");
        assertThatThrownBy(() -> new PacketHeader(0, 0, 65536, 0, 0)).hasMessageContaining("packet length 65536");
        assertThatThrownBy(() -> new PacketHeader(0, 0, 6, 300, 0)).hasMessageContaining("credit 300");
        assertThatThrownBy(() -> new PacketHeader(0, 0, 6, 0, 256)).hasMessageContaining("control 256");
    }
}
