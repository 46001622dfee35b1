package org.dot4j.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.stream.Stream;
import org.dot4j.wire.Transaction.*;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Every command and reply in every layout, written by hand from the offset tables of reference §3.3 (rev 0x20)
 * and §3.4 (rev 0x10): encoding gives exactly these bytes, decoding them gives back the same value.
 */
@Timeout(5)
class TransactionCodecGoldenTest {

    private static final int R20 = Revision.IEEE_1284_4;
    private static final int R10 = Revision.EPSON_DRAFT;

    /** Vectors whose layout depends on the revision (§2 differences table). */
    static Stream<Arguments> revisionSpecific() {
        return Stream.of(
                // §3.3: OpenChannel 15 bytes, MaximumOutstandingCredit at 13–14.
                golden(R20, new OpenChannel(2, 2, 0x4000, 0x4000, 0xFFFF, 0), "00 00 00 0F 01 00 01 02 02 40 00 40 00 FF FF"),
                // §3.4: OpenChannel 17 bytes, CreditRequested at 13–14, MaximumOutstandingCredit at 15–16.
                golden(R10, new OpenChannel(0x40, 0x40, 0x1006, 0x0FFF, 0x0102, 0x0304),
                        "00 00 00 11 01 00 01 40 40 10 06 0F FF 03 04 01 02"),
                golden(R10, new OpenChannel(2, 2, 512, 512, 0, 0), "00 00 00 11 01 00 01 02 02 02 00 02 00 00 00 00 00"),
                // §3.3: OpenChannelReply 18 bytes, MaximumOutstandingCredit 14–15, credit 16–17.
                golden(R20, new OpenChannelReply(ResultCode.SUCCESS, 2, 2, 0x4000, 0x2000, 0xFFFF, 0x0102),
                        "00 00 00 12 01 00 81 00 02 02 40 00 20 00 FF FF 01 02"),
                // §3.4: OpenChannelReply 16 bytes, credit 14–15.
                golden(R10, new OpenChannelReply(ResultCode.SUCCESS, 2, 2, 512, 0x1006, 0, 0x0102),
                        "00 00 00 10 01 00 81 00 02 02 02 00 10 06 01 02"),
                // §3.3: CloseChannel 9 bytes; §3.4: 10 bytes with the closing mode.
                golden(R20, new CloseChannel(2, 2, 0), "00 00 00 09 01 00 02 02 02"),
                golden(R10, new CloseChannel(2, 2, 0), "00 00 00 0A 01 00 02 02 02 00"),
                golden(R10, new CloseChannel(0x40, 0x40, 1), "00 00 00 0A 01 00 02 40 40 01"),
                // §3.3 (IEEE-D4 Table 29): CreditRequest 11 bytes, MaximumOutstandingCredit at 9–10.
                golden(R20, new CreditRequest(2, 2, 0, 0xFFFF), "00 00 00 0B 01 00 04 02 02 FF FF"),
                // §3.4: CreditRequest 13 bytes, CreditRequested 9–10, MaximumOutstandingCredit 11–12.
                golden(R10, new CreditRequest(2, 2, 0x0080, 0xFFFF), "00 00 00 0D 01 00 04 02 02 00 80 FF FF"),
                golden(R20, new Init(R20), "00 00 00 08 01 00 00 20"),
                golden(R10, new Init(R10), "00 00 00 08 01 00 00 10"),
                golden(R20, new InitReply(ResultCode.SUCCESS, R20), "00 00 00 09 01 00 80 00 20"),
                golden(R10, new InitReply(ResultCode.SUCCESS, R10), "00 00 00 09 01 00 80 00 10"));
    }

    /** Transactions laid out the same in both revisions (§3.4 "as rev 0x20"). */
    static Stream<Arguments> revisionIndependent() {
        return Stream.of(
                golden(0, new InitReply(ResultCode.REVISION_NOT_SUPPORTED, R20), "00 00 00 09 01 00 80 02 20"),
                golden(0, new CloseChannelReply(ResultCode.SUCCESS, 2, 2), "00 00 00 0A 01 00 82 00 02 02"),
                golden(0, new CloseChannelReply(ResultCode.CANNOT_CLOSE_TRANSACTION_CHANNEL, 0, 0), "00 00 00 0A 01 00 82 03 00 00"),
                golden(0, new Credit(2, 2, 0x0102), "00 00 00 0B 01 00 03 02 02 01 02"),
                golden(0, new CreditReply(ResultCode.SUCCESS, 2, 2), "00 00 00 0A 01 00 83 00 02 02"),
                golden(0, new CreditReply(ResultCode.CREDIT_OVERFLOW, 3, 4), "00 00 00 0A 01 00 83 07 03 04"),
                golden(0, new CreditRequestReply(ResultCode.SUCCESS, 2, 2, 0x0080), "00 00 00 0C 01 00 84 00 02 02 00 80"),
                golden(0, new Exit(), "00 00 00 07 01 00 08"),
                golden(0, new ExitReply(ResultCode.SUCCESS), "00 00 00 08 01 00 88 00"),
                golden(0, new GetSocketId("PRINT"), "00 00 00 0C 01 00 09 " + Hex.ascii("PRINT")),
                golden(0, new GetSocketId("X"), "00 00 00 08 01 00 09 58"),
                golden(0, new GetSocketIdReply(ResultCode.SUCCESS, 2, "PRINT"), "00 00 00 0E 01 00 89 00 02 " + Hex.ascii("PRINT")),
                // HP1 reads only 9 bytes: a reply without the echoed name is still a reply (§3.3).
                golden(0, new GetSocketIdReply(ResultCode.SUCCESS, 2, ""), "00 00 00 09 01 00 89 00 02"),
                golden(0, new GetServiceName(2), "00 00 00 08 01 00 0A 02"),
                golden(0, new GetServiceNameReply(ResultCode.SUCCESS, 2, "PRINT"), "00 00 00 0E 01 00 8A 00 02 " + Hex.ascii("PRINT")),
                // §3.2: the Error packet carries credit 0 (EC Tx_ErrorPacket).
                golden(0, new ErrorPacket(0, 0, 0x80), "00 00 00 0A 00 00 7F 00 00 80"),
                golden(0, ErrorPacket.of(ErrorCode.CHANNEL_NOT_OPEN, 5, 6), "00 00 00 0A 00 00 7F 05 06 84"),
                // §7.3: the Epson entry packet, control byte 0x40.
                golden(0, EpsonPacking.entry(),
                        "00 00 00 1B 01 40 45 4A 4C 20 31 32 38 34 2E 34 0A 40 45 4A 4C 0A 40 45 4A 4C 0A"),
                golden(0, new EpsonPackingReply(ResultCode.SUCCESS), "00 00 00 08 01 00 C5 00"));
    }

    private static Arguments golden(int revision, Transaction t, String hex) {
        return Arguments.of(revision, t, hex);
    }

    @ParameterizedTest(name = "revision {0}: {1}")
    @MethodSource("revisionSpecific")
    void encodesToTheReferenceBytesOfItsRevision(int revision, Transaction t, String hex) {
        assertThat(Hex.encode(t, revision)).isEqualTo(Hex.normalise(hex));
        assertThat(TransactionCodec.encodedLength(t, revision)).isEqualTo(Hex.parse(hex).length);
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("revisionIndependent")
    void encodesToTheSameBytesInBothRevisions(int unused, Transaction t, String hex) {
        assertThat(Hex.encode(t, R20)).isEqualTo(Hex.normalise(hex));
        assertThat(Hex.encode(t, R10)).isEqualTo(Hex.normalise(hex));
    }

    @ParameterizedTest(name = "revision {0}: {1}")
    @MethodSource({"revisionSpecific", "revisionIndependent"})
    void decodesTheReferenceBytesBackToTheSameValue(int revision, Transaction t, String hex) throws Exception {
        assertThat(Hex.decode(hex)).isEqualTo(t);
    }

    @ParameterizedTest(name = "revision {0}: {1}")
    @MethodSource({"revisionSpecific", "revisionIndependent"})
    void decodingNeverReadsPastLength(int revision, Transaction t, String hex) throws Exception {
        // The body buffer runs on with 0xEE bytes: a codec that read past LENGTH would see them.
        assertThat(Hex.decode(Hex.parse(hex), 9)).isEqualTo(t);
    }

    @ParameterizedTest(name = "revision {0}: {1}")
    @MethodSource({"revisionSpecific", "revisionIndependent"})
    void decodingLeavesTheBodyPositionAlone(int revision, Transaction t, String hex) throws Exception {
        byte[] packet = Hex.parse(hex);
        PacketHeader header = PacketHeader.decode(ByteBuffer.wrap(packet));
        ByteBuffer body = ByteBuffer.wrap(packet, WireFormat.HEADER_SIZE, packet.length - WireFormat.HEADER_SIZE);
        TransactionCodec.decode(header, body);
        assertThat(body.position()).isEqualTo(WireFormat.HEADER_SIZE);
    }

    @ParameterizedTest(name = "revision {0}: {1}")
    @MethodSource({"revisionSpecific", "revisionIndependent"})
    void commandsAndRepliesCarryTransactionCreditOneAndErrorsZero(int revision, Transaction t, String hex) {
        // §3.2 / §5.2: credit 1 on commands and replies, 0 on the Error packet; control 0 except the entry.
        PacketHeader header = PacketHeader.decode(ByteBuffer.wrap(Hex.parse(hex)));
        assertThat(header.isTransaction()).isTrue();
        assertThat(header.credit()).isEqualTo(t instanceof ErrorPacket ? 0 : 1);
        assertThat(header.control()).isEqualTo(t instanceof EpsonPacking ? 0x40 : 0);
        assertThat(header.length()).isEqualTo(Hex.parse(hex).length);
    }

    @Test
    void revisionZeroTwentyOpenChannelHasNoRoomForCreditRequested() {
        assertThat(Hex.encode(new OpenChannel(2, 2, 512, 512, 0xFFFF, 0x0080), R20))
                .isEqualTo(Hex.normalise("00 00 00 0F 01 00 01 02 02 02 00 02 00 FF FF"));
    }

    @Test
    void revisionZeroTwentyCloseChannelHasNoClosingMode() {
        assertThat(Hex.encode(new CloseChannel(2, 2, 1), R20)).isEqualTo(Hex.normalise("00 00 00 09 01 00 02 02 02"));
    }

    @Test
    void revisionZeroTwentyCreditRequestCarriesOnlyMaximumOutstandingCredit() {
        assertThat(Hex.encode(new CreditRequest(2, 2, 0x0080, 0x1234), R20))
                .isEqualTo(Hex.normalise("00 00 00 0B 01 00 04 02 02 12 34"));
    }

    @Test
    void revisionZeroTenOpenChannelReplyHasNoMaximumOutstandingCredit() {
        assertThat(Hex.encode(new OpenChannelReply(ResultCode.SUCCESS, 2, 2, 512, 512, 0xFFFF, 1), R10))
                .isEqualTo(Hex.normalise("00 00 00 10 01 00 81 00 02 02 02 00 02 00 00 01"));
    }

    @Test
    void encodingAppendsAtTheBufferPositionAndMovesItByTheLength() {
        ByteBuffer dst = ByteBuffer.allocate(64).put((byte) 0x55);
        int length = TransactionCodec.encode(new Exit(), R20, dst);
        assertThat(length).isEqualTo(7);
        assertThat(dst.position()).isEqualTo(8);
        assertThat(dst.get(0)).isEqualTo((byte) 0x55);
    }

    @Test
    void aFortyByteServiceNameIsTheLongestThatEncodes() throws Exception {
        String name = "A".repeat(WireFormat.MAX_SERVICE_NAME);
        String hex = Hex.encode(new GetSocketId(name), R10);
        assertThat(Hex.parse(hex)).hasSize(47); // EC GetSocketID_Sz 7..47 (§1.1)
        assertThat(Hex.decode(hex)).isEqualTo(new GetSocketId(name));
        assertThat(Hex.parse(Hex.encode(new GetSocketIdReply(ResultCode.SUCCESS, 2, name), R10))).hasSize(49);
    }
}
