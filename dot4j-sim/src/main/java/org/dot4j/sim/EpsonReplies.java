package org.dot4j.sim;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Answers of the Epson control channel (reference §9), as escputil parses them. Stateless.
 */
public final class EpsonReplies {

    /** Start of the binary status answer; escputil checks byte 7 is {@code '2'} to pick the binary form. */
    public static final String STATUS_PREFIX = "@BDC ST2\r\n";
    /** Start of the identity answer. */
    public static final String IDENTITY_PREFIX = "@EJL ID\r\n";
    /** Status field: printer state, one byte. */
    public static final int FIELD_STATUS = 0x01;
    /** Status field: error code, one byte. */
    public static final int FIELD_ERROR = 0x02;
    /** Status field: ink levels, entry size then entries. */
    public static final int FIELD_INK = 0x0F;
    /** Bytes per ink entry: colour code, second colour code, level (the only size seen, §9). */
    public static final int INK_ENTRY_SIZE = 3;

    private EpsonReplies() {}

    /**
     * The answer to {@code st}: {@code @BDC ST2\r\n}, a little-endian 16-bit length of the rest, then the fields
     * status (0x01), error (0x02) and ink (0x0F) as type, length, value.
     */
    public static byte[] status(SimConfig.EpsonStatus status) {
        ByteArrayOutputStream fields = new ByteArrayOutputStream();
        field(fields, FIELD_STATUS, new byte[] {(byte) status.state().code()});
        field(fields, FIELD_ERROR, new byte[] {(byte) status.errorCode()});
        byte[] ink = new byte[1 + INK_ENTRY_SIZE * status.inks().size()];
        ink[0] = INK_ENTRY_SIZE;
        int at = 1;
        for (SimConfig.Ink i : status.inks()) {
            ink[at++] = (byte) i.colourCode();
            ink[at++] = (byte) i.secondCode();
            ink[at++] = (byte) i.level();
        }
        field(fields, FIELD_INK, ink);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(STATUS_PREFIX.getBytes(StandardCharsets.US_ASCII));
        out.write(fields.size() & 0xFF);
        out.write(fields.size() >>> 8);
        out.writeBytes(fields.toByteArray());
        return out.toByteArray();
    }

    /**
     * The answer to {@code di}: {@code @EJL ID\r\n} and a device id naming the model and description of
     * {@code config}'s device id, which escputil reads as {@code MDL:} and {@code DES:}.
     */
    public static byte[] identity(SimConfig config) {
        String model = config.deviceIdField("MDL", "Simulated");
        String description = config.deviceIdField("DES", "dot4j simulated printer");
        String id = IDENTITY_PREFIX + "MFG:EPSON;CMD:ESCPL2,BDC,D4,D4PX;MDL:" + model + ";CLS:PRINTER;DES:" + description + ";\r\n";
        return id.getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * The answer to a command the simulator does not implement: the two command letters and {@code :NA;}
     * ("not available"), so a host that matches answers by their first two bytes sees whose answer it is.
     */
    public static byte[] unsupported(String command) {
        return (command + ":NA;").getBytes(StandardCharsets.US_ASCII);
    }

    private static void field(ByteArrayOutputStream out, int type, byte[] value) {
        out.write(type);
        out.write(value.length);
        out.writeBytes(value);
    }
}
