package org.dot4j.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** DOT4_DRIVER_CMD, d4drvif.md §2.5 and §3.6. */
@Timeout(5)
class DriverCommandTest {

    /** Handle 7, ulSize 4096, ulOffset 16, ulTimeout INFINITE — from the §2.5 offset table. */
    private static final String READ_BYTES = "07 00 00 00  00 10 00 00  10 00 00 00  FF FF FF FF";

    @Test
    void aReadCommandEncodesToTheHandWrittenSixteenBytes() {
        DriverCommand command = new DriverCommand(7, 4096, 16, Dot4Constants.INFINITE);

        assertThat(HexBytes.format(command.encode())).isEqualTo(HexBytes.normalise(READ_BYTES));
        assertThat(command.encodedSize()).isEqualTo(DriverCommand.SIZE).isEqualTo(16);
    }

    @Test
    void theGoldenBytesDecodeWithUnsignedFields() throws Dot4Exception {
        DriverCommand command = DriverCommand.decode(HexBytes.parse(READ_BYTES));

        assertThat(command).isEqualTo(new DriverCommand(7, 4096, 16, 0xFFFFFFFFL));
        assertThat(command.waitsForever()).isTrue();
        assertThat(command.doesNotWait()).isFalse();
    }

    @Test
    void maximumUlongsRoundTrip() throws Dot4Exception {
        DriverCommand command = new DriverCommand(0xFFFFFFFF, 0xFFFFFFFFL, 0x80000000L, 1);

        assertThat(DriverCommand.decode(command.encode())).isEqualTo(command);
        assertThat(command.channelHandleUnsigned()).isEqualTo(0xFFFFFFFFL);
    }

    @Test
    void noTimeoutMeansDoNotWait() throws Dot4Exception {
        DriverCommand poll = DriverCommand.decode(HexBytes.parse("01 00 00 00  00 01 00 00  00 00 00 00  00 00 00 00"));

        assertThat(poll.timeout()).isEqualTo(Dot4Constants.NO_TIMEOUT);
        assertThat(poll.doesNotWait()).isTrue();
        assertThat(poll.waitsForever()).isFalse();
    }

    @Test
    void decodingFifteenBytesIsBufferTooSmall() {
        assertThatThrownBy(() -> DriverCommand.decode(new byte[15]))
                .isInstanceOfSatisfying(Dot4Exception.class,
                        e -> assertThat(e.status()).isEqualTo(NtStatus.STATUS_BUFFER_TOO_SMALL))
                .hasMessageContaining("DOT4_DRIVER_CMD needs 16 bytes but the buffer has 15");
    }

    @Test
    void fieldsOutsideAUlongAreRejectedByName() {
        assertThatThrownBy(() -> new DriverCommand(1, -1, 0, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("size -1");
        assertThatThrownBy(() -> new DriverCommand(1, 0, 0x1_0000_0000L, 0)).hasMessageContaining("offset 4294967296");
        assertThatThrownBy(() -> new DriverCommand(1, 0, 0, -1)).hasMessageContaining("timeout -1");
    }
}
