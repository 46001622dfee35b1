package org.dot4j.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.dot4j.wire.Transaction.*;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The real bytes of reference §3.4's table: Gutenprint escputil talking to real Epson printers (RK traces and
 * the [obs] runs). What a host sends must encode to these bytes in revision 0x10; what a printer sent must decode.
 */
@Timeout(5)
class EpsonTraceTest {

    private static final int R10 = Revision.EPSON_DRAFT;

    @Test
    void entryPacketIsTheTwentySevenByteEjlString() throws Exception {
        String entry = "00 00 00 1B 01 40 45 4A 4C 20 31 32 38 34 2E 34 0A 40 45 4A 4C 0A 40 45 4A 4C 0A";
        assertThat(Hex.encode(EpsonPacking.entry(), R10)).isEqualTo(Hex.normalise(entry));
        assertThat(Hex.decode(entry)).isEqualTo(EpsonPacking.entry());
        // §7.3: as a byte stream it reads as three NULs, ESC, SOH, "@EJL 1284.4\n@EJL\n@EJL\n".
        byte[] bytes = Hex.parse(entry);
        assertThat(new String(bytes, 5, 22, StandardCharsets.US_ASCII)).isEqualTo("@EJL 1284.4\n@EJL\n@EJL\n");
    }

    @Test
    void printerAnswersEntryWithEpsonPackingReplySuccess() throws Exception {
        assertThat(Hex.decode("00 00 00 08 01 00 C5 00")).isEqualTo(new EpsonPackingReply(ResultCode.SUCCESS));
        assertThat(Hex.encode(new EpsonPackingReply(ResultCode.SUCCESS), R10)).isEqualTo("00 00 00 08 01 00 C5 00");
    }

    @Test
    void initWithRevisionZeroTenAndThePrintersReply() throws Exception {
        assertThat(Hex.encode(new Init(R10), R10)).isEqualTo("00 00 00 08 01 00 00 10");
        assertThat(Hex.decode("00 00 00 09 01 00 80 00 10")).isEqualTo(new InitReply(ResultCode.SUCCESS, R10));
    }

    @Test
    void getSocketIdForEpsonCtrlAndTheEchoingReply() throws Exception {
        assertThat(Hex.encode(new GetSocketId("EPSON-CTRL"), R10))
                .isEqualTo(Hex.normalise("00 00 00 11 01 00 09 " + Hex.ascii("EPSON-CTRL")));
        String reply = "00 00 00 13 01 00 89 00 02 " + Hex.ascii("EPSON-CTRL");
        assertThat(Hex.decode(reply)).isEqualTo(new GetSocketIdReply(ResultCode.SUCCESS, 2, "EPSON-CTRL"));
        // ES requires Length = 9 + name length (§3.4), so our encoding of the reply must match the printer's.
        assertThat(Hex.encode(new GetSocketIdReply(ResultCode.SUCCESS, 2, "EPSON-CTRL"), R10)).isEqualTo(Hex.normalise(reply));
    }

    @Test
    void l355AnswersEpsonDataWithSocketSixtyFour() throws Exception {
        assertThat(Hex.decode("00 00 00 13 01 00 89 00 40 " + Hex.ascii("EPSON-DATA")))
                .isEqualTo(new GetSocketIdReply(ResultCode.SUCCESS, 0x40, "EPSON-DATA"));
    }

    @Test
    void openChannelTwoAsGutenprintSendsIt() throws Exception {
        String open = "00 00 00 11 01 00 01 02 02 02 00 02 00 00 00 00 00";
        assertThat(Hex.encode(new OpenChannel(2, 2, 512, 512, 0, 0), R10)).isEqualTo(Hex.normalise(open));
        assertThat(Hex.decode(open)).isEqualTo(new OpenChannel(2, 2, 512, 512, 0, 0));
    }

    @Test
    void l355RefusalOfChannelSixtyFourIsASixteenByteReplyWithResultFour() throws Exception {
        String refusal = "00 00 00 10 01 00 81 04 40 40 02 00 02 00 00 00";
        OpenChannelReply expected = new OpenChannelReply(ResultCode.INSUFFICIENT_RESOURCES, 0x40, 0x40, 512, 512, 0, 0);
        assertThat(Hex.decode(refusal)).isEqualTo(expected);
        assertThat(Hex.encode(expected, R10)).isEqualTo(Hex.normalise(refusal));
    }

    @Test
    void creditOneOnChannelTwoAndItsReply() throws Exception {
        assertThat(Hex.encode(new Credit(2, 2, 1), R10)).isEqualTo("00 00 00 0B 01 00 03 02 02 00 01");
        assertThat(Hex.decode("00 00 00 0B 01 00 03 02 02 00 01")).isEqualTo(new Credit(2, 2, 1));
        assertThat(Hex.decode("00 00 00 0A 01 00 83 00 02 02")).isEqualTo(new CreditReply(ResultCode.SUCCESS, 2, 2));
        assertThat(Hex.encode(new CreditReply(ResultCode.SUCCESS, 2, 2), R10)).isEqualTo("00 00 00 0A 01 00 83 00 02 02");
    }

    @Test
    void gutenprintCreditRequestIsThirteenBytesAndItsReplyCarriesCreditAtTen() throws Exception {
        assertThat(Hex.encode(new CreditRequest(2, 2, 0x80, 0xFFFF), R10)).isEqualTo("00 00 00 0D 01 00 04 02 02 00 80 FF FF");
        assertThat(Hex.decode("00 00 00 0D 01 00 04 02 02 00 80 FF FF")).isEqualTo(new CreditRequest(2, 2, 0x80, 0xFFFF));
        // RK: "got 1 credits" on the control channel.
        assertThat(Hex.decode("00 00 00 0C 01 00 84 00 02 02 00 01"))
                .isEqualTo(new CreditRequestReply(ResultCode.SUCCESS, 2, 2, 1));
    }

    @Test
    void escputilStatusRequestIsAnElevenByteDataPacketWithEndBit() {
        ByteBuffer packet = ByteBuffer.wrap(Hex.parse("02 02 00 0B 00 01 73 74 01 00 01"));
        PacketHeader header = PacketHeader.decode(packet);
        assertThat(header).isEqualTo(new PacketHeader(2, 2, 11, 0, 0x01));
        assertThat(header.isTransaction()).isFalse();
        assertThat(header.endsMessage()).isTrue();
        assertThat(header.payloadLength()).isEqualTo(5);
        assertThat(packet.get()).isEqualTo((byte) 's');
        assertThat(packet.get()).isEqualTo((byte) 't');
    }

    @Test
    void printerStatusReplyHeaderAnnouncesOneHundredFiftyOnePayloadBytes() {
        PacketHeader header = PacketHeader.decode(ByteBuffer.wrap(Hex.parse("02 02 00 9D 00 01")));
        assertThat(header.length()).isEqualTo(157);
        assertThat(header.payloadLength()).isEqualTo(151);
        assertThat(header.credit()).isZero();
        assertThat(header.endsMessage()).isTrue();
    }
}
