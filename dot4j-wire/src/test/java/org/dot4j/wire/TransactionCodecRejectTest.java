package org.dot4j.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import org.dot4j.wire.Transaction.*;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What the codec refuses and with which Error code (reference §3.6), and what it tolerates: trailing bytes and
 * refusals that stop after the result byte.
 */
@Timeout(5)
class TransactionCodecRejectTest {

    /** A transaction packet of total length 6 + {@code body.length} whose body is the given hex. */
    private static byte[] packet(String bodyHex) {
        byte[] body = Hex.parse(bodyHex);
        byte[] p = new byte[WireFormat.HEADER_SIZE + body.length];
        p[2] = (byte) (p.length >> 8);
        p[3] = (byte) p.length;
        p[4] = 1;
        System.arraycopy(body, 0, p, WireFormat.HEADER_SIZE, body.length);
        return p;
    }

    private static ErrorCode rejection(String bodyHex) {
        MalformedTransactionException e = catchThrowableOfType(MalformedTransactionException.class,
                () -> Hex.decode(packet(bodyHex), 0));
        assertThat(e).as("decoding %s must fail", bodyHex).isNotNull();
        assertThat(e.getMessage()).isNotBlank();
        return e.errorCode();
    }

    private static Transaction decoded(String bodyHex) throws MalformedTransactionException {
        return Hex.decode(packet(bodyHex), 0);
    }

    @ParameterizedTest(name = "command 0x{0}")
    @ValueSource(strings = {"0B", "0C", "10", "44", "46", "50", "6F", "7E"})
    void unknownCommandIsAnUnknownTransaction(String opcode) {
        assertThat(rejection(opcode + " 00 00 00 00")).isEqualTo(ErrorCode.UNKNOWN_TRANSACTION);
    }

    @ParameterizedTest(name = "reply 0x{0}")
    @ValueSource(strings = {"8B", "90", "C4", "C6", "FE", "FF"})
    void unknownReplyIsAnUnknownTransaction(String opcode) {
        // 0xFF would be a reply to Error, which has none (§1.3).
        assertThat(rejection(opcode + " 00 00 00 00")).isEqualTo(ErrorCode.UNKNOWN_TRANSACTION);
    }

    @ParameterizedTest(name = "0x{0}")
    @ValueSource(strings = {"05", "06", "07", "85", "86", "87"})
    void mlcOnlyTransactionsAreUnknownToIeee12844(String opcode) {
        // §3.1: Debit, DebitRequest and ConfigSocket exist only in MLC (EC: "only MLC").
        assertThat(rejection(opcode + " 00 00 00 00 00 00 00 00")).isEqualTo(ErrorCode.UNKNOWN_TRANSACTION);
    }

    @ParameterizedTest(name = "reply 0x{0}")
    @ValueSource(strings = {"80", "81", "82", "83", "84", "88", "89", "8A", "C5"})
    void replyWithUndefinedResultIsUnknownResult(String opcode) {
        // §3.5 defines 0x00..0x0D; anything else is Error 0x85 (§3.6).
        assertThat(rejection(opcode + " 0E 00 00 00 00 00 00 00 00 00 00")).isEqualTo(ErrorCode.UNKNOWN_RESULT);
        assertThat(rejection(opcode + " FF")).isEqualTo(ErrorCode.UNKNOWN_RESULT);
    }

    @Test
    void packetWithoutCommandByteIsMalformed() {
        assertThat(rejection("")).isEqualTo(ErrorCode.MALFORMED_PACKET);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
            "00",                               // Init without revision (needs 8)
            "01 02 02 02 00 02 00 FF",          // OpenChannel of 14 (needs 15)
            "02 02",                            // CloseChannel of 8 (needs 9)
            "03 02 02 00",                      // Credit of 10 (needs 11)
            "04 02 02 FF",                      // CreditRequest of 10 (needs 11)
            "0A",                               // GetServiceName without socket (needs 8)
            "7F 00 00",                         // Error without code (needs 10)
    })
    void commandShorterThanItsLayoutIsMalformed(String bodyHex) {
        assertThat(rejection(bodyHex)).isEqualTo(ErrorCode.MALFORMED_PACKET);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
            "80", "81", "82", "83", "84", "88", "89", "8A", "C5", // no result byte at all
            "80 00",                                               // successful InitReply without revision
            "81 00 02 02 02 00 02 00 00",                          // successful OpenChannelReply of 15 (needs 16)
            "82 00 02",                                            // successful CloseChannelReply of 9
            "83 00 02",                                            // successful CreditReply of 9
            "84 00 02 02 00",                                      // successful CreditRequestReply of 11
            "89 00",                                               // successful GetSocketIDReply without socket
            "8A 00",                                               // successful GetServiceNameReply without socket
    })
    void replyShorterThanItsLayoutIsMalformed(String bodyHex) {
        assertThat(rejection(bodyHex)).isEqualTo(ErrorCode.MALFORMED_PACKET);
    }

    @Test
    void refusalsThatStopAfterTheResultByteDecodeWithZeroFields() throws Exception {
        assertThat(decoded("80 02")).isEqualTo(new InitReply(ResultCode.REVISION_NOT_SUPPORTED, 0));
        assertThat(decoded("81 04")).isEqualTo(new OpenChannelReply(ResultCode.INSUFFICIENT_RESOURCES, 0, 0, 0, 0, 0, 0));
        assertThat(decoded("82 08")).isEqualTo(new CloseChannelReply(ResultCode.CHANNEL_NOT_OPEN, 0, 0));
        assertThat(decoded("83 07")).isEqualTo(new CreditReply(ResultCode.CREDIT_OVERFLOW, 0, 0));
        assertThat(decoded("84 08")).isEqualTo(new CreditRequestReply(ResultCode.CHANNEL_NOT_OPEN, 0, 0, 0));
        assertThat(decoded("88 01")).isEqualTo(new ExitReply(ResultCode.UNABLE_TO_BEGIN));
        assertThat(decoded("89 0A")).isEqualTo(new GetSocketIdReply(ResultCode.SERVICE_NAME_NOT_FOUND, 0, ""));
        assertThat(decoded("8A 09")).isEqualTo(new GetServiceNameReply(ResultCode.SERVICE_NOT_AVAILABLE, 0, ""));
        assertThat(decoded("C5 02")).isEqualTo(new EpsonPackingReply(ResultCode.REVISION_NOT_SUPPORTED));
    }

    @Test
    void refusalCutShortKeepsTheFieldsItHas() throws Exception {
        assertThat(decoded("81 09 05 06 02")).isEqualTo(new OpenChannelReply(ResultCode.SERVICE_NOT_AVAILABLE, 5, 6, 0x0200, 0, 0, 0));
    }

    @Test
    void refusalCutShortNeverReadsTheBytesAfterLength() throws Exception {
        // An 8-byte InitReply refusal in a buffer that runs on with 0xEE: the revision must read 0, not 0xEE.
        assertThat(Hex.decode(packet("80 02"), 4)).isEqualTo(new InitReply(ResultCode.REVISION_NOT_SUPPORTED, 0));
        assertThat(Hex.decode(packet("84 08 02 02"), 4)).isEqualTo(new CreditRequestReply(ResultCode.CHANNEL_NOT_OPEN, 2, 2, 0));
    }

    @Test
    void trailingBytesAfterTheLayoutAreIgnored() throws Exception {
        // §3.4: lenient on input; GP "trusts the received Length" and discards surplus.
        assertThat(decoded("00 20 AA BB")).isEqualTo(new Init(0x20));
        assertThat(decoded("03 02 02 00 05 99")).isEqualTo(new Credit(2, 2, 5));
        assertThat(decoded("08 77")).isEqualTo(new Exit());
        assertThat(decoded("0A 02 77")).isEqualTo(new GetServiceName(2));
        assertThat(decoded("7F 01 01 81 42")).isEqualTo(new ErrorPacket(1, 1, 0x81));
        assertThat(decoded("88 00 55")).isEqualTo(new ExitReply(ResultCode.SUCCESS));
        assertThat(decoded("83 00 02 02 55 55")).isEqualTo(new CreditReply(ResultCode.SUCCESS, 2, 2));
        assertThat(decoded("81 00 02 02 02 00 02 00 00 10 00 01 55 55"))
                .isEqualTo(new OpenChannelReply(ResultCode.SUCCESS, 2, 2, 512, 512, 0x10, 1));
    }

    @Test
    void aNulTerminatedServiceNameDecodesWithoutTheNul() throws Exception {
        assertThat(decoded("09 " + Hex.ascii("PRINT") + " 00")).isEqualTo(new GetSocketId("PRINT"));
    }

    @Test
    void getSocketIdWithEmptyNameIsMalformed() {
        assertThat(rejection("09")).isEqualTo(ErrorCode.MALFORMED_PACKET);
        assertThat(rejection("09 00")).isEqualTo(ErrorCode.MALFORMED_PACKET);
    }

    @Test
    void getSocketIdWithFortyOneByteNameIsMalformed() {
        // §1.1: names are 1..40 bytes (GP, EC GetSocketID_Sz 7..47).
        assertThat(rejection("09 " + Hex.ascii("B".repeat(41)))).isEqualTo(ErrorCode.MALFORMED_PACKET);
    }

    @Test
    void getSocketIdWithNonAsciiNameIsMalformed() {
        assertThat(rejection("09 50 52 C3 A9")).isEqualTo(ErrorCode.MALFORMED_PACKET);
        assertThat(rejection("09 50 52 01")).isEqualTo(ErrorCode.MALFORMED_PACKET);
        assertThat(rejection("09 50 52 7F")).isEqualTo(ErrorCode.MALFORMED_PACKET);
    }

    @Test
    void errorPacketWithCodeOutsideTheTableStillDecodes() throws Exception {
        Transaction t = decoded("7F 00 00 42");
        assertThat(t).isEqualTo(new ErrorPacket(0, 0, 0x42));
        assertThat(((ErrorPacket) t).errorCode()).isEqualTo(ErrorCode.UNKNOWN);
    }

    @Test
    void openChannelOfSixteenBytesIsReadAsTheRevisionZeroTwentyLayout() throws Exception {
        // Between the 15- and 17-byte forms: only the 0x20 fields can be trusted.
        assertThat(decoded("01 02 02 02 00 02 00 FF FF 00")).isEqualTo(new OpenChannel(2, 2, 512, 512, 0xFFFF, 0));
    }

    @Test
    void creditRequestOfTwelveBytesIsReadAsTheRevisionZeroTwentyLayout() throws Exception {
        assertThat(decoded("04 02 02 FF FF 00")).isEqualTo(new CreditRequest(2, 2, 0, 0xFFFF));
    }
}
