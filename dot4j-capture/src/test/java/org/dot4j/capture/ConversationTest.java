package org.dot4j.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.dot4j.capture.Wire.H;
import static org.dot4j.capture.Wire.P;

import java.util.ArrayList;
import java.util.List;
import org.dot4j.wire.ErrorCode;
import org.dot4j.wire.ResultCode;
import org.dot4j.wire.Revision;
import org.dot4j.wire.Transaction.*;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The decoder on hand-made conversations: credit followed both ways, and each rule caught with its section. */
class ConversationTest {

    private final List<DecodeEvent> events = new ArrayList<>();

    private CaptureDecoder.Result decode(List<Chunk> chunks) {
        return CaptureDecoder.decode(chunks, events::add);
    }

    /** Init, OpenChannel 2/2 with sizes 1024/512, the peripheral granting {@code credit}; the host granting 2. */
    private static Wire opened(int credit) {
        return new Wire()
                .send(H, new Init(Revision.IEEE_1284_4)).send(P, new InitReply(ResultCode.SUCCESS, Revision.IEEE_1284_4))
                .send(H, new GetSocketId("PRINT")).send(P, new GetSocketIdReply(ResultCode.SUCCESS, 2, "PRINT"))
                .send(H, new OpenChannel(2, 2, 1024, 512, 0xFFFF, 0))
                .send(P, new OpenChannelReply(ResultCode.SUCCESS, 2, 2, 1024, 512, 0xFFFF, credit))
                .send(H, new Credit(2, 2, 2)).send(P, new CreditReply(ResultCode.SUCCESS, 2, 2));
    }

    private List<DecodeEvent.Packet> packets() {
        return events.stream().filter(e -> e instanceof DecodeEvent.Packet).map(e -> (DecodeEvent.Packet) e).toList();
    }

    private List<Rule> rules() {
        return events.stream().flatMap(e -> e.violations().stream()).map(Violation::rule).toList();
    }

    private DecodeEvent.Packet last() {
        return packets().get(packets().size() - 1);
    }

    @Test
    void aCleanJobHasNoViolationAndCountsItsBytesAndCreditBothWays() {
        CaptureDecoder.Result r = decode(opened(2).data(H, 2, 1018).data(H, 2, 1)
                .send(H, new CloseChannel(2, 2, 0)).send(P, new CloseChannelReply(ResultCode.SUCCESS, 2, 2))
                .send(H, new Exit()).send(P, new ExitReply(ResultCode.SUCCESS)).chunks());
        assertThat(rules()).isEmpty();
        LinkSummary link = r.links().get(0);
        assertThat(link.dialect()).contains("0x20");
        assertThat(link.packets()).isEqualTo(14);
        ChannelSummary ch = link.channels().get(0);
        assertThat(ch.service()).isEqualTo("PRINT");
        assertThat(ch.hostToPeripheral().bytes()).isEqualTo(1019);
        assertThat(ch.hostToPeripheral().packets()).isEqualTo(2);
        DecodeEvent.Packet second = packets().get(9);
        assertThat(second.what()).isEqualTo("data 1 B");
        assertThat(second.credits()).contains(new Credits(2, 2, 0, 2));
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 5, 6, 7, 100})
    void cuttingTheBytesAnywhereDecodesTheSamePackets(int size) {
        Wire w = opened(4).data(H, 2, 1018).data(P, 2, 3).data(H, 2, 0);
        decode(w.chunks());
        List<String> whole = packets().stream().map(p -> p.what() + p.credits()).toList();
        events.clear();
        decode(w.chunks(size));
        assertThat(packets().stream().map(p -> p.what() + p.credits()).toList()).isEqualTo(whole);
    }

    @Test
    void dataBeyondTheGrantedCreditIsDataWithoutCredit() {
        decode(opened(1).data(H, 2, 10).data(H, 2, 10).chunks());
        assertThat(rules()).containsExactly(Rule.DATA_WITHOUT_CREDIT);
        Violation v = last().violations().get(0);
        assertThat(v.toString()).startsWith("§5.1 data without credit: host held 0 credit on 2/2").contains("Error 0x81");
    }

    @Test
    void piggyBackedCreditAndCreditRequestReplyGrantTheOtherSide() {
        decode(opened(0)
                .send(H, new CreditRequest(2, 2, 0, 0xFFFF)).send(P, new CreditRequestReply(ResultCode.SUCCESS, 2, 2, 1))
                .data(H, 2, 10)
                .bytes(P, Wire.data(2, 5, 3)) // the peripheral's data gives the host 3
                .data(H, 2, 10).data(H, 2, 10).data(H, 2, 10).chunks());
        assertThat(rules()).isEmpty();
        assertThat(last().credits()).contains(new Credits(2, 2, 0, 1));
    }

    @Test
    void aRefusedCreditIsTakenBack() {
        decode(opened(1).send(P, new Credit(2, 2, 5)).send(H, new CreditReply(ResultCode.CREDIT_OVERFLOW, 2, 2)).chunks());
        assertThat(last().credits()).contains(new Credits(2, 2, 1, 2));
    }

    @Test
    void dataLongerThanTheAgreedSizeIsCaughtAtOneByteOver() {
        decode(opened(4).data(H, 2, 1024 - 6).data(H, 2, 1024 - 5).data(P, 2, 512 - 6).data(P, 2, 512 - 5).chunks());
        assertThat(rules()).containsExactly(Rule.OVER_PACKET_SIZE, Rule.OVER_PACKET_SIZE);
        assertThat(last().violations().get(0).detail()).isEqualTo("packet of 513 bytes on 2/2, agreed at most 512");
    }

    @Test
    void aReplyNobodyAskedForIsUnmatched() {
        decode(opened(1).send(P, new CreditReply(ResultCode.SUCCESS, 2, 2)).chunks());
        assertThat(rules()).containsExactly(Rule.UNMATCHED_REPLY);
        assertThat(last().violations().get(0).rule().section()).isEqualTo("§3.6");
    }

    @Test
    void anErrorPacketIsReportedWithItsCode() {
        decode(opened(1).send(P, ErrorPacket.of(ErrorCode.NO_CREDIT, 2, 2)).chunks());
        assertThat(rules()).containsExactly(Rule.ERROR_PACKET);
        assertThat(last().violations().get(0).detail()).contains("peripheral reports 0x81 NO_CREDIT").contains("on 2/2");
    }

    @Test
    void malformedAndUnknownTransactionsAreFlaggedAndTheirRepliesStillAnswer() {
        decode(new Wire()
                .bytes(H, new byte[] {0, 0, 0, 7, 1, 0, 0}) // Init without its revision byte
                .bytes(H, new byte[] {0, 0, 0, 6, 1, 0}) // no command byte at all
                .bytes(H, new byte[] {0, 0, 0, 7, 1, 0, 0x33}) // no such command
                .send(H, new Exit()).bytes(P, new byte[] {0, 0, 0, 8, 1, 0, (byte) 0x88, 0x77}) // unknown result
                .chunks());
        assertThat(rules()).containsExactly(Rule.MALFORMED_TRANSACTION, Rule.MALFORMED_TRANSACTION,
                Rule.UNKNOWN_TRANSACTION, Rule.UNKNOWN_RESULT);
    }

    @Test
    void junkBetweenPacketsIsSkippedAndReportedOnce() {
        // every 4-byte window has a LENGTH below 6, up to the Credit transaction's header (00 00 00 0B)
        byte[] junk = {1, 2, 0, 0, 0, 0};
        decode(opened(2).send(P, new Credit(2, 2, 1)).bytes(H, junk).send(H, new CreditReply(ResultCode.SUCCESS, 2, 2))
                .data(H, 2, 10).chunks(1));
        assertThat(rules()).containsExactly(Rule.JUNK);
        assertThat(events).filteredOn(e -> e instanceof DecodeEvent.Junk).singleElement()
                .satisfies(e -> assertThat(((DecodeEvent.Junk) e).bytes()).isEqualTo(junk.length));
        assertThat(last().what()).isEqualTo("data 10 B");
    }

    @Test
    void dataOnAChannelNeverOpenedSinceTheInitIsCaught() {
        decode(opened(2).data(H, 5, 1).chunks());
        assertThat(rules()).containsExactly(Rule.CHANNEL_NOT_OPEN);
    }

    @Test
    void dataSeenWithoutItsOpenChannelIsNotJudged() {
        decode(new Wire().data(H, 2, 10).data(P, 2, 10).chunks());
        assertThat(rules()).isEmpty();
        assertThat(last().credits()).contains(new Credits(2, 2, -1, -1));
    }

    @Test
    void aCommandLeftUnansweredIsNotedAtTheEnd() {
        decode(opened(1).send(H, new CloseChannel(2, 2, 0)).chunks());
        assertThat(events.get(events.size() - 1)).isInstanceOf(DecodeEvent.Note.class);
        assertThat(rules()).containsExactly(Rule.NO_REPLY);
    }

    @Test
    void aPacketCutOffByTheEndOfTheCaptureIsAGapNotAViolation() {
        CaptureDecoder.Result r = decode(opened(1).bytes(H, new byte[] {2, 2, 0, 100, 0, 0, 1, 2}).chunks());
        assertThat(rules()).containsExactly(Rule.CAPTURE_GAP);
        assertThat(r.links().get(0).violations()).isZero();
    }

    @Test
    void waitingForCreditIsAStallFromTheLastCreditToTheGrant() {
        decode(opened(1).data(H, 2, 10).after(50).send(P, new Credit(2, 2, 1)).send(H, new CreditReply(ResultCode.SUCCESS, 2, 2))
                .after(20).data(H, 2, 10).chunks());
        DecodeEvent.Stall stall = events.stream().filter(e -> e instanceof DecodeEvent.Stall).map(e -> (DecodeEvent.Stall) e)
                .findFirst().orElseThrow();
        assertThat(stall.endNanos() - stall.timeNanos()).isEqualTo(51_000_000L);
        assertThat(rules()).isEmpty();
    }

    @Test
    void epsonEntryThenRevision0x10LayoutsAreFollowed() {
        CaptureDecoder.Result r = decode(new Wire().revision(Revision.EPSON_DRAFT)
                .send(H, EpsonPacking.entry()).send(P, new EpsonPackingReply(ResultCode.SUCCESS))
                .send(H, new Init(Revision.EPSON_DRAFT)).send(P, new InitReply(ResultCode.SUCCESS, Revision.EPSON_DRAFT))
                .send(H, new OpenChannel(2, 2, 512, 512, 0, 0)).send(P, new OpenChannelReply(ResultCode.SUCCESS, 2, 2, 512, 512, 0, 0))
                .send(H, new CreditRequest(2, 2, 0x80, 0xFFFF)).send(P, new CreditRequestReply(ResultCode.SUCCESS, 2, 2, 8))
                .data(H, 2, 5).chunks());
        assertThat(rules()).isEmpty();
        assertThat(r.links().get(0).dialect()).isEqualTo("0x10 (Epson draft) after Epson's entry packet");
        assertThat(last().credits()).contains(new Credits(2, 2, 7, 0));
    }

    @Test
    void mlcRepliesWithoutSocketsAreMatchedToTheirCommands() {
        decode(new Wire().revision(Revision.HP_MLC)
                .send(H, new Init(Revision.HP_MLC)).send(P, new InitReply(ResultCode.SUCCESS, Revision.HP_MLC))
                .send(H, new ConfigSocket(2, 100, 200, 0)).send(P, new ConfigSocketReply(ResultCode.SUCCESS, 100, 200, 0))
                .send(H, new MlcOpenChannel(2, 2, 0)).send(P, new MlcOpenChannelReply(ResultCode.SUCCESS, 1))
                .data(H, 2, 94).data(H, 2, 95).chunks());
        assertThat(rules()).containsExactly(Rule.DATA_WITHOUT_CREDIT, Rule.OVER_PACKET_SIZE);
    }

    @Test
    void aPacketCutByALostCaptureSegmentIsDroppedAndFramingResumes() {
        List<Chunk> chunks = new ArrayList<>(opened(3).chunks());
        chunks.add(new Chunk("test", 2, H, java.nio.ByteBuffer.wrap(new byte[] {2, 2, 0, 50, 0, 0, 1}), 43));
        chunks.addAll(new Wire().data(H, 2, 4).chunks());
        decode(chunks);
        assertThat(rules()).containsExactly(Rule.CAPTURE_GAP);
        assertThat(last().what()).isEqualTo("data 4 B");
    }
}
