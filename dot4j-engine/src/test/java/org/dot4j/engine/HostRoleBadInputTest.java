package org.dot4j.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.dot4j.engine.RawWire.normalise;

import org.dot4j.engine.RawWire.Answer;
import org.dot4j.wire.ErrorCode;
import org.dot4j.wire.ResultCode;
import org.dot4j.wire.Revision;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A peripheral that answers the host engine badly: the host must fail the command it concerns with the wire code,
 * report the fault, and keep the link usable.
 */
@Timeout(20)
class HostRoleBadInputTest {

    static final LocalSocket HOST_2 = new LocalSocket(2, "", ChannelMode.STREAM, 8192, 1024, 1024, false);
    static final String OPEN_2 = "00 00 00 0F 01 00 01 02 02 04 00 04 00 FF FF";

    private static EnginePair ready() {
        EnginePair pair = EnginePair.standard().initialized(LinkEngineBadInputTest.PRINT, LinkEngineBadInputTest.TINY);
        pair.host.registerSocket(HOST_2);
        return pair;
    }

    /** Starts an OpenChannel 2/2 on the host and checks its bytes, without letting the peripheral see it. */
    private static long hostOpensChannelTwo(EnginePair pair) {
        long id = pair.host.openChannel(2, 2);
        assertThat(RawWire.hex(pair.hostTransmits())).isEqualTo(normalise(OPEN_2));
        return id;
    }

    @Test
    void initRefusedWithRevisionNotSupportedTriesMlcAndFailsWithThatResultWhenMlcIsRefusedToo() {
        EnginePair pair = EnginePair.standard();
        long init = pair.host.init();
        assertThat(RawWire.hex(pair.hostTransmits())).isEqualTo("00 00 00 08 01 00 00 20");
        // A peer that refuses 0x20 may speak only MLC (§2, §6.3): the same request goes on with Init 3.
        Answer a = RawWire.toHost(pair, "00 00 00 09 01 00 80 02 10");
        assertThat(a.bytes()).isEqualTo(normalise("00 00 00 08 00 00 00 03"));
        assertThat(pair.host.revision()).isEqualTo(Revision.HP_MLC);
        RawWire.toHost(pair, "00 00 00 09 00 00 80 02 10");
        EngineEvent.Outcome outcome = EnginePair.outcome(pair.hostEvents, init);
        assertThat(outcome).isInstanceOfSatisfying(EngineEvent.Failed.class, f -> {
            assertThat(f.failure()).isEqualTo(Failure.REFUSED);
            assertThat(f.result()).isEqualTo(ResultCode.REVISION_NOT_SUPPORTED);
            assertThat(f.detail()).contains("0x03 (HP MLC)").contains("0x10");
        });
        assertThat(pair.host.state()).isEqualTo(LinkState.UNINITIALIZED);
    }

    @Test
    void whenMlcIsRefusedTooNoRevisionStaysSetAndTheNextInitStartsFromTheConfiguredOne() {
        EnginePair pair = EnginePair.standard();
        long init = pair.host.init();
        pair.hostTransmits();
        RawWire.toHost(pair, "00 00 00 09 01 00 80 02 10");
        RawWire.toHost(pair, "00 00 00 09 00 00 80 02 10");
        assertThat(EnginePair.outcome(pair.hostEvents, init)).isInstanceOfSatisfying(EngineEvent.Failed.class,
                f -> assertThat(f.detail()).contains("0x20").contains("then 0x03 (HP MLC)"));
        // Nothing was agreed: the engine must not claim MLC (a driver or status display would report it).
        assertThat(pair.host.revision()).isZero();
        assertThat(pair.host.state()).isEqualTo(LinkState.UNINITIALIZED);
        // A retry is the configured 0x20 in 1284.4's layout again, not a second MLC Init.
        pair.host.init();
        assertThat(RawWire.hex(pair.hostTransmits())).isEqualTo("00 00 00 08 01 00 00 20");
    }

    @Test
    void anEpsonHostRefusedItsRevisionDoesNotTryMlc() {
        EnginePair pair = EnginePair.of(Revision.EPSON_DRAFT, 1);
        long init = pair.host.init();
        assertThat(RawWire.hex(pair.hostTransmits())).isEqualTo("00 00 00 08 01 00 00 10");
        Answer a = RawWire.toHost(pair, "00 00 00 09 01 00 80 02 20");
        assertThat(a.bytes()).isEmpty();
        assertThat(EnginePair.outcome(pair.hostEvents, init)).isInstanceOfSatisfying(EngineEvent.Failed.class,
                f -> assertThat(f.result()).isEqualTo(ResultCode.REVISION_NOT_SUPPORTED));
    }

    @Test
    void errorPacketInsteadOfAReplyFailsTheOutstandingCommand() {
        // §3.6: HP1 treats a received Error as fatal for the transaction in progress.
        EnginePair pair = ready();
        long open = hostOpensChannelTwo(pair);
        Answer a = RawWire.toHost(pair, "00 00 00 0A 00 00 7F 00 00 80");
        assertThat(a.bytes()).isEmpty();
        assertThat(a.events()).contains(new EngineEvent.PeerError(ErrorCode.MALFORMED_PACKET, 0, 0));
        assertThat(EnginePair.outcome(pair.hostEvents, open)).isInstanceOfSatisfying(EngineEvent.Failed.class, f -> {
            assertThat(f.failure()).isEqualTo(Failure.PEER_ERROR);
            assertThat(f.error()).isEqualTo(ErrorCode.MALFORMED_PACKET);
        });
        assertThat(pair.host.channels()).isEmpty();
        RawWire.assertStillAnswers(pair, "PRINT", 2);
    }

    @Test
    void grantedPacketSizeOfThreeFailsTheOpen() {
        // §3.5: ES and EC reject granted sizes 1..5 themselves.
        EnginePair pair = ready();
        long open = hostOpensChannelTwo(pair);
        RawWire.toHost(pair, "00 00 00 12 01 00 81 00 02 02 00 03 04 00 FF FF 00 01");
        assertThat(EnginePair.outcome(pair.hostEvents, open)).isInstanceOfSatisfying(EngineEvent.Failed.class,
                f -> assertThat(f.result()).isEqualTo(ResultCode.INVALID_PACKET_SIZE));
        assertThat(pair.host.channels()).isEmpty();
    }

    @Test
    void refusalWithInsufficientResourcesFailsTheOpenWithThatResult() {
        // The real L355 refusal (§3.4), in the 16-byte form; the host decodes by LENGTH.
        EnginePair pair = ready();
        long open = hostOpensChannelTwo(pair);
        RawWire.toHost(pair, "00 00 00 10 01 00 81 04 02 02 04 00 04 00 00 00");
        assertThat(EnginePair.outcome(pair.hostEvents, open)).isInstanceOfSatisfying(EngineEvent.Failed.class, f -> {
            assertThat(f.failure()).isEqualTo(Failure.REFUSED);
            assertThat(f.result()).isEqualTo(ResultCode.INSUFFICIENT_RESOURCES);
        });
    }

    @Test
    void dataForAChannelTheHostNeverOpenedIsChannelNotOpen() {
        EnginePair pair = ready();
        Answer a = RawWire.toHost(pair, "07 07 00 08 00 01 41 42");
        assertThat(a.bytes()).isEqualTo(normalise("00 00 00 0A 00 00 7F 07 07 84"));
        RawWire.assertDataStillFlows(pair, 2);
    }

    @Test
    void replyNamingAnotherChannelDoesNotAnswerTheOutstandingOpen() {
        // §3.6 0x82: a reply that matches no outstanding command is reported and ignored. The host asked for 2/2;
        // an OpenChannelReply for 3/3 does not match it and must not open 2/2 with 3/3's sizes.
        EnginePair pair = ready();
        long open = hostOpensChannelTwo(pair);
        Answer wrong = RawWire.toHost(pair, "00 00 00 12 01 00 81 00 03 03 02 00 02 00 FF FF 00 01");
        assertThat(wrong.bytes()).isEqualTo(normalise("00 00 00 0A 00 00 7F 00 00 82"));
        assertThat(wrong.events()).noneMatch(e -> e instanceof EngineEvent.Completed);
        RawWire.toHost(pair, "00 00 00 12 01 00 81 00 02 02 04 00 04 00 FF FF 00 01");
        assertThat(EnginePair.outcome(pair.hostEvents, open)).isInstanceOfSatisfying(EngineEvent.ChannelOpened.class,
                o -> assertThat(o.sendPacketSize()).isEqualTo(1024));
    }
}
