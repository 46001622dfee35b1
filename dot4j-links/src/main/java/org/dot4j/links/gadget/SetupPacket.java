package org.dot4j.links.gadget;

/**
 * The 8-byte USB control request header ({@code struct usb_ctrlrequest}) carried by a FunctionFS SETUP
 * event; fields are unsigned.
 *
 * @param requestType bmRequestType: direction bit 7, type bits 6..5, recipient bits 4..0
 * @param request bRequest
 * @param value wValue
 * @param index wIndex
 * @param length wLength: most bytes the data stage may carry
 */
public record SetupPacket(int requestType, int request, int value, int index, int length) {

    /** bmRequestType bit 7: the data stage goes device to host. */
    public static final int DIRECTION_IN = 0x80;

    /** Checks each field fits its wire width. */
    public SetupPacket {
        checkRange("bmRequestType", requestType, 0xFF);
        checkRange("bRequest", request, 0xFF);
        checkRange("wValue", value, 0xFFFF);
        checkRange("wIndex", index, 0xFFFF);
        checkRange("wLength", length, 0xFFFF);
    }

    /** True when the data stage (if any) goes device to host, i.e. the answer is written to ep0. */
    public boolean isDeviceToHost() {
        return (requestType & DIRECTION_IN) != 0;
    }

    @Override
    public String toString() {
        return String.format("SETUP[bmRequestType=0x%02X bRequest=%d wValue=0x%04X wIndex=0x%04X wLength=%d]",
                requestType, request, value, index, length);
    }

    private static void checkRange(String field, int value, int max) {
        if (value < 0 || value > max) {
            throw new IllegalArgumentException(field + " " + value + " is outside 0.." + max);
        }
    }
}
