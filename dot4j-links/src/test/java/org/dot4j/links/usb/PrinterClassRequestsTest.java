package org.dot4j.links.usb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * GET_DEVICE_ID {@code wIndex} choice (ieee1284_4.md §7.1, §10 Q-H10), driven by a scripted control pipe.
 * No USB bus here; the emulated-bus test is elsewhere.
 */
@Timeout(10)
class PrinterClassRequestsTest {

    private static final String ID = "MFG:HP;MDL:LaserJet 3330;CMD:MLC,PCL;";

    /** Answers GET_DEVICE_ID only for {@code workingIndex}; stalls (or answers empty) for the others. */
    private static final class ScriptedPrinter implements PrinterClassRequests.ControlIn {
        final List<Integer> indexesSeen = new ArrayList<>();
        final int workingIndex;
        final boolean stallOthers;

        ScriptedPrinter(int workingIndex, boolean stallOthers) {
            this.workingIndex = workingIndex;
            this.stallOthers = stallOthers;
        }

        @Override
        public int in(int requestType, int request, int value, int index, byte[] buffer) throws IOException {
            assertThat(requestType).isEqualTo(0xa1);
            assertThat(request).isZero();
            assertThat(value).isZero();
            indexesSeen.add(index);
            if (index != workingIndex) {
                if (stallOthers) {
                    throw new LibUsbException(LibUsb.ERROR_PIPE, "LIBUSB_ERROR_PIPE", "control transfer");
                }
                return 0;
            }
            byte[] text = ID.getBytes(StandardCharsets.ISO_8859_1);
            buffer[0] = 0;
            buffer[1] = (byte) (text.length + 2);
            System.arraycopy(text, 0, buffer, 2, text.length);
            return text.length + 2;
        }
    }

    @Test
    void indexesTryTheClassConventionFirstThenTheBareInterface() {
        assertThat(PrinterClassRequests.deviceIdIndexes(0, 0)).containsExactly(0);
        assertThat(PrinterClassRequests.deviceIdIndexes(0, 1)).containsExactly(0x0001, 0);
        assertThat(PrinterClassRequests.deviceIdIndexes(1, 0)).containsExactly(0x0100, 1);
        assertThat(PrinterClassRequests.deviceIdIndexes(2, 3)).containsExactly(0x0203, 2);
    }

    @Test
    void aPrinterFollowingTheClassSpecAnswersTheFirstRequest() throws IOException {
        ScriptedPrinter printer = new ScriptedPrinter(0x0100, true);

        byte[] answer = PrinterClassRequests.readDeviceId(printer, 0, 1, 0);

        assertThat(DeviceId.fromAnswer(answer, answer.length).model()).isEqualTo("LaserJet 3330");
        assertThat(printer.indexesSeen).containsExactly(0x0100);
    }

    @Test
    void hpFirmwareThatStallsOnTheClassIndexIsAskedWithTheBareInterface() throws IOException {
        ScriptedPrinter printer = new ScriptedPrinter(1, true);

        byte[] answer = PrinterClassRequests.readDeviceId(printer, 0, 1, 0);

        assertThat(DeviceId.fromAnswer(answer, answer.length).text()).isEqualTo(ID);
        assertThat(printer.indexesSeen).containsExactly(0x0100, 1);
    }

    @Test
    void anEmptyAnswerAlsoFallsBackToTheBareInterface() throws IOException {
        ScriptedPrinter printer = new ScriptedPrinter(2, false);

        PrinterClassRequests.readDeviceId(printer, 0, 2, 1);

        assertThat(printer.indexesSeen).containsExactly(0x0201, 2);
    }

    @Test
    void whenBothFailTheErrorNamesEachAttempt() {
        ScriptedPrinter printer = new ScriptedPrinter(99, true);

        assertThatThrownBy(() -> PrinterClassRequests.readDeviceId(printer, 0, 1, 0))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("wIndex 0x100: control transfer failed: LIBUSB_ERROR_PIPE")
                .hasMessageContaining("wIndex 0x1: control transfer failed: LIBUSB_ERROR_PIPE");
    }
}
