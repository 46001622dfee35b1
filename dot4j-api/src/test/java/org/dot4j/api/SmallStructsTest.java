package org.dot4j.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** DOT4_DC_DESTROY_DATA (§2.3), a bare CHANNEL_HANDLE (§1.4, §2.1). */
@Timeout(5)
class SmallStructsTest {

    @Test
    void destroySocketDataIsOneByteHoldingTheHostSocket() throws Dot4Exception {
        DestroySocketData destroy = new DestroySocketData(0x81);

        assertThat(HexBytes.format(destroy.encode())).isEqualTo("81");
        assertThat(DestroySocketData.decode(HexBytes.parse("81 FF"))).isEqualTo(destroy);
        assertThat(destroy.encodedSize()).isEqualTo(DestroySocketData.SIZE).isEqualTo(1);
    }

    @Test
    void destroySocketDataFromAnEmptyBufferIsBufferTooSmall() {
        assertThatThrownBy(() -> DestroySocketData.decode(new byte[0]))
                .isInstanceOfSatisfying(Dot4Exception.class,
                        e -> assertThat(e.status()).isEqualTo(NtStatus.STATUS_BUFFER_TOO_SMALL))
                .hasMessageContaining("DOT4_DC_DESTROY_DATA needs 1 bytes but the buffer has 0");
        assertThatThrownBy(() -> new DestroySocketData(-1)).hasMessageContaining("hostSocketId -1");
    }

    @Test
    void aChannelHandleIsFourLittleEndianBytes() throws Dot4Exception {
        ChannelHandleData handle = new ChannelHandleData(0xA1B2C3D4);

        assertThat(HexBytes.format(handle.encode())).isEqualTo("D4 C3 B2 A1");
        assertThat(ChannelHandleData.decode(handle.encode())).isEqualTo(handle);
        assertThat(handle.channelHandleUnsigned()).isEqualTo(0xA1B2C3D4L);
    }

    @Test
    void aChannelHandleIsReadFromTheStartOfAWholeDriverCommand() throws Dot4Exception {
        byte[] command = new DriverCommand(0x2A, 100, 0, Dot4Constants.INFINITE).encode();

        assertThat(ChannelHandleData.decode(command).channelHandle()).isEqualTo(0x2A);
    }

    @Test
    void aChannelHandleFromThreeBytesIsBufferTooSmall() {
        assertThatThrownBy(() -> ChannelHandleData.decode(ByteBuffer.allocate(3)))
                .isInstanceOfSatisfying(Dot4Exception.class,
                        e -> assertThat(e.status()).isEqualTo(NtStatus.STATUS_BUFFER_TOO_SMALL))
                .hasMessageContaining("CHANNEL_HANDLE needs 4 bytes but the buffer has 3");
    }
}
