package org.dot4j.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The wire values of opcodes, result codes and Error codes (reference §3.1, §3.5, §3.6) and revisions (§2). */
@Timeout(5)
class CodeTablesTest {

    @Test
    void opcodesHaveTheirReferenceBytesAndRepliesSetBitSeven() {
        assertThat(Arrays.stream(Opcode.values()).mapToInt(Opcode::wire))
                .containsExactly(0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0A, 0x45, 0x7F);
        assertThat(Opcode.EPSON_PACKING.replyWire()).isEqualTo(0xC5);
        assertThat(Opcode.fromWire(0x09)).contains(Opcode.GET_SOCKET_ID);
        assertThat(Opcode.fromWire(0x0B)).isEmpty();
        assertThat(Arrays.stream(Opcode.values()).filter(o -> !o.isSupported()))
                .containsExactly(Opcode.DEBIT, Opcode.DEBIT_REQUEST, Opcode.CONFIG_SOCKET);
    }

    @Test
    void resultCodesRunFromZeroToThirteen() {
        for (int i = 0; i <= 0x0D; i++) {
            assertThat(ResultCode.fromWire(i)).as("result 0x%02X", i).isPresent().get().extracting(ResultCode::wire).isEqualTo(i);
        }
        assertThat(ResultCode.fromWire(0x0E)).isEmpty();
        assertThat(ResultCode.CHANNEL_ALREADY_OPEN.wire()).isEqualTo(0x06);
        assertThat(ResultCode.INVALID_PACKET_SIZE.wire()).isEqualTo(0x0C);
        assertThat(ResultCode.CREDIT_OVERFLOW.toString()).contains("0x07");
    }

    @Test
    void errorCodesRunFromEightyToEightySeven() {
        assertThat(ErrorCode.fromWire(0x80)).isEqualTo(ErrorCode.MALFORMED_PACKET);
        assertThat(ErrorCode.fromWire(0x81)).isEqualTo(ErrorCode.NO_CREDIT);
        assertThat(ErrorCode.fromWire(0x82)).isEqualTo(ErrorCode.UNMATCHED_REPLY);
        assertThat(ErrorCode.fromWire(0x83)).isEqualTo(ErrorCode.PACKET_TOO_LARGE);
        assertThat(ErrorCode.fromWire(0x84)).isEqualTo(ErrorCode.CHANNEL_NOT_OPEN);
        assertThat(ErrorCode.fromWire(0x85)).isEqualTo(ErrorCode.UNKNOWN_RESULT);
        assertThat(ErrorCode.fromWire(0x86)).isEqualTo(ErrorCode.CREDIT_OVERFLOW);
        assertThat(ErrorCode.fromWire(0x87)).isEqualTo(ErrorCode.UNKNOWN_TRANSACTION);
        assertThat(ErrorCode.fromWire(0x88)).isEqualTo(ErrorCode.UNKNOWN);
        assertThat(ErrorCode.fromWire(0xFF)).isEqualTo(ErrorCode.UNKNOWN);
    }

    @Test
    void revisionsZeroTwentyZeroTenAndMlcAreSpokenAndOnlyZeroTenUsesDraftLayouts() {
        assertThat(Revision.isSupported(0x20)).isTrue();
        assertThat(Revision.isSupported(0x10)).isTrue();
        assertThat(Revision.isSupported(0x03)).isTrue();
        assertThat(Revision.isMlc(0x03)).isTrue();
        assertThat(Revision.isSupported(0x04)).isFalse();
        assertThat(Revision.usesDraftLayouts(0x10)).isTrue();
        assertThat(Revision.usesDraftLayouts(0x20)).isFalse();
        assertThat(Revision.describe(0x03)).isEqualTo("0x03 (HP MLC)");
    }
}
