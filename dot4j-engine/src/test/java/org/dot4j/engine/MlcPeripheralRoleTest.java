package org.dot4j.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.dot4j.engine.RawWire.ascii;
import static org.dot4j.engine.RawWire.normalise;

import java.nio.ByteBuffer;
import org.dot4j.engine.RawWire.Answer;
import org.dot4j.wire.Revision;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The peripheral in HP MLC (reference §6, §4.2), played with HPLIP's bytes (HP1 {@code mlc.c}): Init 3 answered
 * with result 0 and revision 3, ConfigSocket before OpenChannel, credit in the OpenChannel reply, Credit and
 * CreditRequest(1) answered, credit pushed as data is read ("gusher"), CloseChannel, Exit, the one-byte Error.
 * Every packet it sends carries credit 0 and status 0.
 */
@Timeout(20)
class MlcPeripheralRoleTest {

    /** HP-SCAN-like service: 16384-byte packets, room for four. */
    static final LocalSocket SCAN = new LocalSocket(4, "HP-SCAN", ChannelMode.STREAM, 4 * 16378, 16384, 16384, true);
    static final String INIT_3 = "00 00 00 08 00 00 00 03";
    static final String CONFIG_4 = "00 00 00 0D 00 00 07 04 40 00 40 00 00";
    static final String CONFIGURED_4 = "00 00 00 0D 00 00 87 00 40 00 40 00 00";
    static final String OPEN_4 = "00 00 00 0B 00 00 01 04 04 00 00";

    static EnginePair mlcPeripheral() {
        EnginePair pair = EnginePair.standard();
        pair.peripheral.registerSocket(SCAN);
        assertAnswer(pair, INIT_3, "00 00 00 09 00 00 80 00 03");
        assertThat(pair.peripheral.revision()).isEqualTo(Revision.HP_MLC);
        return pair;
    }

    static void assertAnswer(EnginePair pair, String in, String expectedOut) {
        assertThat(RawWire.toPeripheral(pair, in).bytes()).as("answer to %s", in).isEqualTo(normalise(expectedOut));
    }

    @Test
    void hplipsMlcConversationGetsMlcReplies() {
        EnginePair pair = mlcPeripheral();
        assertAnswer(pair, CONFIG_4, CONFIGURED_4);
        // §6.1: the reply's credit (here 4 packets of buffer) becomes the host's send credit.
        assertAnswer(pair, OPEN_4, "00 00 00 0A 00 00 81 00 00 04");
        long channel = pair.acceptedOnPeripheral(new ChannelKey(4, 4));
        // HP1 grants Credit(1) per read; the reply has no sockets (8 bytes).
        assertAnswer(pair, "00 00 00 0B 00 00 03 04 04 00 01", "00 00 00 08 00 00 83 00");
        pair.peripheral.write(channel, ByteBuffer.wrap(new byte[] {1, 2, 3}), false);
        assertThat(RawWire.hex(pair.peripheralTransmits())).isEqualTo(normalise("04 04 00 09 00 01 01 02 03"));
        // Miser asks for 1 and gets 0: the host already holds the 4 the buffer has room for.
        assertAnswer(pair, "00 00 00 0B 00 00 04 04 04 00 01", "00 00 00 0A 00 00 84 00 00 00");
        assertAnswer(pair, "00 00 00 09 00 00 02 04 04", "00 00 00 08 00 00 82 00");
        assertThat(pair.peripheral.closeCause(channel)).contains(CloseCause.CLOSED_BY_PEER);
        assertAnswer(pair, "00 00 00 07 00 00 08", "00 00 00 08 00 00 88 00");
        assertThat(pair.peripheral.state()).isEqualTo(LinkState.UNINITIALIZED);
    }

    @Test
    void aMiserCreditRequestForOneIsGrantedOne() {
        EnginePair pair = mlcPeripheral();
        assertAnswer(pair, CONFIG_4, CONFIGURED_4);
        assertAnswer(pair, OPEN_4, "00 00 00 0A 00 00 81 00 00 04");
        for (int i = 0; i < 4; i++) {
            RawWire.toPeripheral(pair, "04 04 00 07 00 00 41");
        }
        long channel = pair.acceptedOnPeripheral(new ChannelKey(4, 4));
        pair.peripheral.read(channel, ByteBuffer.allocate(2)); // room again, but the pushed grant waits for the poll
        assertThat(RawWire.toPeripheral(pair, "00 00 00 0B 00 00 04 04 04 00 01").bytes())
                .startsWith(normalise("00 00 00 0A 00 00 84 00 00 01"));
    }

    @Test
    void creditIsPushedToTheHostAsReceivedDataIsRead() {
        // §6.2 "gusher": HPLIP's default mode waits for the device to push Credit.
        EnginePair pair = mlcPeripheral();
        assertAnswer(pair, CONFIG_4, CONFIGURED_4);
        assertAnswer(pair, OPEN_4, "00 00 00 0A 00 00 81 00 00 04");
        long channel = pair.acceptedOnPeripheral(new ChannelKey(4, 4));
        byte[] packet = new byte[16384];
        packet[0] = 4;
        packet[1] = 4;
        packet[2] = 0x40;
        for (int i = 0; i < 4; i++) {
            assertThat(RawWire.toPeripheral(pair, packet).bytes()).isEmpty();
        }
        assertThat(pair.peripheral.read(channel, ByteBuffer.allocate(3 * 16378)).bytes()).isEqualTo(3 * 16378);
        assertThat(RawWire.hex(pair.peripheralTransmits())).isEqualTo(normalise("00 00 00 0B 00 00 03 04 04 00 03"));
    }

    @Test
    void withoutConfigSocketTheChannelTakesTheServicesOwnSizes() {
        // Lenient: HP1 always configures first, another host might not.
        EnginePair pair = mlcPeripheral();
        assertAnswer(pair, OPEN_4, "00 00 00 0A 00 00 81 00 00 04");
        assertThat(pair.peripheral.channels()).singleElement()
                .satisfies(c -> assertThat(c.sendPacketSize()).isEqualTo(16384))
                .satisfies(c -> assertThat(c.receivePacketSize()).isEqualTo(16384));
    }

    @Test
    void configSocketAgreesTheSmallerSizesAndTheChannelUsesThem() {
        EnginePair pair = mlcPeripheral();
        assertAnswer(pair, "00 00 00 0D 00 00 07 04 02 00 FF FF 00", "00 00 00 0D 00 00 87 00 02 00 40 00 00");
        // 64 KiB of buffer hold 129 packets of 506 bytes.
        assertAnswer(pair, OPEN_4, "00 00 00 0A 00 00 81 00 00 81");
        assertThat(pair.peripheral.channels()).singleElement()
                .satisfies(c -> assertThat(c.receivePacketSize()).isEqualTo(512))
                .satisfies(c -> assertThat(c.sendPacketSize()).isEqualTo(16384));
    }

    @Test
    void configSocketForAServiceThatDoesNotExistIsRefused() {
        EnginePair pair = mlcPeripheral();
        // §13: MLC result values are undocumented beyond 0; dot4j sends the 1284.4 value (0x09).
        assertAnswer(pair, "00 00 00 0D 00 00 07 09 40 00 40 00 00", "00 00 00 0D 00 00 87 09 00 00 00 00 00");
        assertAnswer(pair, "00 00 00 0D 00 00 07 04 00 03 40 00 00", "00 00 00 0D 00 00 87 0C 00 00 00 00 00");
    }

    @Test
    void theOpenChannelCreditFieldIsIgnored() {
        // §6.1: HP1 sends 0 ("credit sender will accept from receiver"); a non-zero value is undocumented, so it
        // grants the peripheral nothing: sending on it would risk Error 0x81 at the host.
        EnginePair pair = mlcPeripheral();
        assertAnswer(pair, CONFIG_4, CONFIGURED_4);
        assertAnswer(pair, "00 00 00 0B 00 00 01 04 04 00 05", "00 00 00 0A 00 00 81 00 00 04");
        assertThat(pair.peripheral.channels()).singleElement().satisfies(c -> assertThat(c.sendCredit()).isZero());
    }

    @Test
    void transactionsMlcLacksGetTheOneByteError() {
        EnginePair pair = mlcPeripheral();
        // GetSocketID does not exist in MLC (fixed socket ids, §8.1): Error 0x87, one code byte, credit 0.
        Answer a = RawWire.toPeripheral(pair, "00 00 00 0C 00 00 09 " + ascii("PRINT"));
        assertThat(a.bytes()).isEqualTo(normalise("00 00 00 08 00 00 7F 87"));
        assertAnswer(pair, "00 00 00 07 00 00 05", "00 00 00 08 00 00 7F 87"); // Debit: layout unknown
    }

    @Test
    void aHostThatSwitchesBackTo1284IsAnsweredIn1284() {
        EnginePair pair = mlcPeripheral();
        assertAnswer(pair, "00 00 00 08 01 00 00 20", "00 00 00 09 01 00 80 00 20");
        assertAnswer(pair, "00 00 00 0E 01 00 09 " + ascii("HP-SCAN"), "00 00 00 10 01 00 89 00 04 " + ascii("HP-SCAN"));
    }

    @Test
    void theEpsonEntryIsStillAnsweredAfterAnMlcConversation() {
        EnginePair pair = mlcPeripheral();
        assertAnswer(pair, LinkEnginePeerCommandTest.ENTRY, LinkEnginePeerCommandTest.ENTRY_REPLY);
    }

    @Test
    void theMlcPeripheralNeverOpensChannelsOrAsksForCredit() {
        // HP1 answers a device's CloseChannel with result 1 and its CreditRequest with 0 (§3.7).
        EnginePair pair = mlcPeripheral();
        assertThat(pair.peripheral.mayCommand()).isFalse();
        assertThat(pair.peripheral.mayGrant()).isTrue();
    }
}
