package org.dot4j.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** DOT4_ACTIVITY, d4drvif.md §2.6. */
@Timeout(5)
class ActivityTest {

    /** DOT4_STREAM_RECEIVED, 300 bytes, channel 5 — from the §2.6 offset table. */
    private static final String STREAM_RECEIVED_BYTES = "00 01 00 00  2C 01 00 00  05 00 00 00";

    @Test
    void aStreamReceivedEventEncodesToTheHandWrittenTwelveBytes() {
        Activity event = new Activity(ActivityMessage.STREAM_RECEIVED, 300, 5);

        assertThat(HexBytes.format(event.encode())).isEqualTo(HexBytes.normalise(STREAM_RECEIVED_BYTES));
        assertThat(event.encodedSize()).isEqualTo(Activity.SIZE).isEqualTo(12);
    }

    @Test
    void theGoldenBytesDecodeToTheSameEvent() throws Dot4Exception {
        assertThat(Activity.decode(HexBytes.parse(STREAM_RECEIVED_BYTES)))
                .isEqualTo(new Activity(ActivityMessage.STREAM_RECEIVED, 300, 5));
    }

    @Test
    void everyMessageRoundTripsWithUnsignedCountAndHandle() throws Dot4Exception {
        for (ActivityMessage message : ActivityMessage.values()) {
            Activity event = new Activity(message, 0xFFFFFFFFL, 0x80000001);

            Activity decoded = Activity.decode(event.encode());

            assertThat(decoded).isEqualTo(event);
            assertThat(decoded.channelHandleUnsigned()).isEqualTo(0x80000001L);
        }
    }

    @Test
    void theUnassignedMessage0x104IsAnInvalidParameter() {
        assertThatThrownBy(() -> Activity.decode(HexBytes.parse("04 01 00 00  00 00 00 00  01 00 00 00")))
                .isInstanceOfSatisfying(Dot4Exception.class,
                        e -> assertThat(e.status()).isEqualTo(NtStatus.STATUS_INVALID_PARAMETER))
                .hasMessageContaining("ulMessage 0x104");
    }

    @Test
    void aMessageWithHighBitsSetIsNotMistakenForAKnownOne() {
        // 0x1_0000_0100 does not fit a ULONG; 0x80000100 must not alias 0x100
        assertThatThrownBy(() -> Activity.decode(HexBytes.parse("00 01 00 80  00 00 00 00  01 00 00 00")))
                .hasMessageContaining("ulMessage 0x80000100");
    }

    @Test
    void decodingElevenBytesIsBufferTooSmall() {
        assertThatThrownBy(() -> Activity.decode(new byte[11]))
                .isInstanceOfSatisfying(Dot4Exception.class,
                        e -> assertThat(e.status()).isEqualTo(NtStatus.STATUS_BUFFER_TOO_SMALL))
                .hasMessageContaining("DOT4_ACTIVITY needs 12 bytes but the buffer has 11");
    }

    @Test
    void aNegativeByteCountIsRejected() {
        assertThatThrownBy(() -> new Activity(ActivityMessage.STREAM_CREDITS, -1, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("byteCount -1");
    }
}
