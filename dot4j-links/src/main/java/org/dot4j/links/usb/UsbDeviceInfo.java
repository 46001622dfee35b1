package org.dot4j.links.usb;

import java.util.List;
import java.util.Optional;

/**
 * A printer-related USB device as {@link UsbDevices#list()} reports it.
 *
 * @param portPath bus and hub ports, e.g. {@code 1-1.4} (the {@code usb:1-1.4} address form)
 * @param vendorId {@code idVendor}
 * @param productId {@code idProduct}
 * @param manufacturer the manufacturer string, "" when unreadable
 * @param product the product string, "" when unreadable
 * @param serial the serial number string, "" when absent or unreadable
 * @param interfaces every alternate setting as {@code interface.alternate class/subclass/protocol}, e.g.
 *     {@code 0.0 07/01/03}
 * @param carrier the 1284.4 carrier {@link UsbLink} would use, if any
 * @param deviceId the IEEE 1284 device id, when it could be read
 * @param problems what could not be read and why (permissions, busy interface), for the user
 */
public record UsbDeviceInfo(String portPath, int vendorId, int productId, String manufacturer, String product,
        String serial, List<String> interfaces, Optional<Carrier> carrier, Optional<DeviceId> deviceId,
        List<String> problems) {

    /** Checked copy. */
    public UsbDeviceInfo {
        interfaces = List.copyOf(interfaces);
        problems = List.copyOf(problems);
    }

    /** The address by ids, with the serial number when known: {@code usb:03f0:0917:00SGM3BC09TP}. */
    public String uri() {
        return String.format("usb:%04x:%04x", vendorId, productId) + (serial.isEmpty() ? "" : ":" + serial);
    }

    /** The address by position: {@code usb:1-1.4}. */
    public String portUri() {
        return "usb:" + portPath;
    }
}
