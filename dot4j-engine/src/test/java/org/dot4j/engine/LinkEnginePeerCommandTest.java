package org.dot4j.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.dot4j.engine.RawWire.ascii;
import static org.dot4j.engine.RawWire.normalise;

import org.dot4j.engine.RawWire.Answer;
import org.dot4j.wire.ErrorCode;
import org.dot4j.wire.Revision;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Commands and replies from a host that the peripheral must refuse: with an Error packet (reference §3.6) when the
 * transaction itself is bad, with a reply result (§3.5) when it is well formed but cannot be done. Also the two
 * host-side cases where the peripheral misbehaves, and a revision-0x10 link, where no Error packet is ever sent.
 */
@Timeout(20)
class LinkEnginePeerCommandTest {

    static final LocalSocket PRINT = LinkEngineBadInputTest.PRINT;
    static final LocalSocket TINY = LinkEngineBadInputTest.TINY;
    static final String OPEN_TINY = LinkEngineBadInputTest.OPEN_TINY;
    static final String GET_PRINT = LinkEngineBadInputTest.GET_PRINT;
    static final String ENTRY = "00 00 00 1B 01 40 45 4A 4C 20 31 32 38 34 2E 34 0A 40 45 4A 4C 0A 40 45 4A 4C 0A";
    static final String ENTRY_REPLY = "00 00 00 08 01 00 C5 00";

    private static EnginePair ready() {
        return EnginePair.standard().initialized(PRINT, TINY);
    }

    private static void assertAnswer(EnginePair pair, String in, String expectedOut) {
        assertThat(RawWire.toPeripheral(pair, in).bytes()).as("answer to %s", in).isEqualTo(normalise(expectedOut));
    }

    private static void assertError(EnginePair pair, String in, ErrorCode code) {
        Answer a = RawWire.toPeripheral(pair, in);
        assertThat(a.bytes()).as("answer to %s", in)
                .isEqualTo(normalise(String.format("00 00 00 0A 00 00 7F 00 00 %02X", code.wire())));
        assertThat(a.violations()).extracting(EngineEvent.ViolationDetected::code).containsExactly(code);
    }

    @Test
    void unknownCommandIsUnknownTransaction() {
        EnginePair pair = ready();
        assertError(pair, "00 00 00 07 01 00 0B", ErrorCode.UNKNOWN_TRANSACTION);
        // §3.1: MLC's Debit exists in no 1284.4 revision.
        assertError(pair, "00 00 00 0B 01 00 05 02 02 00 01", ErrorCode.UNKNOWN_TRANSACTION);
        RawWire.assertStillAnswers(pair, "PRINT", 2);
    }

    @Test
    void replyThatMatchesNoCommandIsUnmatchedReply() {
        EnginePair pair = ready();
        assertError(pair, "00 00 00 0A 01 00 83 00 02 02", ErrorCode.UNMATCHED_REPLY);
        RawWire.assertStillAnswers(pair, "PRINT", 2);
    }

    @Test
    void replyWithUnknownResultIsUnknownResult() {
        EnginePair pair = ready();
        assertError(pair, "00 00 00 0A 01 00 83 0E 02 02", ErrorCode.UNKNOWN_RESULT);
        RawWire.assertStillAnswers(pair, "PRINT", 2);
    }

    @Test
    void creditThatWouldPassSixtyFiveThousandIsRefusedAndThePreviousCreditStays() {
        // §3.5 result 0x07; EC refuses a Credit that pushes its counter past 0xFFFF.
        EnginePair pair = ready();
        assertAnswer(pair, OPEN_TINY, LinkEngineBadInputTest.TINY_OPENED);
        assertAnswer(pair, "00 00 00 0B 01 00 03 03 03 FF F0", "00 00 00 0A 01 00 83 00 03 03");
        assertAnswer(pair, "00 00 00 0B 01 00 03 03 03 00 10", "00 00 00 0A 01 00 83 07 03 03");
        assertThat(pair.peripheral.channels()).extracting(ChannelStatus::sendCredit).containsExactly(0xFFF0);
        RawWire.assertDataStillFlows(pair, 2);
    }

    @Test
    void creditCommandsForAChannelThatIsNotOpenAreRefusedWithChannelNotOpen() {
        EnginePair pair = ready();
        assertAnswer(pair, "00 00 00 0B 01 00 03 09 09 00 01", "00 00 00 0A 01 00 83 08 09 09");
        assertAnswer(pair, "00 00 00 0B 01 00 04 09 09 FF FF", "00 00 00 0C 01 00 84 08 09 09 00 00");
        assertAnswer(pair, "00 00 00 09 01 00 02 09 09", "00 00 00 0A 01 00 82 08 09 09");
        RawWire.assertDataStillFlows(pair, 2);
    }

    @Test
    void closingTheTransactionChannelIsRefused() {
        EnginePair pair = ready();
        assertAnswer(pair, "00 00 00 09 01 00 02 00 00", "00 00 00 0A 01 00 82 03 00 00");
        RawWire.assertStillAnswers(pair, "PRINT", 2);
    }

    @Test
    void openChannelToASocketWithNoServiceIsServiceNotAvailable() {
        EnginePair pair = ready();
        assertAnswer(pair, "00 00 00 0F 01 00 01 09 09 02 00 02 00 FF FF",
                "00 00 00 12 01 00 81 09 09 09 02 00 02 00 00 00 00 00");
        assertAnswer(pair, "00 00 00 0F 01 00 01 00 00 02 00 02 00 FF FF",
                "00 00 00 12 01 00 81 09 00 00 02 00 02 00 00 00 00 00");
        RawWire.assertDataStillFlows(pair, 2);
    }

    @Test
    void openChannelAskingForAThreeBytePacketSizeIsInvalidPacketSize() {
        // §3.5 result 0x0C: sizes 1..5 cannot hold a header.
        EnginePair pair = ready();
        assertAnswer(pair, "00 00 00 0F 01 00 01 02 02 00 03 02 00 FF FF",
                "00 00 00 12 01 00 81 0C 02 02 00 03 02 00 00 00 00 00");
        RawWire.assertDataStillFlows(pair, 2);
    }

    @Test
    void openChannelForAnOpenChannelIsAlreadyOpenWithTheAgreedSizes() {
        // §12.8: GP closes and retries on 6; EC and ES take it as success, so the sizes must be the agreed ones.
        EnginePair pair = ready();
        assertAnswer(pair, OPEN_TINY, LinkEngineBadInputTest.TINY_OPENED);
        assertAnswer(pair, OPEN_TINY, "00 00 00 12 01 00 81 06 03 03 02 00 02 00 FF FF 00 00");
        assertThat(pair.peripheral.channels()).hasSize(1);
        RawWire.assertDataStillFlows(pair, 2);
    }

    @Test
    void commandsBeforeInitAreRefusedWithUnableToBegin() {
        EnginePair pair = EnginePair.standard();
        pair.peripheral.registerSocket(PRINT);
        pair.peripheral.registerSocket(TINY);
        assertAnswer(pair, GET_PRINT, "00 00 00 0E 01 00 89 01 00 " + ascii("PRINT"));
        assertAnswer(pair, OPEN_TINY, "00 00 00 12 01 00 81 01 03 03 02 00 02 00 00 00 00 00");
        assertAnswer(pair, "00 00 00 0B 01 00 03 03 03 00 01", "00 00 00 0A 01 00 83 01 03 03");
        assertAnswer(pair, "00 00 00 0B 01 00 04 03 03 FF FF", "00 00 00 0C 01 00 84 01 03 03 00 00");
        assertAnswer(pair, "00 00 00 09 01 00 02 03 03", "00 00 00 0A 01 00 82 01 03 03");
        assertAnswer(pair, "00 00 00 08 01 00 0A 02", "00 00 00 09 01 00 8A 01 02");
        assertThat(pair.peripheral.channels()).isEmpty();
        pair.initialized();
        RawWire.assertDataStillFlows(pair, 2);
    }

    @Test
    void initWithARevisionNobodySpeaksIsRevisionNotSupportedAndChangesNothing() {
        // §2: 0x20, 0x10 and MLC 3 are the revisions; any other is refused and the reply offers 0x20.
        EnginePair fresh = EnginePair.standard();
        assertAnswer(fresh, "00 00 00 08 01 00 00 04", "00 00 00 09 01 00 80 02 20");
        assertThat(fresh.peripheral.state()).isEqualTo(LinkState.UNINITIALIZED);

        EnginePair pair = ready();
        assertAnswer(pair, OPEN_TINY, LinkEngineBadInputTest.TINY_OPENED);
        Answer a = RawWire.toPeripheral(pair, "00 00 00 08 01 00 00 04");
        assertThat(a.bytes()).isEqualTo(normalise("00 00 00 09 01 00 80 02 20"));
        assertThat(a.events()).isEmpty();
        assertThat(pair.peripheral.state()).isEqualTo(LinkState.READY);
        assertThat(pair.peripheral.revision()).isEqualTo(Revision.IEEE_1284_4);
        assertThat(pair.peripheral.channels()).hasSize(1);
        RawWire.assertDataStillFlows(pair, 2);
    }

    @Test
    void epsonEntryIsAnsweredTheSameInEveryState() {
        // §12.1 / §7.3: real printers answer the entry whether or not they are in packet mode.
        EnginePair pair = EnginePair.of(Revision.EPSON_DRAFT, 5);
        pair.peripheral.registerSocket(PRINT);
        assertAnswer(pair, ENTRY, ENTRY_REPLY);
        assertAnswer(pair, "00 00 00 08 01 00 00 10", "00 00 00 09 01 00 80 00 10");
        assertAnswer(pair, ENTRY, ENTRY_REPLY);
        assertAnswer(pair, "00 00 00 11 01 00 01 02 02 02 00 02 00 00 00 00 00",
                "00 00 00 10 01 00 81 00 02 02 02 00 02 00 00 00");
        assertAnswer(pair, ENTRY, ENTRY_REPLY);
        assertThat(pair.peripheral.channels()).hasSize(1);
        assertAnswer(pair, "00 00 00 08 01 00 00 20", "00 00 00 09 01 00 80 00 20");
        assertAnswer(pair, ENTRY, ENTRY_REPLY);
        assertAnswer(pair, "00 00 00 07 01 00 08", "00 00 00 08 01 00 88 00");
        assertThat(pair.peripheral.state()).isEqualTo(LinkState.UNINITIALIZED);
        assertAnswer(pair, ENTRY, ENTRY_REPLY);
        // escputil's exit prefix is a second 0x45 packet with another tail (§7.3): answered alike.
        assertAnswer(pair, "00 00 00 1B 01 40 45 4A 4C 20 31 32 38 34 2E 34 0A 40 45 4A 4C 20 20 20 20 20 0A", ENTRY_REPLY);
    }

    @Test
    void revisionZeroTenPeripheralReportsFaultsOnlyAsEvents() {
        // Epson hosts take any packet as the reply they wait for (Q-E1, Q-G5): never send them an Error.
        EnginePair pair = EnginePair.of(Revision.EPSON_DRAFT, 7).initialized(PRINT, TINY);
        String[] faults = {
                "07 07 00 00 00 00",                     // LENGTH 0 junk
                "00 00 00 07 01 00 0B",                  // unknown command
                "05 05 00 08 00 00 41 42",               // data for a channel not open
                "00 00 00 0A 01 00 83 00 02 02",         // reply to nothing
                "00 00 00 0A 01 00 83 0E 02 02",         // unknown result
        };
        ErrorCode[] codes = {ErrorCode.MALFORMED_PACKET, ErrorCode.UNKNOWN_TRANSACTION, ErrorCode.CHANNEL_NOT_OPEN,
                ErrorCode.UNMATCHED_REPLY, ErrorCode.UNKNOWN_RESULT};
        for (int i = 0; i < faults.length; i++) {
            // Each fault is followed by the entry packet: its reply must be the only thing sent.
            Answer a = RawWire.toPeripheral(pair, RawWire.join(faults[i], ENTRY));
            assertThat(a.bytes()).as("answer to %s", faults[i]).isEqualTo(normalise(ENTRY_REPLY));
            assertThat(a.violations()).extracting(EngineEvent.ViolationDetected::code).containsExactly(codes[i]);
        }
        RawWire.assertDataStillFlows(pair, 2);
    }

    @Test
    void hostAnswersAPeripheralsInitWithUnableToBegin() {
        // Only the primary starts a conversation; HP1 answers unexpected commands with result 1 (§3.7).
        EnginePair pair = ready();
        assertThat(RawWire.toHost(pair, "00 00 00 08 01 00 00 20").bytes()).isEqualTo(normalise("00 00 00 09 01 00 80 01 20"));
        assertThat(pair.host.state()).isEqualTo(LinkState.READY);
        RawWire.assertStillAnswers(pair, "PRINT", 2);
    }

    @Test
    void hostReportsAnUnsolicitedReplyAsUnmatched() {
        EnginePair pair = ready();
        Answer a = RawWire.toHost(pair, "00 00 00 0C 01 00 84 00 02 02 00 05");
        assertThat(a.bytes()).isEqualTo(normalise("00 00 00 0A 00 00 7F 00 00 82"));
        assertThat(a.violations()).extracting(EngineEvent.ViolationDetected::code).containsExactly(ErrorCode.UNMATCHED_REPLY);
        RawWire.assertStillAnswers(pair, "PRINT", 2);
    }
}
