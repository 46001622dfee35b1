package org.dot4j.links.gadget;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Settings of a FunctionFS peripheral, parsed from the query of a {@code usb-gadget:} URI, e.g.
 * {@code usb-gadget:/dev/ffs-dot4?device-id=MFG:dot4j;MDL:Simulated%20MFP;&read-size=512}.
 * Query values are percent-decoded ({@code +} means a space).
 *
 * @param deviceId IEEE 1284 device id answered to GET_DEVICE_ID (query key {@code device-id})
 * @param interfaceName the interface string (iInterface) the host sees (key {@code interface-name})
 * @param readSize the most bytes one read of the bulk OUT endpoint asks for (key {@code read-size}); a
 *     multiple of the max packet size, so a read request completes after whole packets. The default,
 *     512, is one high-speed packet: a bigger request would wait for a short packet the host may never
 *     send. Use 64 on a full-speed-only controller.
 */
public record GadgetOptions(String deviceId, String interfaceName, int readSize) {

    /** URI scheme of this link kind. */
    public static final String SCHEME = "usb-gadget";
    /** Device id used when none is configured. */
    public static final String DEFAULT_DEVICE_ID = "MFG:dot4j;MDL:Simulated MFP;CMD:D4,MLC,PCL;CLS:PRINTER;";
    /** Interface string used when none is configured. */
    public static final String DEFAULT_INTERFACE_NAME = "dot4j IEEE 1284.4";
    /** Default bulk OUT read size: one high-speed packet. */
    public static final int DEFAULT_READ_SIZE = GadgetDescriptors.HIGH_SPEED_MAX_PACKET;

    /** Checks the values are usable. */
    public GadgetOptions {
        new PrinterClassRequests(deviceId); // validates the id (ASCII, fits the length prefix)
        if (interfaceName.isEmpty() || interfaceName.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("interface-name must be non-empty and contain no NUL");
        }
        if (readSize <= 0 || readSize % GadgetDescriptors.FULL_SPEED_MAX_PACKET != 0) {
            throw new IllegalArgumentException("read-size " + readSize + " must be a positive multiple of "
                    + GadgetDescriptors.FULL_SPEED_MAX_PACKET + " (the full-speed max packet size)");
        }
    }

    /** The query keys of a {@code usb-gadget:} URI. */
    public static final List<String> KEYS = List.of("device-id", "interface-name", "read-size");

    /** All defaults. */
    public static GadgetOptions defaults() {
        return new GadgetOptions(DEFAULT_DEVICE_ID, DEFAULT_INTERFACE_NAME, DEFAULT_READ_SIZE);
    }

    /** A copy with another device id. */
    public GadgetOptions withDeviceId(String id) {
        return new GadgetOptions(id, interfaceName, readSize);
    }

    /**
     * Parses the query of a {@code usb-gadget:} URI; absent keys keep their defaults.
     *
     * @throws IllegalArgumentException on another scheme, an unknown key or a bad value
     */
    public static GadgetOptions fromUri(URI uri) {
        if (!SCHEME.equals(uri.getScheme())) {
            throw new IllegalArgumentException("not a " + SCHEME + ": URI: " + uri);
        }
        String deviceId = DEFAULT_DEVICE_ID;
        String interfaceName = DEFAULT_INTERFACE_NAME;
        int readSize = DEFAULT_READ_SIZE;
        String query = uri.getRawQuery();
        if (query != null && !query.isEmpty()) {
            for (String pair : query.split("&")) {
                int eq = pair.indexOf('=');
                String key = eq < 0 ? pair : pair.substring(0, eq);
                String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                switch (key) {
                    case "device-id" -> deviceId = value;
                    case "interface-name" -> interfaceName = value;
                    case "read-size" -> readSize = parseSize(value);
                    default -> throw new IllegalArgumentException("unknown option '" + key + "' in " + uri
                            + "; known: " + String.join(", ", KEYS));
                }
            }
        }
        return new GadgetOptions(deviceId, interfaceName, readSize);
    }

    private static int parseSize(String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("read-size '" + value + "' is not a number", e);
        }
    }
}
