package org.dot4j.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** DOT4_DC_OPEN_DATA, d4drvif.md §2.4. */
@Timeout(5)
class OpenChannelDataTest {

    /** bHsid 2, fAddActivity TRUE, padding, hChannelHandle 0x01020304 — from the §2.4 offset table. */
    private static final String REPLY_BYTES = "02 01 00 00 04 03 02 01";

    @Test
    void aReplyEncodesToTheHandWrittenEightBytes() {
        OpenChannelData reply = new OpenChannelData(2, true, 0).withChannelHandle(0x01020304);

        assertThat(HexBytes.format(reply.encode())).isEqualTo(HexBytes.normalise(REPLY_BYTES));
        assertThat(reply.encodedSize()).isEqualTo(OpenChannelData.SIZE).isEqualTo(8);
    }

    @Test
    void aRequestWithoutActivityHasZeroFlagAndHandle() {
        assertThat(HexBytes.format(new OpenChannelData(5, false, 0).encode()))
                .isEqualTo(HexBytes.normalise("05 00 00 00 00 00 00 00"));
    }

    @Test
    void theGoldenBytesDecodeToTheSameValues() throws Dot4Exception {
        assertThat(OpenChannelData.decode(HexBytes.parse(REPLY_BYTES)))
                .isEqualTo(new OpenChannelData(2, true, 0x01020304));
    }

    @Test
    void anyNonZeroActivityByteMeansTrueAndPaddingIsIgnored() throws Dot4Exception {
        OpenChannelData decoded = OpenChannelData.decode(HexBytes.parse("02 80 AA AA 04 03 02 01 FF"));

        assertThat(decoded).isEqualTo(new OpenChannelData(2, true, 0x01020304));
    }

    @Test
    void aHandleWithTheTopBitSetIsUnsignedInC() throws Dot4Exception {
        OpenChannelData decoded = OpenChannelData.decode(HexBytes.parse("01 00 00 00 FE FF FF FF"));

        assertThat(decoded.channelHandle()).isEqualTo(-2);
        assertThat(decoded.channelHandleUnsigned()).isEqualTo(0xFFFFFFFEL);
        assertThat(OpenChannelData.decode(decoded.encode())).isEqualTo(decoded);
    }

    @Test
    void decodingSevenBytesIsBufferTooSmall() {
        assertThatThrownBy(() -> OpenChannelData.decode(HexBytes.parse("02 01 00 00 04 03 02")))
                .isInstanceOfSatisfying(Dot4Exception.class,
                        e -> assertThat(e.status()).isEqualTo(NtStatus.STATUS_BUFFER_TOO_SMALL))
                .hasMessageContaining("DOT4_DC_OPEN_DATA needs 8 bytes but the buffer has 7");
    }

    @Test
    void aHostSocketOutsideAByteIsRejected() {
        assertThatThrownBy(() -> new OpenChannelData(256, false, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("hostSocketId 256");
    }
}
