package org.dot4j.daemon;

import java.util.Arrays;
import org.dot4j.api.Dot4Device;
import org.dot4j.api.Dot4Exception;
import org.dot4j.api.IoResult;
import org.dot4j.api.NtStatus;

/**
 * An HP printer's state as PML reports it on HP-MESSAGE, the SNMP-like queries HPLIP sends over 1284.4 and MLC
 * ({@code hpmud_get_pml} in HPLIP's io/hpmud/pml.c, its base/pml.py): hrDeviceStatus and hrPrinterStatus of the Host
 * Resources MIB. A GET is {@code 0x00, 0x00 (object id), oid length, oid}; its reply {@code 0x80, outcome, 0x00,
 * oid length, oid, type|length>>8, length, value}. Object ids are PML's short form (HPLIP's prefix 3 for the Host
 * Resources MIB), as {@code dot4 sim} answers them too.
 *
 * @param deviceStatus hrDeviceStatus: 1 unknown, 2 running, 3 warning, 4 testing, 5 down
 * @param printerStatus hrPrinterStatus: 1 other, 2 unknown, 3 idle, 4 printing, 5 warming up
 */
public record PmlStatus(int deviceStatus, int printerStatus) {

    /** hrDeviceStatus, 1.3.6.1.2.1.25.3.2.1.5.1. */
    static final byte[] DEVICE_STATUS = {3, 3, 2, 1, 5, 1};
    /** hrPrinterStatus, 1.3.6.1.2.1.25.3.5.1.1.1. */
    static final byte[] PRINTER_STATUS = {3, 3, 5, 1, 1, 1};
    private static final int GET = 0x00;
    private static final int REPLY = 0x80;
    private static final int TYPE_OBJECT_ID = 0x00;
    private static final int OK = 0x00;
    /** Command, outcome, type, oid length: the reply's bytes before the oid. */
    private static final int REPLY_HEAD = 4;
    /** A value's type byte and its length byte. */
    private static final int VALUE_HEAD = 2;
    /** Room for a reply: a 10-bit value length, the oid and the heads. */
    private static final int REPLY_MAX = 1024 + 255 + REPLY_HEAD + VALUE_HEAD;

    /**
     * Asks both objects on a channel of HP-MESSAGE; the channel is closed again, the socket is the caller's.
     *
     * @param hostSocket a host socket created for the service HP-MESSAGE
     * @throws Dot4Exception STATUS_IO_TIMEOUT when a reply is not whole within {@code timeoutMillis},
     *     STATUS_DEVICE_PROTOCOL_ERROR for a reply that is not one or an outcome other than OK
     */
    public static PmlStatus query(Dot4Device client, int hostSocket, long timeoutMillis) throws Dot4Exception {
        int handle = client.openChannel(hostSocket, false);
        try {
            return new PmlStatus(get(client, handle, DEVICE_STATUS, timeoutMillis),
                    get(client, handle, PRINTER_STATUS, timeoutMillis));
        } finally {
            client.closeChannel(handle);
        }
    }

    /** A word for hrDeviceStatus. */
    public String deviceText() {
        return switch (deviceStatus) {
            case 1 -> "unknown";
            case 2 -> "running";
            case 3 -> "warning";
            case 4 -> "testing";
            case 5 -> "down";
            default -> "status " + deviceStatus;
        };
    }

    /** A word for hrPrinterStatus. */
    public String printerText() {
        return switch (printerStatus) {
            case 1 -> "other";
            case 2 -> "unknown";
            case 3 -> "idle";
            case 4 -> "printing";
            case 5 -> "warming up";
            default -> "status " + printerStatus;
        };
    }

    /** The GET request for {@code oid}. */
    static byte[] request(byte[] oid) {
        byte[] request = new byte[3 + oid.length];
        request[0] = GET;
        request[1] = TYPE_OBJECT_ID;
        request[2] = (byte) oid.length;
        System.arraycopy(oid, 0, request, 3, oid.length);
        return request;
    }

    /**
     * The length of the whole reply at the start of {@code reply}, or 0 while it is incomplete.
     */
    static int replyLength(byte[] reply, int length) {
        if (length < REPLY_HEAD) {
            return 0;
        }
        int valueAt = REPLY_HEAD + Byte.toUnsignedInt(reply[3]);
        if (length < valueAt + VALUE_HEAD) {
            return 0;
        }
        int total = valueAt + VALUE_HEAD + ((reply[valueAt] & 0x03) << 8 | Byte.toUnsignedInt(reply[valueAt + 1]));
        return length >= total ? total : 0;
    }

    /**
     * The value of a whole reply to a GET of {@code oid}, an unsigned big-endian number.
     *
     * @throws IllegalArgumentException naming what is wrong
     */
    static int value(byte[] reply, int length, byte[] oid) {
        if (replyLength(reply, length) == 0) {
            throw new IllegalArgumentException("a PML reply of " + length + " bytes is not whole");
        }
        if (Byte.toUnsignedInt(reply[0]) != (GET | REPLY)) {
            throw new IllegalArgumentException(String.format("not a reply to GET (command 0x%02X)", reply[0]));
        }
        if (reply[1] != OK) {
            throw new IllegalArgumentException(String.format("outcome 0x%02X for object %s", reply[1], Arrays.toString(oid)));
        }
        int oidLength = Byte.toUnsignedInt(reply[3]);
        if (!Arrays.equals(reply, REPLY_HEAD, REPLY_HEAD + oidLength, oid, 0, oid.length)) {
            throw new IllegalArgumentException("a reply for another object than " + Arrays.toString(oid));
        }
        int valueAt = REPLY_HEAD + oidLength;
        int size = (reply[valueAt] & 0x03) << 8 | Byte.toUnsignedInt(reply[valueAt + 1]);
        if (size < 1 || size > 4) {
            throw new IllegalArgumentException("a value of " + size + " bytes is no status number");
        }
        int value = 0;
        for (int i = 0; i < size; i++) {
            value = value << 8 | Byte.toUnsignedInt(reply[valueAt + VALUE_HEAD + i]);
        }
        return value;
    }

    private static int get(Dot4Device client, int handle, byte[] oid, long timeoutMillis) throws Dot4Exception {
        byte[] request = request(oid);
        client.write(handle, request, 0, request.length, timeoutMillis);
        byte[] reply = new byte[REPLY_MAX];
        int length = 0;
        while (replyLength(reply, length) == 0) {
            IoResult r = client.read(handle, reply, length, reply.length - length, timeoutMillis);
            if (r.bytes() == 0) {
                throw new Dot4Exception(NtStatus.STATUS_IO_TIMEOUT, "HP-MESSAGE did not answer a PML GET within "
                        + timeoutMillis + " ms (" + length + " bytes of a reply)");
            }
            length += r.bytes();
        }
        try {
            return value(reply, length, oid);
        } catch (IllegalArgumentException e) {
            throw new Dot4Exception(NtStatus.STATUS_DEVICE_PROTOCOL_ERROR, "HP-MESSAGE: " + e.getMessage());
        }
    }
}
