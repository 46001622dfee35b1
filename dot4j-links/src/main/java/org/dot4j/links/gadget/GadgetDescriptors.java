package org.dot4j.links.gadget;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * The two blobs a FunctionFS user writes to {@code ep0} before the gadget can be bound: the descriptors
 * (format v2) and the strings. Layouts from the kernel's {@code include/uapi/linux/usb/functionfs.h}
 * ({@code usb_functionfs_descs_head_v2}, {@code usb_functionfs_strings_head}); all numbers little-endian.
 *
 * <p>The function is one printer-class interface, class 7 / subclass 1 / protocol 3 ("IEEE 1284.4
 * compatible bidirectional", ieee1284_4.md §7.1), with a bulk OUT endpoint (FunctionFS file {@code ep1})
 * and a bulk IN endpoint ({@code ep2}), in that order: FunctionFS names endpoint files by descriptor order.
 */
public final class GadgetDescriptors {

    /** {@code FUNCTIONFS_DESCRIPTORS_MAGIC_V2}. */
    static final int DESCRIPTORS_MAGIC_V2 = 3;
    /** {@code FUNCTIONFS_STRINGS_MAGIC}. */
    static final int STRINGS_MAGIC = 2;
    /** {@code FUNCTIONFS_HAS_FS_DESC}: a full-speed descriptor list follows. */
    static final int HAS_FS_DESC = 1;
    /** {@code FUNCTIONFS_HAS_HS_DESC}: a high-speed descriptor list follows. */
    static final int HAS_HS_DESC = 2;
    /**
     * {@code FUNCTIONFS_ALL_CTRL_RECIP}: also forward class requests whose recipient is not our interface.
     * Needed because usblp and HPLIP send SOFT_RESET as bmRequestType 0x23 (recipient "other",
     * ieee1284_4.md §7.1), which FunctionFS would otherwise never show us.
     */
    static final int ALL_CTRL_RECIP = 64;

    /** USB language id for US English, the only string table we publish. */
    static final int LANG_EN_US = 0x0409;
    /** Bulk OUT endpoint address (host to device); the gadget stack may renumber it. */
    static final int BULK_OUT_ADDRESS = 0x01;
    /** Bulk IN endpoint address (device to host); the gadget stack may renumber it. */
    static final int BULK_IN_ADDRESS = 0x82;
    /** Max packet size of a full-speed bulk endpoint. */
    public static final int FULL_SPEED_MAX_PACKET = 64;
    /** Max packet size of a high-speed bulk endpoint. */
    public static final int HIGH_SPEED_MAX_PACKET = 512;

    private static final int INTERFACE_DESCRIPTOR_LENGTH = 9;
    private static final int ENDPOINT_DESCRIPTOR_LENGTH = 7;
    private static final int TYPE_INTERFACE = 4;
    private static final int TYPE_ENDPOINT = 5;
    private static final int CLASS_PRINTER = 7;
    private static final int SUBCLASS_PRINTER = 1;
    private static final int PROTOCOL_IEEE_1284_4 = 3;
    private static final int ATTRIBUTES_BULK = 2;
    /** Descriptors per speed: one interface and two endpoints. */
    private static final int DESCRIPTORS_PER_SPEED = 3;

    private GadgetDescriptors() {}

    /** The descriptor blob: v2 header, full-speed and high-speed lists of interface + bulk OUT + bulk IN. */
    public static byte[] descriptors() {
        ByteArrayOutputStream lists = new ByteArrayOutputStream();
        speedDescriptors(lists, FULL_SPEED_MAX_PACKET);
        speedDescriptors(lists, HIGH_SPEED_MAX_PACKET);
        int headerLength = 5 * Integer.BYTES; // magic, length, flags, fs_count, hs_count
        ByteBuffer blob = littleEndian(headerLength + lists.size());
        blob.putInt(DESCRIPTORS_MAGIC_V2)
                .putInt(blob.capacity())
                .putInt(HAS_FS_DESC | HAS_HS_DESC | ALL_CTRL_RECIP)
                .putInt(DESCRIPTORS_PER_SPEED)
                .putInt(DESCRIPTORS_PER_SPEED)
                .put(lists.toByteArray());
        return blob.array();
    }

    /** The strings blob: one US-English table with {@code interfaceName} as string 1 (the iInterface). */
    public static byte[] strings(String interfaceName) {
        byte[] name = interfaceName.getBytes(StandardCharsets.UTF_8);
        ByteBuffer blob = littleEndian(4 * Integer.BYTES + Short.BYTES + name.length + 1);
        blob.putInt(STRINGS_MAGIC)
                .putInt(blob.capacity())
                .putInt(1) // str_count
                .putInt(1) // lang_count
                .putShort((short) LANG_EN_US)
                .put(name)
                .put((byte) 0);
        return blob.array();
    }

    private static void speedDescriptors(ByteArrayOutputStream out, int maxPacket) {
        out.writeBytes(new byte[] {
            INTERFACE_DESCRIPTOR_LENGTH, TYPE_INTERFACE,
            0, // bInterfaceNumber: FunctionFS renumbers it within the configuration
            0, // bAlternateSetting
            2, // bNumEndpoints
            CLASS_PRINTER, SUBCLASS_PRINTER, PROTOCOL_IEEE_1284_4,
            1 // iInterface: string 1 of the strings blob
        });
        out.writeBytes(endpoint(BULK_OUT_ADDRESS, maxPacket));
        out.writeBytes(endpoint(BULK_IN_ADDRESS, maxPacket));
    }

    private static byte[] endpoint(int address, int maxPacket) {
        return new byte[] {
            ENDPOINT_DESCRIPTOR_LENGTH, TYPE_ENDPOINT, (byte) address, ATTRIBUTES_BULK,
            (byte) maxPacket, (byte) (maxPacket >>> 8), // wMaxPacketSize, little-endian
            0 // bInterval: ignored for bulk
        };
    }

    private static ByteBuffer littleEndian(int size) {
        return ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
    }
}
