package org.dot4j.links.usb;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.nio.ByteOrder;

/**
 * Hand-written FFM bindings to the system {@code libusb-1.0.so.0}: only the functions dot4j needs.
 *
 * <p>Written against libusb 1.0.26 (Debian 12), which has {@code libusb_init} but not yet
 * {@code libusb_init_context}. Pointers to libusb objects (context, device, handle) are passed around as
 * {@link MemorySegment} addresses; callers own them and must release them in libusb's order.
 *
 * <p>Threading: the bindings are stateless and may be called from any thread, as libusb allows.
 */
public final class LibUsb {

    /** Library soname looked up through the dynamic linker. */
    public static final String LIBRARY = "libusb-1.0.so.0";

    /** The transfer completed. */
    public static final int SUCCESS = 0;
    /** Input/output error. */
    public static final int ERROR_IO = -1;
    /** Access denied (insufficient permissions). */
    public static final int ERROR_ACCESS = -3;
    /** The device has been disconnected. */
    public static final int ERROR_NO_DEVICE = -4;
    /** Entity not found (for example no kernel driver to detach). */
    public static final int ERROR_NOT_FOUND = -5;
    /** Resource busy (for example an interface claimed elsewhere). */
    public static final int ERROR_BUSY = -6;
    /** The operation timed out; a bulk transfer may still have moved some bytes. */
    public static final int ERROR_TIMEOUT = -7;
    /** Pipe error: the endpoint stalled or the device rejected a control request. */
    public static final int ERROR_PIPE = -9;
    /** The operation is not supported on this platform (for example kernel-driver calls off Linux). */
    public static final int ERROR_NOT_SUPPORTED = -12;

    private static final Linker LINKER = Linker.nativeLinker();
    private static LibUsb instance;
    private static String loadFailure;

    private final MethodHandle getVersion;
    private final MethodHandle init;
    private final MethodHandle exit;
    private final MethodHandle getDeviceList;
    private final MethodHandle freeDeviceList;
    private final MethodHandle getDeviceDescriptor;
    private final MethodHandle getBusNumber;
    private final MethodHandle getDeviceAddress;
    private final MethodHandle getPortNumbers;
    private final MethodHandle open;
    private final MethodHandle close;
    private final MethodHandle getStringDescriptorAscii;
    private final MethodHandle kernelDriverActive;
    private final MethodHandle detachKernelDriver;
    private final MethodHandle attachKernelDriver;
    private final MethodHandle claimInterface;
    private final MethodHandle releaseInterface;
    private final MethodHandle setInterfaceAltSetting;
    private final MethodHandle controlTransfer;
    private final MethodHandle bulkTransfer;
    private final MethodHandle errorName;

    private LibUsb(SymbolLookup lib) {
        getVersion = bind(lib, "libusb_get_version", FunctionDescriptor.of(ADDRESS));
        init = bind(lib, "libusb_init", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        exit = bind(lib, "libusb_exit", FunctionDescriptor.ofVoid(ADDRESS));
        getDeviceList = bind(lib, "libusb_get_device_list", FunctionDescriptor.of(JAVA_LONG, ADDRESS, ADDRESS));
        freeDeviceList = bind(lib, "libusb_free_device_list", FunctionDescriptor.ofVoid(ADDRESS, JAVA_INT));
        getDeviceDescriptor = bind(lib, "libusb_get_device_descriptor", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
        getBusNumber = bind(lib, "libusb_get_bus_number", FunctionDescriptor.of(JAVA_BYTE, ADDRESS));
        getDeviceAddress = bind(lib, "libusb_get_device_address", FunctionDescriptor.of(JAVA_BYTE, ADDRESS));
        getPortNumbers = bind(lib, "libusb_get_port_numbers", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_INT));
        open = bind(lib, "libusb_open", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
        close = bind(lib, "libusb_close", FunctionDescriptor.ofVoid(ADDRESS));
        getStringDescriptorAscii = bind(lib, "libusb_get_string_descriptor_ascii",
                FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_BYTE, ADDRESS, JAVA_INT));
        kernelDriverActive = bind(lib, "libusb_kernel_driver_active", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
        detachKernelDriver = bind(lib, "libusb_detach_kernel_driver", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
        attachKernelDriver = bind(lib, "libusb_attach_kernel_driver", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
        claimInterface = bind(lib, "libusb_claim_interface", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
        releaseInterface = bind(lib, "libusb_release_interface", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
        setInterfaceAltSetting = bind(lib, "libusb_set_interface_alt_setting",
                FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT));
        controlTransfer = bind(lib, "libusb_control_transfer", FunctionDescriptor.of(JAVA_INT,
                ADDRESS, JAVA_BYTE, JAVA_BYTE, JAVA_SHORT, JAVA_SHORT, ADDRESS, JAVA_SHORT, JAVA_INT));
        bulkTransfer = bind(lib, "libusb_bulk_transfer",
                FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_BYTE, ADDRESS, JAVA_INT, ADDRESS, JAVA_INT));
        errorName = bind(lib, "libusb_error_name", FunctionDescriptor.of(ADDRESS, JAVA_INT));
    }

    /**
     * The bindings, loading the library on first use.
     *
     * @throws IOException when libusb-1.0 is not installed (the message says how to install it)
     */
    public static synchronized LibUsb load() throws IOException {
        if (instance == null && loadFailure == null) {
            try {
                // The global arena keeps the library mapped for the life of the JVM, like a JNI library.
                instance = new LibUsb(SymbolLookup.libraryLookup(LIBRARY, Arena.global()));
            } catch (IllegalArgumentException | IllegalStateException e) {
                loadFailure = "libusb-1.0 not found: install it (Debian: apt-get install libusb-1.0-0); " + e.getMessage();
            }
        }
        if (instance == null) {
            throw new IOException(loadFailure);
        }
        return instance;
    }

    private static MethodHandle bind(SymbolLookup lib, String name, FunctionDescriptor fd) {
        MemorySegment symbol = lib.find(name).orElseThrow(() -> new IllegalStateException(
                name + " missing from " + LIBRARY + "; libusb 1.0.26 or newer is needed"));
        return LINKER.downcallHandle(symbol, fd);
    }

    /** The library version as {@code major.minor.micro}, with the nano number after a space. */
    public String version() {
        MemorySegment v = ((MemorySegment) call(getVersion)).reinterpret(8);
        return Short.toUnsignedInt(v.get(JAVA_SHORT, 0)) + "." + Short.toUnsignedInt(v.get(JAVA_SHORT, 2)) + "."
                + Short.toUnsignedInt(v.get(JAVA_SHORT, 4)) + " " + Short.toUnsignedInt(v.get(JAVA_SHORT, 6));
    }

    /** {@code libusb_init}: a new context, freed with {@link #exit}. */
    public MemorySegment init() throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(ADDRESS);
            check((int) call(init, out), "libusb_init");
            return out.get(ADDRESS, 0);
        }
    }

    /** {@code libusb_exit}: frees a context; every handle opened in it must be closed first. */
    public void exit(MemorySegment ctx) {
        call(exit, ctx);
    }

    /**
     * {@code libusb_get_device_list}: the devices of a context. Pass the returned list to
     * {@link #freeDeviceList} after use.
     *
     * @return the list (a NULL-terminated array of device pointers), sized to its entries
     */
    public MemorySegment getDeviceList(MemorySegment ctx, Arena arena) throws IOException {
        MemorySegment out = arena.allocate(ADDRESS);
        long count = (long) call(getDeviceList, ctx, out);
        check((int) Math.min(count, 0), "libusb_get_device_list");
        return out.get(ADDRESS, 0).reinterpret(count * ADDRESS.byteSize());
    }

    /** {@code libusb_free_device_list}, unreferencing the devices (open handles keep their own reference). */
    public void freeDeviceList(MemorySegment list) {
        call(freeDeviceList, list, 1);
    }

    /**
     * {@code libusb_get_device_descriptor}, re-encoded into the 18 raw little-endian bytes of the standard
     * device descriptor so that {@link UsbDescriptors#parseDevice} is the one parser for both paths.
     */
    public byte[] deviceDescriptor(MemorySegment device) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            // struct libusb_device_descriptor has the wire layout with natural alignment, in host byte order.
            MemorySegment d = arena.allocate(UsbDescriptors.DEVICE_LENGTH, 2);
            check((int) call(getDeviceDescriptor, device, d), "libusb_get_device_descriptor");
            byte[] raw = d.toArray(JAVA_BYTE);
            if (ByteOrder.nativeOrder() == ByteOrder.BIG_ENDIAN) {
                for (int offset : new int[] {2, 8, 10, 12}) {
                    byte b = raw[offset];
                    raw[offset] = raw[offset + 1];
                    raw[offset + 1] = b;
                }
            }
            return raw;
        }
    }

    /** {@code libusb_get_bus_number}. */
    public int busNumber(MemorySegment device) {
        return Byte.toUnsignedInt((byte) call(getBusNumber, device));
    }

    /** {@code libusb_get_device_address}: the device number on its bus (as in /dev/bus/usb/BBB/DDD). */
    public int deviceAddress(MemorySegment device) {
        return Byte.toUnsignedInt((byte) call(getDeviceAddress, device));
    }

    /** {@code libusb_get_port_numbers}: the hub ports from the root hub down (USB 3 allows at most 7). */
    public int[] portNumbers(MemorySegment device) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment ports = arena.allocate(8);
            int n = check((int) call(getPortNumbers, device, ports, 8), "libusb_get_port_numbers");
            int[] result = new int[n];
            for (int i = 0; i < n; i++) {
                result[i] = Byte.toUnsignedInt(ports.get(JAVA_BYTE, i));
            }
            return result;
        }
    }

    /** {@code libusb_open}: a device handle, freed with {@link #close}. */
    public MemorySegment open(MemorySegment device) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(ADDRESS);
            check((int) call(open, device, out), "libusb_open");
            return out.get(ADDRESS, 0);
        }
    }

    /** {@code libusb_close}. */
    public void close(MemorySegment handle) {
        call(close, handle);
    }

    /** {@code libusb_get_string_descriptor_ascii}; index 0 means "no string" and gives "". */
    public String stringDescriptor(MemorySegment handle, int index) throws IOException {
        if (index == 0) {
            return "";
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment buf = arena.allocate(256);
            int n = check((int) call(getStringDescriptorAscii, handle, (byte) index, buf, 256),
                    "libusb_get_string_descriptor_ascii");
            return new String(buf.asSlice(0, n).toArray(JAVA_BYTE), java.nio.charset.StandardCharsets.ISO_8859_1).strip();
        }
    }

    /** {@code libusb_kernel_driver_active}: 1 when a kernel driver (such as usblp) is bound, 0 when not. */
    public int kernelDriverActive(MemorySegment handle, int iface) {
        return (int) call(kernelDriverActive, handle, iface);
    }

    /** {@code libusb_detach_kernel_driver}. */
    public void detachKernelDriver(MemorySegment handle, int iface) throws IOException {
        check((int) call(detachKernelDriver, handle, iface), "libusb_detach_kernel_driver(" + iface + ")");
    }

    /** {@code libusb_attach_kernel_driver}; returns the libusb result code (callers log, never throw, on close). */
    public int attachKernelDriver(MemorySegment handle, int iface) {
        return (int) call(attachKernelDriver, handle, iface);
    }

    /** {@code libusb_claim_interface}. */
    public void claimInterface(MemorySegment handle, int iface) throws IOException {
        check((int) call(claimInterface, handle, iface), "libusb_claim_interface(" + iface + ")");
    }

    /** {@code libusb_release_interface}; returns the libusb result code. */
    public int releaseInterface(MemorySegment handle, int iface) {
        return (int) call(releaseInterface, handle, iface);
    }

    /** {@code libusb_set_interface_alt_setting}. */
    public void setInterfaceAltSetting(MemorySegment handle, int iface, int alt) throws IOException {
        check((int) call(setInterfaceAltSetting, handle, iface, alt),
                "libusb_set_interface_alt_setting(" + iface + ", " + alt + ")");
    }

    /**
     * {@code libusb_control_transfer} on the default pipe. {@code data} must be native memory of at least
     * {@code length} bytes.
     *
     * @return the number of bytes transferred
     */
    public int controlTransfer(MemorySegment handle, int requestType, int request, int value, int index,
            MemorySegment data, int length, int timeoutMillis) throws IOException {
        int rc = (int) call(controlTransfer, handle, (byte) requestType, (byte) request, (short) value, (short) index,
                data, (short) length, timeoutMillis);
        return check(rc, String.format("control transfer %02x/%d value %d index %d", requestType, request, value, index));
    }

    /**
     * {@code libusb_bulk_transfer} without throwing: bulk loops need both the result code and the bytes moved,
     * because a timed-out transfer may still have moved some.
     *
     * @param transferred native int receiving the number of bytes moved
     * @return the libusb result code
     */
    public int bulkTransfer(MemorySegment handle, int endpoint, MemorySegment data, int length,
            MemorySegment transferred, int timeoutMillis) {
        return (int) call(bulkTransfer, handle, (byte) endpoint, data, length, transferred, timeoutMillis);
    }

    /** {@code libusb_error_name}, e.g. {@code LIBUSB_ERROR_NO_DEVICE}. */
    public String errorName(int code) {
        MemorySegment name = (MemorySegment) call(errorName, code);
        return name.reinterpret(64).getString(0);
    }

    /** Throws a {@link LibUsbException} for a negative result, naming the call; returns non-negative results. */
    int check(int rc, String what) throws LibUsbException {
        if (rc < 0) {
            throw new LibUsbException(rc, errorName(rc), what);
        }
        return rc;
    }

    private static Object call(MethodHandle handle, Object... args) {
        try {
            return handle.invokeWithArguments(args);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException("unexpected checked exception from a libusb downcall", t);
        }
    }
}
