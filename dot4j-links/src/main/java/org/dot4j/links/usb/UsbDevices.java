package org.dot4j.links.usb;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.dot4j.links.usb.UsbBus.Found;
import org.dot4j.links.usb.UsbDescriptors.ConfigurationDescriptor;
import org.dot4j.links.usb.UsbDescriptors.InterfaceSetting;

/**
 * Lists the printer-related USB devices (for {@code dot4 list}): devices with a printer-class interface
 * (class 7) or an HP vendor carrier triple (ff/ff/ff, ff/d4/00) in any alternate setting.
 *
 * <p>Reading is best effort and never changes the device: descriptors come from sysfs when possible (see
 * {@link UsbBus}); strings and the device id need an open handle. The device id is read with the carrier
 * interface claimed briefly, without detaching a kernel driver; when usblp holds it, the id comes from usblp's
 * sysfs {@code ieee1284_id} attribute instead. What could not be read is named in
 * {@link UsbDeviceInfo#problems()}.
 *
 * <p>Stateless and thread-safe; each call uses its own libusb context.
 */
public final class UsbDevices {

    private UsbDevices() {}

    /** The printer-related devices, with default options; empty on a machine without USB. */
    public static List<UsbDeviceInfo> list() throws IOException {
        return list(UsbOptions.defaults());
    }

    /** The printer-related devices; {@code options} decide the carrier shown (the Epson rule). */
    public static List<UsbDeviceInfo> list(UsbOptions options) throws IOException {
        List<UsbDeviceInfo> printers = new ArrayList<>();
        try (UsbBus bus = UsbBus.open()) {
            for (Found found : bus.devices()) {
                describe(bus, found, options).ifPresent(printers::add);
            }
        }
        return printers;
    }

    private static Optional<UsbDeviceInfo> describe(UsbBus bus, Found found, UsbOptions options) {
        List<String> problems = new ArrayList<>();
        Optional<MemorySegment> handle = open(bus, found, problems);
        try {
            ConfigurationDescriptor config = UsbDescriptors.parseConfiguration(
                    bus.rawConfiguration(found, handle, options.controlTimeoutMillis()));
            if (config.settings().stream().noneMatch(CarrierSelector::isPrinterRelated)) {
                return Optional.empty();
            }
            Optional<Carrier> carrier = CarrierSelector.select(found.descriptor().vendorId(), config, options);
            return Optional.of(new UsbDeviceInfo(found.portPath(), found.descriptor().vendorId(),
                    found.descriptor().productId(), string(bus, found, handle, found.descriptor().manufacturerIndex(), "manufacturer"),
                    string(bus, found, handle, found.descriptor().productIndex(), "product"),
                    string(bus, found, handle, found.descriptor().serialIndex(), "serial"),
                    config.settings().stream().map(UsbDevices::setting).toList(), carrier,
                    carrier.flatMap(c -> deviceId(bus, found, handle, c, options, problems)), problems));
        } catch (IOException | IllegalArgumentException e) {
            // A device whose descriptors cannot be read may still be a printer: show it with the reason.
            problems.add(e.getMessage());
            return Optional.of(new UsbDeviceInfo(found.portPath(), found.descriptor().vendorId(),
                    found.descriptor().productId(), "", "", "", List.of(), Optional.empty(), Optional.empty(), problems));
        } finally {
            handle.ifPresent(bus.usb::close);
        }
    }

    private static Optional<MemorySegment> open(UsbBus bus, Found found, List<String> problems) {
        try {
            return Optional.of(bus.usb.open(found.device()));
        } catch (IOException e) {
            problems.add("cannot open " + found.deviceNode() + ": " + e.getMessage());
            return Optional.empty();
        }
    }

    private static String setting(InterfaceSetting s) {
        return s.number() + "." + s.alternate() + " " + s.triple();
    }

    /** A string descriptor through the handle, else the kernel's sysfs copy, else "". */
    private static String string(UsbBus bus, Found found, Optional<MemorySegment> handle, int index, String attribute) {
        if (handle.isPresent()) {
            try {
                return bus.usb.stringDescriptor(handle.get(), index);
            } catch (IOException e) {
                // fall through to sysfs: some devices stall string requests while busy
            }
        }
        return UsbBus.sysfsAttribute(found.portPath(), attribute).orElse("");
    }

    private static Optional<DeviceId> deviceId(UsbBus bus, Found found, Optional<MemorySegment> handle,
            Carrier carrier, UsbOptions options, List<String> problems) {
        int iface = carrier.interfaceNumber();
        if (handle.isPresent()) {
            MemorySegment h = handle.get();
            try {
                bus.usb.claimInterface(h, iface);
                try {
                    byte[] answer = PrinterClassRequests.readDeviceId((type, request, value, index, buffer) -> {
                        try (Arena call = Arena.ofConfined()) {
                            MemorySegment data = call.allocate(buffer.length);
                            int n = bus.usb.controlTransfer(h, type, request, value, index, data, buffer.length,
                                    options.controlTimeoutMillis());
                            MemorySegment.copy(data, JAVA_BYTE, 0, buffer, 0, n);
                            return n;
                        }
                    }, 0, iface, carrier.altSetting());
                    return Optional.of(DeviceId.fromAnswer(answer, answer.length));
                } finally {
                    bus.usb.releaseInterface(h, iface);
                }
            } catch (IOException e) {
                problems.add("device id: " + e.getMessage());
            }
        }
        // usblp exposes the id it read at probe time on its interface (configuration 1 assumed, as printers have one).
        return UsbBus.sysfsAttribute(found.portPath() + ":1." + iface, "ieee1284_id").map(DeviceId::parse);
    }
}
