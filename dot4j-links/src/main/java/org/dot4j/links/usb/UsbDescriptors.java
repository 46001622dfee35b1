package org.dot4j.links.usb;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Parses raw USB standard descriptors (device, configuration with its interfaces and endpoints) from the bytes
 * a device sends, so the carrier choice can be tested from real descriptor dumps without a bus.
 *
 * <p>The configuration parser walks the descriptor chain by {@code bLength}/{@code bDescriptorType}, skips
 * descriptors it does not know (class-specific, interface association, IPP, HID...), never reads past the
 * buffer or {@code wTotalLength}, and rejects malformed input with an {@link IllegalArgumentException} that
 * names the offset and the problem. An interface's endpoints are the endpoint descriptors that follow it, as
 * on the wire; a {@code bNumEndpoints} that disagrees is tolerated, as libusb and the kernel do.
 *
 * <p>Stateless and thread-safe.
 */
public final class UsbDescriptors {

    /** {@code bDescriptorType} of a device descriptor. */
    public static final int TYPE_DEVICE = 1;
    /** {@code bDescriptorType} of a configuration descriptor. */
    public static final int TYPE_CONFIGURATION = 2;
    /** {@code bDescriptorType} of an interface descriptor (one per alternate setting). */
    public static final int TYPE_INTERFACE = 4;
    /** {@code bDescriptorType} of an endpoint descriptor. */
    public static final int TYPE_ENDPOINT = 5;
    /** Length of a device descriptor. */
    public static final int DEVICE_LENGTH = 18;
    /** Length of a configuration descriptor header. */
    public static final int CONFIGURATION_LENGTH = 9;
    /** Minimum length of an interface descriptor. */
    public static final int INTERFACE_LENGTH = 9;
    /** Minimum length of an endpoint descriptor (audio endpoints have 9). */
    public static final int ENDPOINT_LENGTH = 7;

    private UsbDescriptors() {}

    /** The standard device descriptor. Version fields are BCD as on the wire (0x0200 is USB 2.0). */
    public record DeviceDescriptor(int usbVersionBcd, int deviceClass, int deviceSubClass, int deviceProtocol,
            int maxPacketSize0, int vendorId, int productId, int deviceVersionBcd, int manufacturerIndex,
            int productIndex, int serialIndex, int numConfigurations) {}

    /**
     * One configuration: its header fields and every interface alternate setting, in descriptor order.
     *
     * @param maxPowerUnits {@code bMaxPower} as sent (2 mA units on USB 2, 8 mA on USB 3)
     */
    public record ConfigurationDescriptor(int configurationValue, int numInterfaces, int attributes,
            int maxPowerUnits, List<InterfaceSetting> settings) {

        /** Checked copy. */
        public ConfigurationDescriptor {
            settings = List.copyOf(settings);
        }
    }

    /** One alternate setting of one interface (a standard interface descriptor and its endpoints). */
    public record InterfaceSetting(int number, int alternate, int interfaceClass, int interfaceSubClass,
            int interfaceProtocol, int stringIndex, List<Endpoint> endpoints) {

        /** Checked copy. */
        public InterfaceSetting {
            endpoints = List.copyOf(endpoints);
        }

        /** Class/subclass/protocol as two-digit hex, e.g. {@code 07/01/03}. */
        public String triple() {
            return String.format("%02x/%02x/%02x", interfaceClass, interfaceSubClass, interfaceProtocol);
        }

        /** Whether this setting has exactly this class/subclass/protocol. */
        public boolean is(int cls, int subClass, int protocol) {
            return interfaceClass == cls && interfaceSubClass == subClass && interfaceProtocol == protocol;
        }

        /** The first bulk OUT endpoint, in descriptor order. */
        public Optional<Endpoint> firstBulkOut() {
            return endpoints.stream().filter(e -> e.isBulk() && !e.isIn()).findFirst();
        }

        /** The first bulk IN endpoint, in descriptor order. */
        public Optional<Endpoint> firstBulkIn() {
            return endpoints.stream().filter(e -> e.isBulk() && e.isIn()).findFirst();
        }
    }

    /**
     * One endpoint.
     *
     * @param maxPacketSize the packet size bits of {@code wMaxPacketSize} (the high-bandwidth multiplier removed)
     */
    public record Endpoint(int address, int attributes, int maxPacketSize, int interval) {

        /** Direction bit of the address: device to host. */
        public boolean isIn() {
            return (address & 0x80) != 0;
        }

        /** Transfer type bits of the attributes: bulk. */
        public boolean isBulk() {
            return (attributes & 0x03) == 2;
        }
    }

    /** Parses an 18-byte device descriptor. */
    public static DeviceDescriptor parseDevice(byte[] raw) {
        if (raw.length < DEVICE_LENGTH) {
            throw new IllegalArgumentException("device descriptor too short: " + raw.length + " bytes, need 18");
        }
        if (u8(raw, 0) < DEVICE_LENGTH || u8(raw, 1) != TYPE_DEVICE) {
            throw new IllegalArgumentException(String.format(
                    "not a device descriptor: bLength %d bDescriptorType %d (want 18, 1)", u8(raw, 0), u8(raw, 1)));
        }
        return new DeviceDescriptor(u16(raw, 2), u8(raw, 4), u8(raw, 5), u8(raw, 6), u8(raw, 7), u16(raw, 8),
                u16(raw, 10), u16(raw, 12), u8(raw, 14), u8(raw, 15), u8(raw, 16), u8(raw, 17));
    }

    /** Parses a whole configuration (its {@code wTotalLength} bytes, as GET_DESCRIPTOR returns it). */
    public static ConfigurationDescriptor parseConfiguration(byte[] raw) {
        if (raw.length < CONFIGURATION_LENGTH) {
            throw new IllegalArgumentException("configuration descriptor too short: " + raw.length + " bytes, need 9");
        }
        if (u8(raw, 0) < CONFIGURATION_LENGTH || u8(raw, 1) != TYPE_CONFIGURATION) {
            throw new IllegalArgumentException(String.format(
                    "not a configuration descriptor: bLength %d bDescriptorType %d (want >= 9, 2)", u8(raw, 0), u8(raw, 1)));
        }
        int total = totalLength(raw);
        if (total < CONFIGURATION_LENGTH || total > raw.length) {
            throw new IllegalArgumentException("configuration descriptor truncated or inconsistent: wTotalLength "
                    + total + " but " + raw.length + " bytes available");
        }
        List<InterfaceSetting> settings = new ArrayList<>();
        SettingBuilder current = null;
        int offset = u8(raw, 0);
        while (offset < total) {
            if (total - offset < 2) {
                throw malformed(offset, "one stray byte after the last descriptor");
            }
            int length = u8(raw, offset);
            int type = u8(raw, offset + 1);
            if (length < 2) {
                throw malformed(offset, "bLength " + length + " is below 2 (would loop forever)");
            }
            if (offset + length > total) {
                throw malformed(offset, "descriptor type " + type + " of " + length + " bytes runs past wTotalLength " + total);
            }
            if (type == TYPE_INTERFACE) {
                if (length < INTERFACE_LENGTH) {
                    throw malformed(offset, "interface descriptor of " + length + " bytes, need 9");
                }
                if (current != null) {
                    settings.add(current.build());
                }
                current = new SettingBuilder(raw, offset);
            } else if (type == TYPE_ENDPOINT) {
                if (length < ENDPOINT_LENGTH) {
                    throw malformed(offset, "endpoint descriptor of " + length + " bytes, need 7");
                }
                if (current == null) {
                    throw malformed(offset, "endpoint descriptor before any interface descriptor");
                }
                current.endpoints.add(new Endpoint(u8(raw, offset + 2), u8(raw, offset + 3),
                        u16(raw, offset + 4) & 0x7ff, u8(raw, offset + 6)));
            }
            offset += length;
        }
        if (current != null) {
            settings.add(current.build());
        }
        return new ConfigurationDescriptor(u8(raw, 5), u8(raw, 4), u8(raw, 7), u8(raw, 8), settings);
    }

    /** {@code wTotalLength} of a configuration descriptor header (at least its first 4 bytes). */
    public static int totalLength(byte[] header) {
        return u16(header, 2);
    }

    private static IllegalArgumentException malformed(int offset, String problem) {
        return new IllegalArgumentException("malformed configuration descriptor at offset " + offset + ": " + problem);
    }

    private static int u8(byte[] b, int i) {
        return Byte.toUnsignedInt(b[i]);
    }

    private static int u16(byte[] b, int i) {
        return u8(b, i) | u8(b, i + 1) << 8;
    }

    /** Collects the endpoints that follow one interface descriptor. */
    private static final class SettingBuilder {
        private final byte[] raw;
        private final int offset;
        private final List<Endpoint> endpoints = new ArrayList<>();

        SettingBuilder(byte[] raw, int offset) {
            this.raw = raw;
            this.offset = offset;
        }

        InterfaceSetting build() {
            return new InterfaceSetting(u8(raw, offset + 2), u8(raw, offset + 3), u8(raw, offset + 5),
                    u8(raw, offset + 6), u8(raw, offset + 7), u8(raw, offset + 8), endpoints);
        }
    }
}
