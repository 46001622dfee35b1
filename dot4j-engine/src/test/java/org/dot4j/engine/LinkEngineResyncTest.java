package org.dot4j.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.dot4j.engine.RawWire.normalise;

import java.util.Arrays;
import org.dot4j.engine.RawWire.Answer;
import org.dot4j.wire.ErrorCode;
import org.dot4j.wire.Revision;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Losing and regaining packet boundaries (reference §1.4, §7.5). The framer trusts any LENGTH of 6 or more, so a
 * few stray bytes can hide the next packet inside a long bogus one; d4lib's recovery (16 KiB of NULs, then entry)
 * must still bring the peripheral back.
 */
@Timeout(20)
class LinkEngineResyncTest {

    static final String ENTRY = LinkEnginePeerCommandTest.ENTRY;
    static final String ENTRY_REPLY = LinkEnginePeerCommandTest.ENTRY_REPLY;

    private static byte[] nuls(int n) {
        return new byte[n];
    }

    @Test
    void strayBytesThatLookLikeALongHeaderAreFlushedByNulFloods() {
        EnginePair pair = EnginePair.standard().initialized(LinkEngineBadInputTest.PRINT);
        // "AA BB CC" + a packet reads as a header with LENGTH 0xCC00: the GetSocketID vanishes inside it.
        Answer hidden = RawWire.toPeripheral(pair, RawWire.join("AA BB CC", LinkEngineBadInputTest.GET_PRINT));
        assertThat(hidden.bytes()).isEmpty();
        // GP's recovery, repeated up to five times (§7.5): after enough NULs the bogus packet completes and is refused.
        Answer first = RawWire.toPeripheral(pair, nuls(16384));
        Answer second = RawWire.toPeripheral(pair, nuls(16384));
        Answer third = RawWire.toPeripheral(pair, nuls(16384));
        Answer fourth = RawWire.toPeripheral(pair, nuls(16384));
        assertThat(first.bytes() + second.bytes() + third.bytes()).isEmpty();
        assertThat(fourth.bytes()).isEqualTo(normalise("00 00 00 0A 00 00 7F AA BB 84"));
        // The refused bogus packet, then the surplus NULs (in as many runs as the framer's buffer took them).
        assertThat(fourth.violations()).extracting(EngineEvent.ViolationDetected::code)
                .startsWith(ErrorCode.CHANNEL_NOT_OPEN, ErrorCode.MALFORMED_PACKET)
                .containsOnly(ErrorCode.CHANNEL_NOT_OPEN, ErrorCode.MALFORMED_PACKET)
                .containsOnlyOnce(ErrorCode.CHANNEL_NOT_OPEN);
        assertThat(RawWire.toPeripheral(pair, ENTRY).bytes()).isEqualTo(normalise(ENTRY_REPLY));
        RawWire.assertDataStillFlows(pair, 2);
    }

    @Test
    void hostKilledInTheMiddleOfADataPacketIsRecoveredByTheNextRunsNulFlood() {
        EnginePair pair = EnginePair.of(Revision.EPSON_DRAFT, 21);
        pair.peripheral.registerSocket(PeripheralRoleTest.EPSON_CTRL);
        assertThat(RawWire.toPeripheral(pair, PeripheralRoleTest.INIT_10).bytes()).isEqualTo(normalise("00 00 00 09 01 00 80 00 10"));
        assertThat(RawWire.toPeripheral(pair, PeripheralRoleTest.OPEN_2_GP).bytes()).isEqualTo(normalise(PeripheralRoleTest.OPENED_2_GP));
        byte[] data = new byte[512];
        Arrays.fill(data, (byte) 0x33);
        System.arraycopy(RawWire.bytes("02 02 02 00 00 01"), 0, data, 0, 6);
        assertThat(RawWire.toPeripheral(pair, Arrays.copyOf(data, 100)).bytes()).isEmpty();
        // Next run: the entry is swallowed by the unfinished packet, so GP floods NULs and tries again.
        assertThat(RawWire.toPeripheral(pair, ENTRY).bytes()).isEmpty();
        Answer flood = RawWire.toPeripheral(pair, nuls(16384));
        assertThat(flood.bytes()).as("a revision-0x10 peripheral sends no Error").isEmpty();
        assertThat(flood.violations()).extracting(EngineEvent.ViolationDetected::code)
                .containsExactly(ErrorCode.NO_CREDIT, ErrorCode.MALFORMED_PACKET);
        assertThat(RawWire.toPeripheral(pair, ENTRY).bytes()).isEqualTo(normalise(ENTRY_REPLY));
        assertThat(RawWire.toPeripheral(pair, PeripheralRoleTest.INIT_10).bytes()).isEqualTo(normalise("00 00 00 09 01 00 80 00 10"));
        assertThat(RawWire.toPeripheral(pair, PeripheralRoleTest.OPEN_2_GP).bytes()).isEqualTo(normalise(PeripheralRoleTest.OPENED_2_GP));
    }
}
