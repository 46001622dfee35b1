package org.dot4j.links.usb;

/**
 * The interface alternate setting chosen to carry the 1284.4 byte stream, with its bulk pipe pair.
 *
 * @param interfaceNumber {@code bInterfaceNumber}
 * @param altSetting {@code bAlternateSetting}
 * @param kind which triple matched, and how the carrier is entered
 * @param bulkOut address of the first bulk OUT endpoint of that alternate setting
 * @param bulkIn address of the first bulk IN endpoint of that alternate setting
 * @param outMaxPacket {@code wMaxPacketSize} of {@code bulkOut}
 * @param inMaxPacket {@code wMaxPacketSize} of {@code bulkIn}
 */
public record Carrier(int interfaceNumber, int altSetting, Kind kind, int bulkOut, int bulkIn, int outMaxPacket,
        int inMaxPacket) {

    /** The carrier kinds, in the order hosts try them (ieee1284_4.md §7.1; Epson: §7.3). */
    public enum Kind {
        /** 07/01/03, the printer class "IEEE 1284.4 compatible bidirectional" protocol: packets directly. */
        CLASS_1284_4(0x07, 0x01, 0x03, false),
        /** ff/ff/ff, an HP vendor-class "dot4" interface: packets directly. */
        HP_VENDOR_DOT4(0xff, 0xff, 0xff, false),
        /** ff/d4/00, the other HP vendor-class "dot4" interface: packets directly. */
        HP_VENDOR_D4(0xff, 0xd4, 0x00, false),
        /** 07/01/02 entered with HP's vendor "ECP channel 77" request and left with 78 then 0. */
        BIDI_ECP_SWITCH(0x07, 0x01, 0x02, true),
        /** 07/01/02 on an Epson device: 1284.4 runs in-band (entered by the EJL packet), no control request. */
        EPSON_INBAND(0x07, 0x01, 0x02, false);

        private final int interfaceClass;
        private final int interfaceSubClass;
        private final int interfaceProtocol;
        private final boolean ecpSwitch;

        Kind(int interfaceClass, int interfaceSubClass, int interfaceProtocol, boolean ecpSwitch) {
            this.interfaceClass = interfaceClass;
            this.interfaceSubClass = interfaceSubClass;
            this.interfaceProtocol = interfaceProtocol;
            this.ecpSwitch = ecpSwitch;
        }

        /** Whether an alternate setting has this kind's class/subclass/protocol. */
        public boolean matches(UsbDescriptors.InterfaceSetting setting) {
            return setting.is(interfaceClass, interfaceSubClass, interfaceProtocol);
        }

        /** The class/subclass/protocol, e.g. {@code 07/01/03}. */
        public String triple() {
            return String.format("%02x/%02x/%02x", interfaceClass, interfaceSubClass, interfaceProtocol);
        }
    }

    /** Whether HP's ECP channel switch (77 on open; 78, then 0 on close) is needed. */
    public boolean needsEcpSwitch() {
        return kind.ecpSwitch;
    }

    /** For listings: {@code if 0 alt 1 07/01/03 out 0x01 in 0x81}. */
    @Override
    public String toString() {
        return String.format("if %d alt %d %s%s out 0x%02x/%d in 0x%02x/%d", interfaceNumber, altSetting,
                kind.triple(), needsEcpSwitch() ? " +ecp77" : kind == Kind.EPSON_INBAND ? " epson-inband" : "",
                bulkOut, outMaxPacket, bulkIn, inMaxPacket);
    }
}
