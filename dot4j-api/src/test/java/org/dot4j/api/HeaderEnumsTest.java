package org.dot4j.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The constants and small enums of d4drvif.md §2.8. */
@Timeout(5)
class HeaderEnumsTest {

    @Test
    void constantsHaveTheHeaderValues() {
        assertThat(Dot4Constants.MAX_SERVICE_LENGTH).isEqualTo(40);
        assertThat(Dot4Constants.DOT4_MAX_CHANNELS).isEqualTo(128);
        assertThat(Dot4Constants.NO_TIMEOUT).isZero();
        assertThat(Dot4Constants.INFINITE).isEqualTo(4_294_967_295L);
    }

    @Test
    void wellKnownSocketsHaveTheD4ifaceNumbersAndThreeIsUnassigned() {
        assertThat(WellKnownSocket.values()).extracting(WellKnownSocket::id)
                .containsExactly(0, 1, 2, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15);
        assertThat(WellKnownSocket.PRINTER_CHANNEL.id()).isEqualTo(2);
        assertThat(WellKnownSocket.CONFIG_DOWNLOAD.id()).isEqualTo(15);
        assertThat(WellKnownSocket.fromId(4)).contains(WellKnownSocket.SCANNER_CHANNEL);
        assertThat(WellKnownSocket.fromId(3)).isEmpty();
        assertThat(WellKnownSocket.fromId(16)).isEmpty();
    }

    @Test
    void channelTypesAreStreamOneAndPacketTwo() throws Dot4Exception {
        assertThat(ChannelType.STREAM.value()).isEqualTo(1);
        assertThat(ChannelType.PACKET.value()).isEqualTo(2);
        assertThat(ChannelType.fromValue(1)).isEqualTo(ChannelType.STREAM);
        assertThat(ChannelType.fromValue(2)).isEqualTo(ChannelType.PACKET);
    }

    @Test
    void anyOtherChannelTypeIsAnInvalidParameterNamingTheValue() {
        assertThatThrownBy(() -> ChannelType.fromValue(0))
                .isInstanceOfSatisfying(Dot4Exception.class,
                        e -> assertThat(e.status()).isEqualTo(NtStatus.STATUS_INVALID_PARAMETER))
                .hasMessageContaining("bType 0 is not a channel type");
        assertThatThrownBy(() -> ChannelType.fromValue(3)).hasMessageContaining("bType 3");
    }

    @Test
    void activityMessagesHaveTheHeaderValuesAndNames() throws Dot4Exception {
        assertThat(ActivityMessage.values()).extracting(ActivityMessage::value)
                .containsExactly(0x100, 0x101, 0x102, 0x103, 0x105);
        assertThat(ActivityMessage.STREAM_CREDITS.headerName()).isEqualTo("DOT4_STREAM_CREDITS");
        assertThat(ActivityMessage.fromValue(0x105)).isEqualTo(ActivityMessage.CHANNEL_CLOSED);
    }

    @Test
    void theUnassignedActivityCode0x104IsAnInvalidParameter() {
        assertThatThrownBy(() -> ActivityMessage.fromValue(0x104))
                .isInstanceOfSatisfying(Dot4Exception.class,
                        e -> assertThat(e.status()).isEqualTo(NtStatus.STATUS_INVALID_PARAMETER))
                .hasMessageContaining("ulMessage 0x104");
    }
}
