package org.dot4j.links.usb;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.dot4j.links.usb.UsbDescriptors.DeviceDescriptor;

/**
 * One libusb context and its device list: enumeration, and reading a device's raw configuration descriptor.
 *
 * <p><b>Where configuration descriptors come from.</b> On Linux the kernel keeps every device's raw
 * descriptors in {@code /sys/bus/usb/devices/BUS-PORTS/descriptors} (the device descriptor, then each
 * configuration as the device sent it), readable without access to {@code /dev/bus/usb}; that file is read
 * first, so {@code dot4 list} works for unprivileged users. Elsewhere, or when it is unreadable, a standard
 * GET_DESCRIPTOR request on an opened handle fetches configuration index 0 (first its 9-byte header for
 * {@code wTotalLength}, then the whole). Both give configuration index 0, which is also the {@code wValue} of
 * GET_DEVICE_ID: printers have one configuration.
 *
 * <p>Not thread-safe: one thread enumerates and opens; a link may later close it from another thread.
 */
final class UsbBus implements AutoCloseable {

    private static final Path SYSFS_DEVICES = Path.of("/sys/bus/usb/devices");

    /** A device of the list, with where it sits and what it is. */
    record Found(MemorySegment device, int bus, int address, int[] ports, DeviceDescriptor descriptor) {

        /** Linux's name for the position, e.g. {@code 1-1.4.2}; the {@code usb:} port address form. */
        String portPath() {
            return bus + "-" + Arrays.stream(ports).mapToObj(String::valueOf).collect(Collectors.joining("."));
        }

        /** The device node whose permissions decide whether it can be opened. */
        String deviceNode() {
            return String.format("/dev/bus/usb/%03d/%03d", bus, address);
        }

        /** {@code usb:vvvv:pppp at 1-1.4}, for messages. */
        String summary() {
            return String.format("usb:%04x:%04x at %s", descriptor.vendorId(), descriptor.productId(), portPath());
        }
    }

    final LibUsb usb;
    private final MemorySegment ctx;
    private MemorySegment list;

    private UsbBus(LibUsb usb, MemorySegment ctx) {
        this.usb = usb;
        this.ctx = ctx;
    }

    /** A new libusb context. */
    static UsbBus open() throws IOException {
        LibUsb usb = LibUsb.load();
        return new UsbBus(usb, usb.init());
    }

    /**
     * The devices libusb sees. Their pointers stay valid until {@link #releaseList()} or {@link #close()};
     * a handle opened from one keeps its own reference.
     */
    List<Found> devices() throws IOException {
        releaseList();
        try (Arena arena = Arena.ofConfined()) {
            list = usb.getDeviceList(ctx, arena);
        }
        List<Found> found = new ArrayList<>();
        for (long i = 0; i < list.byteSize() / ADDRESS.byteSize(); i++) {
            MemorySegment device = list.getAtIndex(ADDRESS, i);
            found.add(new Found(device, usb.busNumber(device), usb.deviceAddress(device), usb.portNumbers(device),
                    UsbDescriptors.parseDevice(usb.deviceDescriptor(device))));
        }
        return found;
    }

    /** Frees the device list (devices with open handles stay alive). */
    void releaseList() {
        if (list != null) {
            usb.freeDeviceList(list);
            list = null;
        }
    }

    /**
     * The raw configuration descriptor (index 0): from sysfs when readable, else through {@code handle}.
     *
     * @param handle an open handle, or {@link Optional#empty()} when the device could not be opened
     * @throws IOException when neither source gives it
     */
    byte[] rawConfiguration(Found found, Optional<MemorySegment> handle, int timeoutMillis) throws IOException {
        Optional<byte[]> fromSysfs = sysfsConfiguration(found.portPath());
        if (fromSysfs.isPresent()) {
            return fromSysfs.get();
        }
        if (handle.isEmpty()) {
            throw new IOException("cannot read the descriptors of " + found.summary() + ": no access to "
                    + found.deviceNode() + " and no readable sysfs descriptors file; run as root or add a udev rule");
        }
        byte[] header = getConfiguration(handle.get(), UsbDescriptors.CONFIGURATION_LENGTH, timeoutMillis);
        return getConfiguration(handle.get(), UsbDescriptors.totalLength(header), timeoutMillis);
    }

    private byte[] getConfiguration(MemorySegment handle, int length, int timeoutMillis) throws IOException {
        try (Arena call = Arena.ofConfined()) {
            MemorySegment buf = call.allocate(Math.max(length, 1));
            int n = usb.controlTransfer(handle, PrinterClassRequests.STANDARD_IN_DEVICE,
                    PrinterClassRequests.GET_DESCRIPTOR, UsbDescriptors.TYPE_CONFIGURATION << 8, 0, buf, length,
                    timeoutMillis);
            return buf.asSlice(0, n).toArray(JAVA_BYTE);
        }
    }

    /** The first configuration from the sysfs {@code descriptors} file, when there is a readable one. */
    static Optional<byte[]> sysfsConfiguration(String portPath) {
        Path file = SYSFS_DEVICES.resolve(portPath).resolve("descriptors");
        try {
            byte[] all = Files.readAllBytes(file);
            int start = UsbDescriptors.DEVICE_LENGTH;
            if (all.length < start + UsbDescriptors.CONFIGURATION_LENGTH) {
                return Optional.empty();
            }
            int total = UsbDescriptors.totalLength(Arrays.copyOfRange(all, start, start + 4));
            return Optional.of(Arrays.copyOfRange(all, start, Math.min(all.length, start + total)));
        } catch (IOException | SecurityException e) {
            return Optional.empty();
        }
    }

    /** A sysfs attribute of the device or of one of its interfaces ({@code 1-1.4:1.0}), stripped, if readable. */
    static Optional<String> sysfsAttribute(String node, String attribute) {
        try {
            return Optional.of(Files.readString(SYSFS_DEVICES.resolve(node).resolve(attribute),
                    StandardCharsets.ISO_8859_1).strip());
        } catch (IOException | SecurityException e) {
            return Optional.empty();
        }
    }

    @Override
    public void close() {
        releaseList();
        usb.exit(ctx);
    }
}
