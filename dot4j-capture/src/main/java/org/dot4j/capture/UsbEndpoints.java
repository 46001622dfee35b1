package org.dot4j.capture;

import java.util.Optional;

/**
 * Which USB device and bulk endpoints carry 1284.4, when the user says so instead of letting the decoder find them.
 *
 * @param device "BUS.DEV" as usbmon numbers them, or empty for any device
 * @param out the bulk OUT endpoint address (e.g. 0x02), or -1 to find it
 * @param in the bulk IN endpoint address (e.g. 0x81), or -1 to find it
 */
public record UsbEndpoints(Optional<String> device, int out, int in) {

    /** Find everything from the capture. */
    public static final UsbEndpoints FIND = new UsbEndpoints(Optional.empty(), -1, -1);

    /** Checks the endpoint addresses' direction bits. */
    public UsbEndpoints {
        if (out >= 0 && (out & 0x80) != 0 || out > 0xFF) {
            throw new IllegalArgumentException(String.format("endpoint 0x%02X is not a bulk OUT address (0x01..0x0F)", out));
        }
        if (in >= 0 && (in & 0x80) == 0 || in > 0xFF) {
            throw new IllegalArgumentException(String.format("endpoint 0x%02X is not a bulk IN address (0x81..0x8F)", in));
        }
        device.ifPresent(d -> {
            if (!d.matches("\\d{1,5}\\.\\d{1,3}")) {
                throw new IllegalArgumentException("device '" + d + "' is not BUS.DEV as usbmon numbers them, e.g. 1.2");
            }
        });
    }

    /**
     * Parses the command line's {@code OUT,IN} (e.g. {@code 0x02,0x81} or {@code 2,129}) and {@code BUS.DEV}; either
     * may be null.
     */
    public static UsbEndpoints parse(String endpoints, String device) {
        int out = -1;
        int in = -1;
        if (endpoints != null) {
            String[] parts = endpoints.split(",", -1);
            if (parts.length != 2) {
                throw new IllegalArgumentException("--endpoints '" + endpoints + "' is not OUT,IN, e.g. 0x02,0x81");
            }
            try {
                out = Integer.decode(parts[0].strip());
                in = Integer.decode(parts[1].strip());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--endpoints '" + endpoints + "' is not OUT,IN, e.g. 0x02,0x81");
            }
        }
        return new UsbEndpoints(Optional.ofNullable(device), out, in);
    }
}
