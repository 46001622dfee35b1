package org.dot4j.links.usb;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Which USB device a {@link UsbLink} opens, written as a URI:
 * <ul>
 *   <li>{@code usb:VID:PID}, e.g. {@code usb:03f0:0917}: the first device with these ids (4 hex digits each);</li>
 *   <li>{@code usb:VID:PID:SERIAL}, e.g. {@code usb:03f0:0917:00SGM3BC09TP}: that one, by serial number string;</li>
 *   <li>{@code usb:BUS-PORTPATH}, e.g. {@code usb:1-1.4.2}: the device on that bus behind those hub ports,
 *       as Linux names it in /sys/bus/usb/devices;</li>
 *   <li>{@code usb:auto}: the first device that has a 1284.4 carrier.</li>
 * </ul>
 * Immutable.
 */
public sealed interface UsbAddress {

    /** The accepted forms, for error messages. */
    String FORMS = "usb:VID:PID, usb:VID:PID:SERIAL, usb:BUS-PORTPATH (e.g. usb:1-1.4.2) or usb:auto,"
            + " with VID and PID as 4 hex digits";

    /** A device by vendor and product id, and optionally its serial number string. */
    record Ids(int vendorId, int productId, Optional<String> serial) implements UsbAddress {
        /** Checks the ids fit 16 bits and a serial, when given, is not blank. */
        public Ids {
            if (vendorId < 0 || vendorId > 0xffff || productId < 0 || productId > 0xffff) {
                throw new IllegalArgumentException("USB ids are 16 bits: " + vendorId + ", " + productId);
            }
            if (serial.isPresent() && serial.get().isBlank()) {
                throw new IllegalArgumentException("empty serial number; accepted forms: " + FORMS);
            }
        }

        @Override
        public String uri() {
            return String.format("usb:%04x:%04x", vendorId, productId) + serial.map(s -> ":" + s).orElse("");
        }
    }

    /** A device by bus number and hub port path. */
    record Port(int bus, List<Integer> ports) implements UsbAddress {
        /** Checked copy. */
        public Port {
            ports = List.copyOf(ports);
            if (bus < 1 || bus > 255 || ports.isEmpty() || ports.size() > 7
                    || ports.stream().anyMatch(p -> p < 1 || p > 255)) {
                throw new IllegalArgumentException("bad USB port path " + bus + "-" + ports + "; accepted forms: " + FORMS);
            }
        }

        /** Whether a device at this bus and port path is the one meant. */
        public boolean matches(int deviceBus, int[] devicePorts) {
            return bus == deviceBus && Arrays.equals(ports.stream().mapToInt(Integer::intValue).toArray(), devicePorts);
        }

        @Override
        public String uri() {
            return "usb:" + bus + "-" + ports.stream().map(String::valueOf).collect(Collectors.joining("."));
        }
    }

    /** The first device with a 1284.4 carrier. */
    record Auto() implements UsbAddress {
        @Override
        public String uri() {
            return "usb:auto";
        }
    }

    /** The URI form of this address; {@link #parse} of it gives an equal address. */
    String uri();

    /**
     * Parses a {@code usb:} URI.
     *
     * @throws IllegalArgumentException naming the input and the accepted forms
     */
    static UsbAddress parse(String uri) {
        if (!uri.startsWith("usb:")) {
            throw bad(uri, "it does not start with usb:");
        }
        String rest = uri.substring(4);
        if (rest.equals("auto")) {
            return new Auto();
        }
        Matcher ids = Pattern.compile("([0-9a-fA-F]{4}):([0-9a-fA-F]{4})(?::(.*))?").matcher(rest);
        if (ids.matches()) {
            String serial = ids.group(3);
            if (serial != null && serial.isBlank()) {
                throw bad(uri, "the serial number is empty");
            }
            return new Ids(Integer.parseInt(ids.group(1), 16), Integer.parseInt(ids.group(2), 16),
                    Optional.ofNullable(serial));
        }
        Matcher port = Pattern.compile("(\\d{1,3})-(\\d{1,3}(?:\\.\\d{1,3}){0,6})").matcher(rest);
        if (port.matches()) {
            int bus = Integer.parseInt(port.group(1));
            List<Integer> path = Arrays.stream(port.group(2).split("\\.")).map(Integer::valueOf).toList();
            if (bus < 1 || bus > 255 || path.stream().anyMatch(p -> p < 1 || p > 255)) {
                throw bad(uri, "bus and port numbers run from 1 to 255");
            }
            return new Port(bus, path);
        }
        throw bad(uri, "it matches none of them");
    }

    private static IllegalArgumentException bad(String uri, String why) {
        return new IllegalArgumentException("bad USB address '" + uri + "': " + why + "; accepted forms: " + FORMS);
    }
}
