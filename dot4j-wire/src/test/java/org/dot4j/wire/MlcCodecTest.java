package org.dot4j.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.stream.Stream;
import org.dot4j.wire.Transaction.*;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every HP MLC packet of reference §6.1, written by hand from its offset table: the exact bytes (credit and status
 * 0 in every header, as HP1 sends), the exact length, and the round trip.
 */
@Timeout(5)
class MlcCodecTest {

    static Stream<Arguments> packets() {
        return Stream.of(
                golden(new Init(3), 8, "00 00 00 08 00 00 00 03"),
                golden(new InitReply(ResultCode.SUCCESS, 3), 9, "00 00 00 09 00 00 80 00 03"),
                golden(new ConfigSocket(4, 0x4000, 0x4000, 0), 13, "00 00 00 0D 00 00 07 04 40 00 40 00 00"),
                golden(new ConfigSocketReply(ResultCode.SUCCESS, 0x4000, 0x1000, 0), 13, "00 00 00 0D 00 00 87 00 40 00 10 00 00"),
                golden(new MlcOpenChannel(2, 2, 0), 11, "00 00 00 0B 00 00 01 02 02 00 00"),
                golden(new MlcOpenChannelReply(ResultCode.SUCCESS, 0x0102), 10, "00 00 00 0A 00 00 81 00 01 02"),
                golden(new CloseChannel(2, 2, 0), 9, "00 00 00 09 00 00 02 02 02"),
                golden(new CloseChannelReply(ResultCode.SUCCESS, 0, 0), 8, "00 00 00 08 00 00 82 00"),
                golden(new Credit(4, 4, 1), 11, "00 00 00 0B 00 00 03 04 04 00 01"),
                golden(new CreditReply(ResultCode.SUCCESS, 0, 0), 8, "00 00 00 08 00 00 83 00"),
                // HP1's "miser" asks for 1 (§6.2).
                golden(new CreditRequest(2, 2, 1, 0), 11, "00 00 00 0B 00 00 04 02 02 00 01"),
                golden(new CreditRequestReply(ResultCode.SUCCESS, 0, 0, 3), 10, "00 00 00 0A 00 00 84 00 00 03"),
                golden(new Exit(), 7, "00 00 00 07 00 00 08"),
                golden(new ExitReply(ResultCode.SUCCESS), 8, "00 00 00 08 00 00 88 00"),
                golden(new ErrorPacket(0, 0, 0x80), 8, "00 00 00 08 00 00 7F 80"));
    }

    private static Arguments golden(Transaction t, int length, String hex) {
        return Arguments.of(t, length, hex);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("packets")
    void encodesToTheReferenceBytesAndLength(Transaction t, int length, String hex) {
        assertThat(encode(t)).isEqualTo(Hex.normalise(hex));
        assertThat(MlcCodec.encodedLength(t)).isEqualTo(length).isEqualTo(Hex.parse(hex).length);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("packets")
    void decodesTheReferenceBytesBackToTheSameValueWithoutReadingPastLength(Transaction t, int length, String hex)
            throws Exception {
        assertThat(decode(Hex.parse(hex), 0)).isEqualTo(t);
        assertThat(decode(Hex.parse(hex), 9)).isEqualTo(t); // 0xEE bytes after LENGTH are never read
    }

    @Test
    void sharedRecordsLoseTheFieldsMlcDoesNotCarry() throws Exception {
        // CloseChannel has no closing mode, its reply and CreditReply no sockets, CreditRequest no maximum.
        assertThat(encode(new CloseChannel(2, 2, 1))).isEqualTo(Hex.normalise("00 00 00 09 00 00 02 02 02"));
        assertThat(encode(new CreditReply(ResultCode.SUCCESS, 4, 4))).isEqualTo(Hex.normalise("00 00 00 08 00 00 83 00"));
        assertThat(encode(new CreditRequest(2, 2, 1, 0xFFFF))).isEqualTo(Hex.normalise("00 00 00 0B 00 00 04 02 02 00 01"));
        assertThat(encode(ErrorPacket.of(ErrorCode.CHANNEL_NOT_OPEN, 5, 6))).isEqualTo(Hex.normalise("00 00 00 08 00 00 7F 84"));
    }

    @Test
    void aRefusalMayStopAfterItsResultByte() throws Exception {
        assertThat(decode(Hex.parse("00 00 00 08 00 00 81 01"), 0)).isEqualTo(new MlcOpenChannelReply(ResultCode.UNABLE_TO_BEGIN, 0));
        assertThat(decode(Hex.parse("00 00 00 08 00 00 87 09"), 0))
                .isEqualTo(new ConfigSocketReply(ResultCode.SERVICE_NOT_AVAILABLE, 0, 0, 0));
    }

    /** §13: MLC result values are undocumented beyond 0; this pins dot4j's reading of them. */
    @ParameterizedTest
    @ValueSource(ints = {0x0E, 0x42, 0xFF})
    void aResultOutsideThe1284TableIsARefusalAndNeverAnError(int result) throws Exception {
        Transaction t = decode(Hex.parse(String.format("00 00 00 08 00 00 88 %02X", result)), 0);
        assertThat(t).isEqualTo(new ExitReply(ResultCode.UNABLE_TO_BEGIN));
        assertThat(((Reply) t).succeeded()).isFalse();
    }

    @Test
    void aResultOfThe1284TableKeepsItsName() throws Exception {
        assertThat(decode(Hex.parse("00 00 00 0A 00 00 84 08 00 00"), 0))
                .isEqualTo(new CreditRequestReply(ResultCode.CHANNEL_NOT_OPEN, 0, 0, 0));
    }

    /** §13: MLC error codes are undocumented; the byte is kept as it came. */
    @Test
    void anErrorCodeIsKeptAsItCame() throws Exception {
        ErrorPacket e = (ErrorPacket) decode(Hex.parse("00 00 00 08 00 00 7F 05"), 0);
        assertThat(e.code()).isEqualTo(5);
        assertThat(e.errorCode()).isEqualTo(ErrorCode.UNKNOWN);
    }

    @Test
    void aSuccessMissingItsFieldsIsMalformed() {
        assertThatThrownBy(() -> decode(Hex.parse("00 00 00 08 00 00 81 00"), 0))
                .isInstanceOfSatisfying(MalformedTransactionException.class,
                        e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.MALFORMED_PACKET));
        assertThatThrownBy(() -> decode(Hex.parse("00 00 00 0A 00 00 07 04 40 00"), 0))
                .isInstanceOf(MalformedTransactionException.class);
    }

    @ParameterizedTest(name = "0x{0}")
    @ValueSource(strings = {"09", "0A", "45", "05", "06", "FF", "89"})
    void transactionsMlcDoesNotHaveAreUnknown(String opcode) {
        assertThatThrownBy(() -> decode(Hex.parse("00 00 00 08 00 00 " + opcode + " 00"), 0))
                .isInstanceOfSatisfying(MalformedTransactionException.class,
                        e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.UNKNOWN_TRANSACTION));
    }

    @Test
    void eachCodecRefusesTheOthersOwnTransactions() {
        assertThatThrownBy(() -> MlcCodec.encodedLength(new GetSocketId("PRINT"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> MlcCodec.encodedLength(new OpenChannel(2, 2, 512, 512, 0, 0)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TransactionCodec.encodedLength(new ConfigSocket(2, 512, 512, 0), Revision.IEEE_1284_4))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TransactionCodec.encodedLength(new MlcOpenChannelReply(ResultCode.SUCCESS, 1), Revision.HP_MLC))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static String encode(Transaction t) {
        ByteBuffer dst = ByteBuffer.allocate(64);
        int n = MlcCodec.encode(t, dst);
        assertThat(dst.position()).isEqualTo(n);
        byte[] out = new byte[n];
        dst.flip().get(out);
        return Hex.format(out);
    }

    private static Transaction decode(byte[] packet, int trailing) throws MalformedTransactionException {
        byte[] padded = new byte[packet.length + trailing];
        System.arraycopy(packet, 0, padded, 0, packet.length);
        for (int i = packet.length; i < padded.length; i++) {
            padded[i] = (byte) 0xEE;
        }
        PacketHeader header = PacketHeader.decode(ByteBuffer.wrap(padded));
        ByteBuffer body = ByteBuffer.wrap(padded, WireFormat.HEADER_SIZE, padded.length - WireFormat.HEADER_SIZE);
        Transaction t = MlcCodec.decode(header, body);
        assertThat(body.position()).isEqualTo(WireFormat.HEADER_SIZE);
        return t;
    }
}
