package org.dot4j.sim;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;

/**
 * The PML objects the simulator knows and the encoding of PML replies (HPLIP io/hpmud/pml.h, base/pml.py).
 * Object ids are PML's short form: HPLIP strips the SNMP prefix and puts 1 (HP), 2 (printer MIB) or 3 (host
 * resources MIB) first, so hrDeviceStatus 1.3.6.1.2.1.25.3.2.1.5.1 is {@code 3.3.2.1.5.1}.
 */
final class PmlObjects {

    /** PML request codes. */
    static final int GET = 0x00;
    static final int SET = 0x04;
    /** PML data types (the top six bits of the type byte). */
    static final int TYPE_OBJECT_ID = 0x00;
    static final int TYPE_ENUMERATION = 0x04;
    static final int TYPE_SIGNED_INTEGER = 0x08;
    static final int TYPE_BINARY = 0x14;
    static final int TYPE_ERROR_CODE = 0x18;
    /** PML outcomes. */
    static final int OK = 0x00;
    static final int UNKNOWN_REQUEST = 0x80;
    static final int UNKNOWN_OBJECT = 0x83;
    static final int ACTION_NOT_SUPPORTED = 0x84;

    /** hrDeviceStatus: 2 running, 3 warning, 5 down. */
    static final byte[] DEVICE_STATUS = {3, 3, 2, 1, 5, 1};
    /** hrPrinterStatus: 3 idle, 4 printing. */
    static final byte[] PRINTER_STATUS = {3, 3, 5, 1, 1, 1};
    /** prtCoverStatus: 4 closed. */
    static final byte[] COVER_STATUS = {2, 6, 1, 1, 3, 1, 1};
    /** hrPrinterDetectedErrorState: a bit mask, 0 when nothing is wrong. */
    static final byte[] DETECTED_ERROR_STATE = {3, 3, 5, 1, 2, 1};

    private PmlObjects() {}

    /** The reply to one whole request (see {@link PmlService#requestLength}), given the printer's state. */
    static byte[] answer(byte[] request, SimConfig.PrinterState state) {
        int command = Byte.toUnsignedInt(request[0]);
        byte[] oid = Arrays.copyOfRange(request, 3, request.length);
        if (command == SET) {
            return reply(command, ACTION_NOT_SUPPORTED, oid, TYPE_ERROR_CODE, new byte[] {(byte) ACTION_NOT_SUPPORTED});
        }
        if (command != GET || request[1] != TYPE_OBJECT_ID) {
            return reply(command, UNKNOWN_REQUEST, oid, TYPE_ERROR_CODE, new byte[] {(byte) UNKNOWN_REQUEST});
        }
        boolean down = state == SimConfig.PrinterState.ERROR;
        if (Arrays.equals(oid, DEVICE_STATUS)) {
            return reply(command, OK, oid, TYPE_ENUMERATION, new byte[] {(byte) (down ? 5 : 2)});
        }
        if (Arrays.equals(oid, PRINTER_STATUS)) {
            return reply(command, OK, oid, TYPE_SIGNED_INTEGER, new byte[] {(byte) (state == SimConfig.PrinterState.BUSY ? 4 : 3)});
        }
        if (Arrays.equals(oid, COVER_STATUS)) {
            return reply(command, OK, oid, TYPE_SIGNED_INTEGER, new byte[] {4});
        }
        if (Arrays.equals(oid, DETECTED_ERROR_STATE)) {
            return reply(command, OK, oid, TYPE_BINARY, new byte[] {0});
        }
        return reply(command, UNKNOWN_OBJECT, oid, TYPE_ERROR_CODE, new byte[] {(byte) UNKNOWN_OBJECT});
    }

    private static byte[] reply(int command, int outcome, byte[] oid, int type, byte[] value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(command | 0x80);
        out.write(outcome);
        out.write(TYPE_OBJECT_ID);
        out.write(oid.length);
        out.writeBytes(oid);
        out.write(type | (value.length >> 8 & 0x03)); // a 10-bit length: its top two bits share the type byte
        out.write(value.length & 0xFF);
        out.writeBytes(value);
        return out.toByteArray();
    }
}
