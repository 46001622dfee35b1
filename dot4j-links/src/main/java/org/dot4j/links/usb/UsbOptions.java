package org.dot4j.links.usb;

/**
 * How {@link UsbLink} opens and drives a device.
 *
 * @param epsonInBand on Epson devices (vendor 0x04b8) use 07/01/02 plainly, without HP's ECP channel request,
 *     and ignore the vendor-class triples (see {@link CarrierSelector}); default true
 * @param controlTimeoutMillis timeout of each control request; default 5000, HPLIP's value (ieee1284_4.md §7.1)
 * @param transferTimeoutMillis timeout of each bulk transfer slice; a blocked read or write re-checks the closed
 *     flag this often, so it bounds how long {@link UsbLink#close()} waits; default 250
 */
public record UsbOptions(boolean epsonInBand, int controlTimeoutMillis, int transferTimeoutMillis) {

    /** Checks the timeouts: positive, and slices short enough for close() to unblock within a second. */
    public UsbOptions {
        if (controlTimeoutMillis <= 0) {
            throw new IllegalArgumentException("controlTimeoutMillis must be positive: " + controlTimeoutMillis);
        }
        if (transferTimeoutMillis <= 0 || transferTimeoutMillis > 500) {
            throw new IllegalArgumentException("transferTimeoutMillis must be 1..500 so close() unblocks within a second: "
                    + transferTimeoutMillis);
        }
    }

    /** Epson in-band on, 5 s control requests, 250 ms transfer slices. */
    public static UsbOptions defaults() {
        return new UsbOptions(true, 5000, 250);
    }

    /** A copy with the Epson rule switched on or off. */
    public UsbOptions withEpsonInBand(boolean on) {
        return new UsbOptions(on, controlTimeoutMillis, transferTimeoutMillis);
    }
}
