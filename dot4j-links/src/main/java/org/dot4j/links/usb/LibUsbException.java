package org.dot4j.links.usb;

import java.io.IOException;

/**
 * A libusb call failed with a negative result code. The message names the call, the libusb error name and,
 * for the errors a user can fix, what to do.
 */
public final class LibUsbException extends IOException {

    private static final long serialVersionUID = 1L;

    private final int code;

    /**
     * @param code the libusb result code (negative)
     * @param name the libusb error name, e.g. {@code LIBUSB_ERROR_ACCESS}
     * @param what the failed call
     */
    public LibUsbException(int code, String name, String what) {
        super(what + " failed: " + name + hint(code));
        this.code = code;
    }

    /** The libusb result code, one of the {@code LibUsb.ERROR_*} constants or another negative value. */
    public int code() {
        return code;
    }

    private static String hint(int code) {
        return switch (code) {
            case LibUsb.ERROR_ACCESS -> " (permission denied on /dev/bus/usb: run as root or add a udev rule"
                    + " granting your user access to the printer)";
            case LibUsb.ERROR_BUSY -> " (another program or driver holds the interface; stop it or unbind it)";
            case LibUsb.ERROR_NO_DEVICE -> " (device unplugged)";
            default -> "";
        };
    }
}
