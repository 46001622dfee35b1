package org.dot4j.links.usb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.Arrays;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The real system libusb-1.0 through the FFM bindings, and what {@link UsbLink} and {@link UsbDevices} do on a
 * machine without USB devices. No USB bus here; the emulated-bus test is elsewhere.
 */
@Timeout(20)
class LibUsbTest {

    @Test
    void systemLibraryLoadsAndIsAtLeast1_0_26() throws IOException {
        String version = LibUsb.load().version();

        int[] parts = Arrays.stream(version.split(" ")[0].split("\\.")).mapToInt(Integer::parseInt).toArray();
        assertThat(parts[0] * 10_000 + parts[1] * 100 + parts[2]).isGreaterThanOrEqualTo(10_026);
    }

    @Test
    void errorNamesComeFromTheLibrary() throws IOException {
        assertThat(LibUsb.load().errorName(LibUsb.ERROR_NO_DEVICE)).isEqualTo("LIBUSB_ERROR_NO_DEVICE");
        assertThat(LibUsb.load().errorName(LibUsb.ERROR_TIMEOUT)).isEqualTo("LIBUSB_ERROR_TIMEOUT");
    }

    @Test
    void thisMachineHasNoUsbDevices() throws IOException {
        try (UsbBus bus = UsbBus.open()) {
            assertThat(bus.devices()).isEmpty();
        }
    }

    @Test
    void listingPrintersOnAMachineWithoutUsbGivesAnEmptyList() throws IOException {
        assertThat(UsbDevices.list()).isEmpty();
    }

    @Test
    void openingAnAbsentPrinterSaysNothingMatchesAndHintsAtPermissions() {
        assertThatThrownBy(() -> UsbLink.open(UsbAddress.parse("usb:03f0:ffff"), UsbOptions.defaults()))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("no USB device matching usb:03f0:ffff")
                .hasMessageContaining("libusb sees no USB devices")
                .hasMessageContaining("/dev/bus/usb");
    }

    @Test
    void autoOnAMachineWithoutPrintersFailsTheSameWay() {
        assertThatThrownBy(() -> UsbLink.open(UsbAddress.parse("usb:auto"), UsbOptions.defaults()))
                .hasMessageContaining("no USB device matching usb:auto");
    }

    @Test
    void sysfsDescriptorsOfAnAbsentDeviceAreNotInvented() {
        assertThat(UsbBus.sysfsConfiguration("9-9.9")).isEqualTo(Optional.empty());
        assertThat(UsbBus.sysfsAttribute("9-9.9", "product")).isEqualTo(Optional.empty());
    }

    @Test
    void readBufferIsSixteenKibibytesRoundedToWholePackets() {
        assertThat(UsbLink.readBufferSize(64)).isEqualTo(16_384);
        assertThat(UsbLink.readBufferSize(512)).isEqualTo(16_384);
        assertThat(UsbLink.readBufferSize(1000)).isEqualTo(17_000);
        assertThat(UsbLink.readBufferSize(0)).isEqualTo(16_384);
    }
}
