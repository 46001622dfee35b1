package org.dot4j.links.usb;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * Test-side converter from one device's {@code lsusb -v} text back to the raw descriptor bytes the device
 * sent: the 18-byte device descriptor and the whole configuration (header, interfaces, endpoints in listing
 * order). Fields are written in descriptor order, so a listing converts to what libusb or sysfs would give.
 *
 * <p>Only the four standard descriptor kinds are converted; other sections ("Device Status:", class-specific
 * descriptors) are skipped. Lines starting with '#' are comments.
 */
record LsusbListing(byte[] device, byte[] configuration) {

    /** Field names and sizes of each descriptor kind, in wire order ("MaxPower" is bMaxPower in 2 mA units). */
    private static final Map<String, List<Map.Entry<String, Integer>>> LAYOUTS = Map.of(
            "Device Descriptor:", List.of(Map.entry("bLength", 1), Map.entry("bDescriptorType", 1),
                    Map.entry("bcdUSB", 2), Map.entry("bDeviceClass", 1), Map.entry("bDeviceSubClass", 1),
                    Map.entry("bDeviceProtocol", 1), Map.entry("bMaxPacketSize0", 1), Map.entry("idVendor", 2),
                    Map.entry("idProduct", 2), Map.entry("bcdDevice", 2), Map.entry("iManufacturer", 1),
                    Map.entry("iProduct", 1), Map.entry("iSerial", 1), Map.entry("bNumConfigurations", 1)),
            "Configuration Descriptor:", List.of(Map.entry("bLength", 1), Map.entry("bDescriptorType", 1),
                    Map.entry("wTotalLength", 2), Map.entry("bNumInterfaces", 1), Map.entry("bConfigurationValue", 1),
                    Map.entry("iConfiguration", 1), Map.entry("bmAttributes", 1), Map.entry("MaxPower", 1)),
            "Interface Descriptor:", List.of(Map.entry("bLength", 1), Map.entry("bDescriptorType", 1),
                    Map.entry("bInterfaceNumber", 1), Map.entry("bAlternateSetting", 1), Map.entry("bNumEndpoints", 1),
                    Map.entry("bInterfaceClass", 1), Map.entry("bInterfaceSubClass", 1),
                    Map.entry("bInterfaceProtocol", 1), Map.entry("iInterface", 1)),
            "Endpoint Descriptor:", List.of(Map.entry("bLength", 1), Map.entry("bDescriptorType", 1),
                    Map.entry("bEndpointAddress", 1), Map.entry("bmAttributes", 1), Map.entry("wMaxPacketSize", 2),
                    Map.entry("bInterval", 1)));

    /** Converts a listing stored under src/test/resources/usb. */
    static LsusbListing load(String resource) throws IOException {
        try (InputStream in = LsusbListing.class.getResourceAsStream("/usb/" + resource)) {
            if (in == null) {
                throw new IOException("missing test resource /usb/" + resource);
            }
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    /** Converts listing text. */
    static LsusbListing parse(String text) {
        ByteArrayOutputStream device = new ByteArrayOutputStream();
        ByteArrayOutputStream config = new ByteArrayOutputStream();
        List<Map.Entry<String, Integer>> layout = null;
        Map<String, String> values = new java.util.HashMap<>();
        ByteArrayOutputStream target = null;
        for (String line : (text + "\nEnd:").lines().toList()) {
            String trimmed = line.strip();
            if (trimmed.startsWith("#") || trimmed.isEmpty()) {
                continue;
            }
            // Section headers: "Interface Descriptor:" and the like, or unindented lines ("Bus ...", "Device Status:").
            if (trimmed.endsWith(":") || !line.startsWith(" ")) {
                if (layout != null) {
                    write(target, layout, values);
                }
                layout = LAYOUTS.get(trimmed);
                values.clear();
                target = "Device Descriptor:".equals(trimmed) ? device : config;
                continue;
            }
            String[] words = trimmed.split("\\s+");
            if (layout != null && words.length >= 2) {
                values.putIfAbsent(words[0], words[1]);
            }
        }
        return new LsusbListing(device.toByteArray(), config.toByteArray());
    }

    private static void write(ByteArrayOutputStream out, List<Map.Entry<String, Integer>> layout,
            Map<String, String> values) {
        for (Map.Entry<String, Integer> field : layout) {
            String value = values.get(field.getKey());
            if (value == null) {
                throw new IllegalArgumentException("listing lacks " + field.getKey());
            }
            int v = number(field.getKey(), value);
            out.write(v & 0xff);
            if (field.getValue() == 2) {
                out.write(v >> 8 & 0xff);
            }
        }
    }

    /** "0x03f0" hex, "1.10" BCD (0x0110), "2mA" (bMaxPower units of 2 mA), else decimal. */
    private static int number(String field, String value) {
        if (value.startsWith("0x")) {
            return Integer.parseInt(value.substring(2), 16);
        }
        if (field.startsWith("bcd")) {
            String[] parts = value.split("\\.");
            return Integer.parseInt(parts[0], 16) << 8 | Integer.parseInt(parts[1], 16);
        }
        if (value.endsWith("mA")) {
            return Integer.parseInt(value.substring(0, value.length() - 2)) / 2;
        }
        return Integer.parseInt(value);
    }
}
