package org.dot4j.wire;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;
import org.dot4j.wire.Transaction.*;

/**
 * Coverage-guided fuzzing of {@link TransactionCodec}. Any transaction packet either decodes or is rejected with
 * one of the Error codes the codec documents, never another exception, without reading past LENGTH or moving the
 * body's position; what it decodes re-encodes, in either revision's layout, to bytes that decode to the same
 * value. Any transaction built from valid fields survives encoding and decoding in its revision's layout (fields
 * that layout lacks read back as 0). Replays {@code TransactionCodecFuzzTestInputs/} in {@code mvn test}.
 */
class TransactionCodecFuzzTest {

    private static final int[] REVISIONS = {Revision.IEEE_1284_4, Revision.EPSON_DRAFT};
    /** The codes of the table; {@link ErrorCode#UNKNOWN} stands for any other byte and has none. */
    private static final ErrorCode[] WIRE_ERROR_CODES =
            EnumSet.complementOf(EnumSet.of(ErrorCode.UNKNOWN)).toArray(ErrorCode[]::new);
    private static final Set<ErrorCode> DOCUMENTED_REJECTIONS =
            EnumSet.of(ErrorCode.MALFORMED_PACKET, ErrorCode.UNKNOWN_RESULT, ErrorCode.UNKNOWN_TRANSACTION);

    @FuzzTest(maxDuration = "15s")
    void anyPacketDecodesOrIsRejectedWithItsErrorCode(FuzzedDataProvider data) {
        int lead = data.consumeInt(0, 16);
        int trail = data.consumeInt(0, 16);
        byte[] payload = data.consumeRemainingAsBytes();
        int length = Math.min(WireFormat.HEADER_SIZE + payload.length, WireFormat.MAX_PACKET_SIZE);
        // The body sits inside a larger buffer: nothing before its position or past its limit may be read.
        byte[] backing = new byte[lead + length - WireFormat.HEADER_SIZE + trail];
        Arrays.fill(backing, (byte) 0xA5);
        System.arraycopy(payload, 0, backing, lead, length - WireFormat.HEADER_SIZE);
        ByteBuffer body = ByteBuffer.wrap(backing, lead, length - WireFormat.HEADER_SIZE).slice(0, length - WireFormat.HEADER_SIZE);
        ByteBuffer wide = ByteBuffer.wrap(backing).position(lead).limit(lead + length - WireFormat.HEADER_SIZE);
        Transaction decoded;
        try {
            decoded = TransactionCodec.decode(PacketHeader.transaction(length, 1, 0), body);
        } catch (MalformedTransactionException e) {
            assertThat(DOCUMENTED_REJECTIONS).contains(e.errorCode());
            return;
        }
        try {
            Transaction again = TransactionCodec.decode(PacketHeader.transaction(length, 1, 0), wide);
            assertThat(again).as("the same packet at another buffer position").isEqualTo(decoded);
        } catch (MalformedTransactionException e) {
            throw new AssertionError("the same packet at another buffer position was rejected", e);
        }
        assertThat(body.position()).isZero();
        assertThat(wide.position()).isEqualTo(lead);
        for (int revision : REVISIONS) {
            byte[] encoded = encode(decoded, revision);
            byte[] reencoded = encode(decodeWhole(encoded), revision);
            assertThat(reencoded).as("%s re-encoded in revision 0x%02X", decoded, revision).isEqualTo(encoded);
        }
    }

    @FuzzTest(maxDuration = "15s")
    void everyTransactionSurvivesItsRevisionsLayout(FuzzedDataProvider data) {
        int revision = REVISIONS[data.consumeInt(0, 1)];
        Transaction t = transaction(data);
        Transaction back = decodeWhole(encode(t, revision));
        assertThat(back).isEqualTo(asLaidOut(t, revision));
    }

    /** Encodes {@code t}, checking the length it announces, its header and the bytes it writes. */
    static byte[] encode(Transaction t, int revision) {
        int length = TransactionCodec.encodedLength(t, revision);
        assertThat(length).isBetween(WireFormat.HEADER_SIZE + 1, WireFormat.MAX_PACKET_SIZE);
        ByteBuffer dst = ByteBuffer.allocate(length + 8);
        assertThat(TransactionCodec.encode(t, revision, dst)).isEqualTo(length);
        assertThat(dst.position()).as("bytes written for %s", t).isEqualTo(length);
        PacketHeader header = PacketHeader.decode(dst.duplicate().flip());
        assertThat(header.isTransaction()).isTrue();
        assertThat(header.length()).isEqualTo(length);
        assertThat(header.credit()).isEqualTo(t instanceof ErrorPacket ? 0 : TransactionCodec.TRANSACTION_CREDIT);
        assertThat(header.control()).isEqualTo(t instanceof EpsonPacking ? WireFormat.CONTROL_EPSON_ENTRY : 0);
        return Arrays.copyOf(dst.array(), length);
    }

    /** Decodes a whole encoded packet, failing if the codec rejects its own output. */
    static Transaction decodeWhole(byte[] packet) {
        ByteBuffer all = ByteBuffer.wrap(packet);
        PacketHeader header = PacketHeader.decode(all);
        try {
            return TransactionCodec.decode(header, all.slice());
        } catch (MalformedTransactionException e) {
            throw new AssertionError("the codec rejected its own encoding " + Hex.format(packet), e);
        }
    }

    /** A transaction of any kind with fields from {@code data}, each within its range. */
    static Transaction transaction(FuzzedDataProvider data) {
        ResultCode result = data.pickValue(ResultCode.values());
        return switch (data.consumeInt(0, 20)) {
            case 0 -> new Init(u8(data));
            case 1 -> new OpenChannel(u8(data), u8(data), u16(data), u16(data), u16(data), u16(data));
            case 2 -> new CloseChannel(u8(data), u8(data), u8(data));
            case 3 -> new Credit(u8(data), u8(data), u16(data));
            case 4 -> new CreditRequest(u8(data), u8(data), u16(data), u16(data));
            case 5 -> new Exit();
            case 6 -> new GetSocketId(ascii(data, 1, WireFormat.MAX_SERVICE_NAME, 0x20));
            case 7 -> new GetServiceName(u8(data));
            case 8 -> new EpsonPacking(ascii(data, 0, 60, 1));
            case 9 -> new ErrorPacket(u8(data), u8(data), u8(data));
            case 10 -> new InitReply(result, u8(data));
            case 11 -> new OpenChannelReply(result, u8(data), u8(data), u16(data), u16(data), u16(data), u16(data));
            case 12 -> new CloseChannelReply(result, u8(data), u8(data));
            case 13 -> new CreditReply(result, u8(data), u8(data));
            case 14 -> new CreditRequestReply(result, u8(data), u8(data), u16(data));
            case 15 -> new ExitReply(result);
            case 16 -> new GetSocketIdReply(result, u8(data), ascii(data, 0, 60, 1));
            case 17 -> new GetServiceNameReply(result, u8(data), ascii(data, 0, 60, 1));
            case 18 -> ErrorPacket.of(data.pickValue(WIRE_ERROR_CODES), u8(data), u8(data));
            case 19 -> EpsonPacking.entry();
            default -> new EpsonPackingReply(result);
        };
    }

    /** {@code t} with the fields {@code revision}'s layout does not carry set to 0, as decoding gives them. */
    static Transaction asLaidOut(Transaction t, int revision) {
        boolean draft = Revision.usesDraftLayouts(revision);
        return switch (t) {
            case OpenChannel o when !draft -> new OpenChannel(o.primarySocket(), o.secondarySocket(),
                    o.maxPrimaryToSecondary(), o.maxSecondaryToPrimary(), o.maxOutstandingCredit(), 0);
            case CloseChannel c when !draft -> new CloseChannel(c.primarySocket(), c.secondarySocket(), 0);
            case CreditRequest c when !draft ->
                    new CreditRequest(c.primarySocket(), c.secondarySocket(), 0, c.maxOutstandingCredit());
            case OpenChannelReply r when draft -> new OpenChannelReply(r.result(), r.primarySocket(),
                    r.secondarySocket(), r.maxPrimaryToSecondary(), r.maxSecondaryToPrimary(), 0, r.credit());
            default -> t;
        };
    }

    private static int u8(FuzzedDataProvider data) {
        return data.consumeInt(0, 0xFF);
    }

    private static int u16(FuzzedDataProvider data) {
        return data.consumeInt(0, 0xFFFF);
    }

    /** ASCII text of {@code min..max} characters from {@code lowest} to 0x7E (no NUL: names end at one). */
    private static String ascii(FuzzedDataProvider data, int min, int max, int lowest) {
        char[] text = new char[data.consumeInt(min, max)];
        for (int i = 0; i < text.length; i++) {
            text[i] = data.consumeChar((char) lowest, (char) 0x7E);
        }
        return new String(text);
    }
}
