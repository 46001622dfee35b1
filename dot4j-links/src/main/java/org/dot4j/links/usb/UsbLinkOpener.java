package org.dot4j.links.usb;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.dot4j.links.usb.UsbBus.Found;
import org.dot4j.links.usb.UsbDescriptors.ConfigurationDescriptor;

/**
 * Finds the device a {@link UsbAddress} names among those libusb sees and opens it as a {@link UsbLink}: by ids and
 * serial, by port, or (usb:auto) the first with a 1284.4 carrier; when none fits, the error lists what was seen and
 * why each candidate was passed over.
 */
final class UsbLinkOpener {

    private UsbLinkOpener() {}

    /** See {@link UsbLink#open}. */
    static UsbLink open(UsbAddress address, UsbOptions options) throws IOException {
        UsbBus bus = UsbBus.open();
        try {
            List<Found> devices = bus.devices();
            List<String> skipped = new ArrayList<>();
            for (Found found : devices) {
                if (!matchesIds(address, found)) {
                    continue;
                }
                Optional<UsbLink> link = tryOpen(bus, found, address, options, skipped);
                if (link.isPresent()) {
                    bus.releaseList();
                    return link.get();
                }
            }
            throw new IOException(noMatch(address, devices, skipped));
        } catch (IOException | RuntimeException e) {
            bus.close();
            throw e;
        }
    }

    private static boolean matchesIds(UsbAddress address, Found found) {
        return switch (address) {
            case UsbAddress.Ids ids -> ids.vendorId() == found.descriptor().vendorId()
                    && ids.productId() == found.descriptor().productId();
            case UsbAddress.Port port -> port.matches(found.bus(), found.ports());
            case UsbAddress.Auto auto -> true;
        };
    }

    /** Opens one candidate; empty (with the reason in {@code skipped}) when it is not the one, for usb:auto. */
    private static Optional<UsbLink> tryOpen(UsbBus bus, Found found, UsbAddress address, UsbOptions options,
            List<String> skipped) throws IOException {
        boolean specific = !(address instanceof UsbAddress.Auto);
        MemorySegment handle;
        try {
            handle = bus.usb.open(found.device());
        } catch (LibUsbException e) {
            String why = "cannot open " + found.summary() + " (" + found.deviceNode() + "): " + e.getMessage();
            if (specific) {
                throw new IOException(why, e);
            }
            skipped.add(why);
            return Optional.empty();
        }
        try {
            if (address instanceof UsbAddress.Ids(var _, var _, var serial) && serial.isPresent()) {
                String actual = bus.usb.stringDescriptor(handle, found.descriptor().serialIndex());
                if (!serial.get().equals(actual)) {
                    skipped.add(found.summary() + " has serial '" + actual + "'");
                    bus.usb.close(handle);
                    return Optional.empty();
                }
            }
            ConfigurationDescriptor config = UsbDescriptors.parseConfiguration(
                    bus.rawConfiguration(found, Optional.of(handle), options.controlTimeoutMillis()));
            Optional<Carrier> carrier = CarrierSelector.select(found.descriptor().vendorId(), config, options);
            if (carrier.isEmpty()) {
                String why = found.summary() + " has no 1284.4 carrier (interfaces: " + config.settings().stream()
                        .map(s -> s.number() + "." + s.alternate() + " " + s.triple()).toList() + ")";
                if (specific) {
                    throw new IOException(why);
                }
                skipped.add(why);
                bus.usb.close(handle);
                return Optional.empty();
            }
            UsbLink link = new UsbLink(bus, handle, found, carrier.get(), options);
            link.prepare(config);
            return Optional.of(link);
        } catch (IOException | RuntimeException e) {
            bus.usb.close(handle);
            throw e;
        }
    }

    private static String noMatch(UsbAddress address, List<Found> devices, List<String> skipped) {
        String seen = devices.isEmpty()
                ? "libusb sees no USB devices at all (is /dev/bus/usb present and readable by you?)"
                : "found " + devices.stream().map(Found::summary).toList();
        String why = skipped.isEmpty() ? "" : "; " + String.join("; ", skipped);
        return "no USB device matching " + address.uri() + ": " + seen + why
                + "; if the printer is plugged in, check the permissions on /dev/bus/usb (run as root or add a udev rule)";
    }
}
