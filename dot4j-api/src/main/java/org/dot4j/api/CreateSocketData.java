package org.dot4j.api;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * {@code DOT4_DC_CREATE_DATA}, the 56-byte input and output of {@link Ioctl#CREATE_SOCKET} (d4drvif.md §2.2,
 * §3.2). The caller names the peripheral's service either by socket id or by service name; the driver returns
 * the host socket id in {@link #hostSocketId()}.
 *
 * <pre>
 * offset size field
 *      0    1 bPsid                peripheral socket id, used when the service name is empty
 *      1   41 pServiceName         NUL-terminated ASCII, at most 40 characters
 *     42    1 bType                {@link ChannelType}
 *     43    1 (padding)
 *     44    4 ulBufferSize         per-channel read buffer
 *     48    2 usMaxHtoPPacketSize  requested max host-to-peripheral packet size
 *     50    2 usMaxPtoHPacketSize  requested max peripheral-to-host packet size
 *     52    1 bHsid                host socket id, returned by the driver
 *     53    3 (padding)
 * </pre>
 *
 * @param peripheralSocketId {@code bPsid}, 0..255; dot4j ignores it when {@code serviceName} is not empty
 *                           (the precedence is undocumented, §3.2)
 * @param serviceName {@code pServiceName}: 0..{@value Dot4Constants#MAX_SERVICE_LENGTH} ASCII characters without
 *                    NUL, e.g. {@code "PRINT"}; empty means "use {@code peripheralSocketId}"
 * @param type {@code bType}, the type of every channel on the socket
 * @param bufferSize {@code ulBufferSize}, an unsigned 32-bit byte count
 * @param maxHostToPeripheralPacketSize {@code usMaxHtoPPacketSize}, 0..65535
 * @param maxPeripheralToHostPacketSize {@code usMaxPtoHPacketSize}, 0..65535
 * @param hostSocketId {@code bHsid}, 0..255; 0 in a request, filled in by the driver's reply
 */
public record CreateSocketData(int peripheralSocketId, String serviceName, ChannelType type, long bufferSize,
                               int maxHostToPeripheralPacketSize, int maxPeripheralToHostPacketSize,
                               int hostSocketId) implements Dot4Struct {

    /** Size of the structure in bytes. */
    public static final int SIZE = 56;

    private static final String NAME = "DOT4_DC_CREATE_DATA";
    private static final int PSID = 0;
    private static final int SERVICE_NAME = 1;
    private static final int SERVICE_NAME_FIELD = Dot4Constants.MAX_SERVICE_LENGTH + 1;
    private static final int TYPE = 42;
    private static final int BUFFER_SIZE = 44;
    private static final int MAX_HTOP = 48;
    private static final int MAX_PTOH = 50;
    private static final int HSID = 52;
    private static final int LAST_ASCII = 0x7F;

    /**
     * Checks every field against its C type.
     *
     * @throws IllegalArgumentException naming the field and value that do not fit
     */
    public CreateSocketData {
        StructIo.requireUchar("peripheralSocketId", peripheralSocketId);
        Objects.requireNonNull(serviceName, "serviceName");
        requireServiceName(serviceName);
        Objects.requireNonNull(type, "type");
        StructIo.requireUlong("bufferSize", bufferSize);
        StructIo.requireUshort("maxHostToPeripheralPacketSize", maxHostToPeripheralPacketSize);
        StructIo.requireUshort("maxPeripheralToHostPacketSize", maxPeripheralToHostPacketSize);
        StructIo.requireUchar("hostSocketId", hostSocketId);
    }

    private static void requireServiceName(String serviceName) {
        if (serviceName.length() > Dot4Constants.MAX_SERVICE_LENGTH) {
            throw new IllegalArgumentException("serviceName \"" + serviceName + "\" has " + serviceName.length()
                    + " characters; at most " + Dot4Constants.MAX_SERVICE_LENGTH + " fit");
        }
        for (int i = 0; i < serviceName.length(); i++) {
            char c = serviceName.charAt(i);
            // NUL would end the C string early; anything above 0x7F is not ASCII.
            if (c == 0 || c > LAST_ASCII) {
                throw new IllegalArgumentException(String.format(
                        "serviceName \"%s\" has character U+%04X at index %d; only ASCII without NUL is allowed",
                        serviceName, (int) c, i));
            }
        }
    }

    /** A request naming the peripheral's service, e.g. {@code "PRINT"}; the host socket id is left 0. */
    public static CreateSocketData forService(String serviceName, ChannelType type, long bufferSize,
                                              int maxHostToPeripheralPacketSize, int maxPeripheralToHostPacketSize) {
        if (serviceName == null || serviceName.isEmpty()) {
            throw new IllegalArgumentException("serviceName must not be empty; use forSocket to give a socket id");
        }
        return new CreateSocketData(0, serviceName, type, bufferSize, maxHostToPeripheralPacketSize,
                maxPeripheralToHostPacketSize, 0);
    }

    /** A request naming the peripheral's socket id, e.g. {@link WellKnownSocket#PRINTER_CHANNEL}'s 2. */
    public static CreateSocketData forSocket(int peripheralSocketId, ChannelType type, long bufferSize,
                                             int maxHostToPeripheralPacketSize, int maxPeripheralToHostPacketSize) {
        return new CreateSocketData(peripheralSocketId, "", type, bufferSize, maxHostToPeripheralPacketSize,
                maxPeripheralToHostPacketSize, 0);
    }

    /** Whether the service is named by {@link #serviceName()} rather than {@link #peripheralSocketId()}. */
    public boolean usesServiceName() {
        return !serviceName.isEmpty();
    }

    /** This structure with {@code bHsid} set, as the driver returns it. */
    public CreateSocketData withHostSocketId(int hostSocketId) {
        return new CreateSocketData(peripheralSocketId, serviceName, type, bufferSize,
                maxHostToPeripheralPacketSize, maxPeripheralToHostPacketSize, hostSocketId);
    }

    @Override
    public int encodedSize() {
        return SIZE;
    }

    @Override
    public byte[] encode() {
        ByteBuffer out = StructIo.allocate(SIZE);
        out.put(PSID, (byte) peripheralSocketId);
        // The rest of the 41-byte field stays zero, which also writes the terminating NUL.
        out.put(SERVICE_NAME, serviceName.getBytes(StandardCharsets.US_ASCII));
        out.put(TYPE, (byte) type.value());
        out.putInt(BUFFER_SIZE, (int) bufferSize);
        out.putShort(MAX_HTOP, (short) maxHostToPeripheralPacketSize);
        out.putShort(MAX_PTOH, (short) maxPeripheralToHostPacketSize);
        out.put(HSID, (byte) hostSocketId);
        return out.array();
    }

    @Override
    public void encode(ByteBuffer dst) throws Dot4Exception {
        StructIo.put(dst, encode(), NAME);
    }

    /**
     * Reads the structure at the position of {@code src} and advances it by {@link #SIZE}.
     *
     * @throws Dot4Exception STATUS_BUFFER_TOO_SMALL if fewer than {@link #SIZE} bytes remain;
     *                       STATUS_INVALID_PARAMETER for an unterminated or non-ASCII service name or a bad bType
     */
    public static CreateSocketData decode(ByteBuffer src) throws Dot4Exception {
        ByteBuffer in = StructIo.claim(src, SIZE, NAME);
        return new CreateSocketData(StructIo.uchar(in, PSID), decodeServiceName(in),
                ChannelType.fromValue(StructIo.uchar(in, TYPE)), StructIo.ulong(in, BUFFER_SIZE),
                StructIo.ushort(in, MAX_HTOP), StructIo.ushort(in, MAX_PTOH), StructIo.uchar(in, HSID));
    }

    /** Reads the structure from the start of {@code src}; see {@link #decode(ByteBuffer)}. */
    public static CreateSocketData decode(byte[] src) throws Dot4Exception {
        return decode(ByteBuffer.wrap(src));
    }

    private static String decodeServiceName(ByteBuffer in) throws Dot4Exception {
        StringBuilder name = new StringBuilder();
        for (int offset = SERVICE_NAME; offset < SERVICE_NAME + SERVICE_NAME_FIELD; offset++) {
            int b = StructIo.uchar(in, offset);
            if (b == 0) {
                return name.toString();   // bytes after the NUL are garbage a C caller may leave; ignore them
            }
            if (b > LAST_ASCII) {
                throw Dot4Exception.invalidParameter(String.format(
                        "%s.pServiceName byte 0x%02X at offset %d is not ASCII; service names are ASCII",
                        NAME, b, offset));
            }
            name.append((char) b);
        }
        throw Dot4Exception.invalidParameter(NAME + ".pServiceName \"" + name + "\" is not NUL-terminated within its "
                + SERVICE_NAME_FIELD + " bytes; names are at most " + Dot4Constants.MAX_SERVICE_LENGTH
                + " characters followed by a NUL");
    }
}
