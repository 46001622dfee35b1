package org.dot4j.links.gadget;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Decides the answer to each USB printer class request (ieee1284_4.md §7.1; USB Printer Class 1.1):
 * GET_DEVICE_ID, GET_PORT_STATUS and SOFT_RESET are answered, anything else is stalled.
 *
 * <p>Pure decisions, no I/O: {@link GadgetListener} carries the reply out on ep0. Immutable, thread-safe.
 */
public final class PrinterClassRequests {

    /** bRequest GET_DEVICE_ID: IEEE 1284 device id, 2-byte big-endian length first. */
    public static final int GET_DEVICE_ID = 0;
    /** bRequest GET_PORT_STATUS: one status byte in the style of a parallel port. */
    public static final int GET_PORT_STATUS = 1;
    /** bRequest SOFT_RESET: flush buffers and reset, no data stage. */
    public static final int SOFT_RESET = 2;

    /** bmRequestType IN | class | interface, used by GET_DEVICE_ID and GET_PORT_STATUS. */
    public static final int CLASS_INTERFACE_IN = 0xA1;
    /** bmRequestType OUT | class | interface: SOFT_RESET as the class spec writes it. */
    public static final int CLASS_INTERFACE_OUT = 0x21;
    /** bmRequestType OUT | class | other: SOFT_RESET as usblp and HPLIP send it (ieee1284_4.md §7.1). */
    public static final int CLASS_OTHER_OUT = 0x23;

    /** Port status "selected" (bit 4) and "not error" (bit 3): online, no paper-out, no error. */
    public static final int PORT_STATUS_SELECTED_NO_ERROR = 0x18;

    /** Largest answer the 16-bit length prefix can describe. */
    private static final int MAX_DEVICE_ID_ANSWER = 0xFFFF;
    private static final int LENGTH_PREFIX = 2;

    private final byte[] deviceIdAnswer;

    /**
     * @param deviceId the IEEE 1284 device id, e.g. {@code MFG:dot4j;MDL:Simulated MFP;CMD:D4,MLC,PCL;CLS:PRINTER;}
     * @throws IllegalArgumentException when it is not ASCII or does not fit the 16-bit length prefix
     */
    public PrinterClassRequests(String deviceId) {
        if (!StandardCharsets.US_ASCII.newEncoder().canEncode(deviceId)) {
            throw new IllegalArgumentException("IEEE 1284 device id must be ASCII: " + deviceId);
        }
        byte[] id = deviceId.getBytes(StandardCharsets.US_ASCII);
        int total = LENGTH_PREFIX + id.length;
        if (total > MAX_DEVICE_ID_ANSWER) {
            throw new IllegalArgumentException("IEEE 1284 device id is " + id.length + " bytes; at most "
                    + (MAX_DEVICE_ID_ANSWER - LENGTH_PREFIX) + " fit its length prefix");
        }
        deviceIdAnswer = new byte[total];
        deviceIdAnswer[0] = (byte) (total >>> 8); // big-endian, and the length counts itself
        deviceIdAnswer[1] = (byte) total;
        System.arraycopy(id, 0, deviceIdAnswer, LENGTH_PREFIX, id.length);
    }

    /** The reply to {@code setup}; requests this class does not know are stalled, as the USB spec asks. */
    public ControlReply answer(SetupPacket setup) {
        int type = setup.requestType();
        return switch (setup.request()) {
            case GET_DEVICE_ID -> type == CLASS_INTERFACE_IN
                    ? new ControlReply.SendData(truncate(deviceIdAnswer, setup.length()))
                    : unsupported(setup);
            case GET_PORT_STATUS -> type == CLASS_INTERFACE_IN
                    ? new ControlReply.SendData(truncate(new byte[] {PORT_STATUS_SELECTED_NO_ERROR}, setup.length()))
                    : unsupported(setup);
            case SOFT_RESET -> type == CLASS_INTERFACE_OUT || type == CLASS_OTHER_OUT
                    ? new ControlReply.Acknowledge(true)
                    : unsupported(setup);
            default -> unsupported(setup);
        };
    }

    private static ControlReply unsupported(SetupPacket setup) {
        return new ControlReply.Stall("not a printer class request this peripheral answers: " + setup);
    }

    private static byte[] truncate(byte[] answer, int maxLength) {
        return answer.length <= maxLength ? answer.clone() : Arrays.copyOf(answer, maxLength);
    }
}
