package org.dot4j.links.gadget;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Printer class request decisions (ieee1284_4.md §7.1), without a kernel. */
class PrinterClassRequestsTest {

    private static final String ID = "MFG:dot4j;MDL:Simulated MFP;CMD:D4,MLC,PCL;CLS:PRINTER;";
    private final PrinterClassRequests requests = new PrinterClassRequests(ID);

    @Test
    void getDeviceIdAnswersBigEndianLengthIncludingItselfThenTheId() {
        ControlReply reply = requests.answer(new SetupPacket(0xA1, 0, 0, 0, 1023));

        byte[] data = assertSends(reply);
        int total = ID.length() + 2;
        assertThat(data).hasSize(total);
        assertThat(data[0]).isEqualTo((byte) (total >>> 8));
        assertThat(data[1]).isEqualTo((byte) total);
        assertThat(new String(data, 2, data.length - 2, StandardCharsets.US_ASCII)).isEqualTo(ID);
    }

    @Test
    void getDeviceIdIsTruncatedToWLength() {
        assertThat(assertSends(requests.answer(new SetupPacket(0xA1, 0, 0, 0, 10))))
                .containsExactly(0, ID.length() + 2, 'M', 'F', 'G', ':', 'd', 'o', 't', '4');
        assertThat(assertSends(requests.answer(new SetupPacket(0xA1, 0, 0, 0, 2)))).containsExactly(0, ID.length() + 2);
        assertThat(assertSends(requests.answer(new SetupPacket(0xA1, 0, 0, 0, 0)))).isEmpty();
    }

    @Test
    void getDeviceIdIgnoresWIndexBecauseHostsDisagreeOnIt() {
        // HPLIP puts the interface in wIndex, usblp puts interface << 8 | alternate setting.
        assertThat(assertSends(requests.answer(new SetupPacket(0xA1, 0, 0, 0x0100, 1023)))).hasSize(ID.length() + 2);
    }

    @Test
    void getPortStatusAnswersSelectedAndNoError() {
        assertThat(assertSends(requests.answer(new SetupPacket(0xA1, 1, 0, 0, 1)))).containsExactly(0x18);
    }

    @Test
    void softResetIsAcknowledgedWithInterfaceOrOtherRecipient() {
        assertThat(requests.answer(new SetupPacket(0x21, 2, 0, 0, 0))).isEqualTo(new ControlReply.Acknowledge(true));
        assertThat(requests.answer(new SetupPacket(0x23, 2, 0, 0, 0))).isEqualTo(new ControlReply.Acknowledge(true));
    }

    @Test
    void otherRequestsAreStalled() {
        assertStalls(new SetupPacket(0xC1, 0, 77, 0, 1)); // HP vendor "ECP channel change"
        assertStalls(new SetupPacket(0xA1, 3, 0, 0, 8)); // unknown class request
        assertStalls(new SetupPacket(0x21, 0, 0, 0, 0)); // GET_DEVICE_ID in the OUT direction
        assertStalls(new SetupPacket(0xA1, 2, 0, 0, 0)); // SOFT_RESET in the IN direction
        assertStalls(new SetupPacket(0x80, 6, 0x0100, 0, 18)); // standard request reaching the function
    }

    @Test
    void nonAsciiDeviceIdIsRefused() {
        assertThatThrownBy(() -> new PrinterClassRequests("MFG:dötä;"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ASCII");
    }

    private static byte[] assertSends(ControlReply reply) {
        assertThat(reply).isInstanceOf(ControlReply.SendData.class);
        return ((ControlReply.SendData) reply).data();
    }

    private void assertStalls(SetupPacket setup) {
        assertThat(requests.answer(setup)).as(setup.toString()).isInstanceOf(ControlReply.Stall.class);
    }
}
