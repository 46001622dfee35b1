package org.dot4j.links.usb;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The USB printer-class and HP vendor control requests (ieee1284_4.md §7.1), and the GET_DEVICE_ID
 * {@code wIndex} fallback, kept free of libusb so the choice logic is testable without a bus.
 *
 * <p>Stateless and thread-safe.
 */
final class PrinterClassRequests {

    /** bmRequestType: device to host, class, recipient interface. */
    static final int CLASS_IN_INTERFACE = 0xa1;
    /** bmRequestType: host to device, class, recipient "other" (what usblp and HPLIP send for SOFT_RESET). */
    static final int CLASS_OUT_OTHER = 0x23;
    /** bmRequestType: device to host, vendor, recipient interface (HP's ECP channel change). */
    static final int VENDOR_IN_INTERFACE = 0xc1;
    /** bmRequestType: device to host, standard, recipient device (GET_DESCRIPTOR). */
    static final int STANDARD_IN_DEVICE = 0x80;

    /** Printer class bRequest GET_DEVICE_ID. */
    static final int GET_DEVICE_ID = 0;
    /** Printer class bRequest GET_PORT_STATUS (1 byte answer). */
    static final int GET_PORT_STATUS = 1;
    /** Printer class bRequest SOFT_RESET (no data). */
    static final int SOFT_RESET = 2;
    /** HP vendor bRequest "ECP channel change"; wValue is the channel, 1 byte answer. */
    static final int HP_ECP_CHANNEL_CHANGE = 0;
    /** Standard bRequest GET_DESCRIPTOR. */
    static final int GET_DESCRIPTOR = 6;

    /** ECP channel that enters MLC/1284.4 on a 07/01/02 interface. */
    static final int ECP_CHANNEL_1284_4 = 77;
    /** ECP channel sent first when leaving. */
    static final int ECP_CHANNEL_LEAVE = 78;
    /** ECP channel sent last when leaving (back to plain printing). */
    static final int ECP_CHANNEL_PRINT = 0;

    private PrinterClassRequests() {}

    /** One device-to-host control request; returns how many bytes of {@code buffer} it filled. */
    @FunctionalInterface
    interface ControlIn {
        int in(int requestType, int request, int value, int index, byte[] buffer) throws IOException;
    }

    /**
     * The GET_DEVICE_ID {@code wIndex} values to try, in order: {@code interface << 8 | alternate} as the
     * printer class specification and usblp put it, then the bare interface number, which HP firmware expects
     * (ieee1284_4.md §10 Q-H10). On interface 0, alternate 0 both are 0 and it is tried once.
     */
    static List<Integer> deviceIdIndexes(int interfaceNumber, int altSetting) {
        List<Integer> indexes = new ArrayList<>(2);
        indexes.add(interfaceNumber << 8 | altSetting);
        if (interfaceNumber != (interfaceNumber << 8 | altSetting)) {
            indexes.add(interfaceNumber);
        }
        return indexes;
    }

    /**
     * Reads the device id, trying each {@link #deviceIdIndexes} value until one gives a usable answer (a
     * request that does not fail and returns a non-empty id).
     *
     * @return the raw answer, trimmed to the bytes received
     * @throws IOException naming every attempt when none worked
     */
    static byte[] readDeviceId(ControlIn control, int configIndex, int interfaceNumber, int altSetting)
            throws IOException {
        List<String> failures = new ArrayList<>();
        for (int index : deviceIdIndexes(interfaceNumber, altSetting)) {
            byte[] buffer = new byte[DeviceId.MAX_ANSWER];
            try {
                int received = control.in(CLASS_IN_INTERFACE, GET_DEVICE_ID, configIndex, index, buffer);
                if (received >= DeviceId.LENGTH_PREFIX && !DeviceId.fromAnswer(buffer, received).text().isEmpty()) {
                    return java.util.Arrays.copyOf(buffer, received);
                }
                failures.add("wIndex 0x" + Integer.toHexString(index) + ": empty answer (" + received + " bytes)");
            } catch (IOException e) {
                failures.add("wIndex 0x" + Integer.toHexString(index) + ": " + e.getMessage());
            }
        }
        throw new IOException("GET_DEVICE_ID failed on interface " + interfaceNumber + " alt " + altSetting + ": "
                + String.join("; ", failures));
    }
}
