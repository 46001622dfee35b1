package org.dot4j.links.usb;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import org.dot4j.driver.ByteLink;
import org.dot4j.links.usb.UsbBus.Found;
import org.dot4j.links.usb.UsbDescriptors.ConfigurationDescriptor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A 1284.4 byte stream over the bulk pipe pair of a USB printer's carrier interface, through libusb.
 *
 * <p>{@link #open} finds the device, opens it, detaches a bound kernel driver (usblp; re-attached on close),
 * claims the carrier interface, selects its alternate setting and, for a 07/01/02 carrier on HP devices, sends
 * the "ECP channel 77" vendor request (78, then 0, on close). See {@link CarrierSelector} for the choice.
 *
 * <p>Reads and writes run as bulk transfers in slices of {@link UsbOptions#transferTimeoutMillis()}; between
 * slices each checks the closed flag, so {@link #close()} unblocks them promptly and no transfer is left
 * running when the handle is closed. A read returns what one bulk IN transfer brought (the engine splits and
 * joins 1284.4 packets itself; devices may put several packets in one transfer); zero-length transfers are
 * skipped. USB has no end of stream: a read never returns -1; an unplugged device fails with "device unplugged".
 *
 * <p>Threading: one reader and one writer at a time; control requests ({@link #deviceId()}, {@link #portStatus()},
 * {@link #softReset()}) may come from any thread; {@link #close()} from any thread.
 */
public final class UsbLink implements ByteLink {

    /** Bulk IN buffer target size: 16 KiB, rounded to a multiple of the endpoint's max packet size. */
    public static final int READ_BUFFER_TARGET = 16 * 1024;
    /** Largest slice of a write handed to one bulk OUT transfer. */
    static final int WRITE_CHUNK = 64 * 1024;

    private static final Logger log = LoggerFactory.getLogger(UsbLink.class);

    private final UsbBus bus;
    private final MemorySegment handle;
    private final Found found;
    private final Carrier carrier;
    private final UsbOptions options;
    private final Arena arena = Arena.ofShared();
    private final MemorySegment inBuffer;
    private final MemorySegment outBuffer;
    private final MemorySegment inCount;
    private final MemorySegment outCount;
    private final ByteBuffer pending;
    private final ReentrantLock readLock = new ReentrantLock();
    private final ReentrantLock writeLock = new ReentrantLock();
    private final AtomicBoolean closed = new AtomicBoolean();
    private boolean detachedKernelDriver;
    private boolean claimed;
    private boolean switchedEcp;

    UsbLink(UsbBus bus, MemorySegment handle, Found found, Carrier carrier, UsbOptions options) {
        this.bus = bus;
        this.handle = handle;
        this.found = found;
        this.carrier = carrier;
        this.options = options;
        this.inBuffer = arena.allocate(readBufferSize(carrier.inMaxPacket()));
        this.outBuffer = arena.allocate(WRITE_CHUNK);
        this.inCount = arena.allocate(JAVA_INT);
        this.outCount = arena.allocate(JAVA_INT);
        this.pending = inBuffer.asByteBuffer().limit(0);
    }

    /**
     * Opens the device {@code address} names and prepares its carrier.
     *
     * @throws IOException when libusb is missing, no device matches (the message lists what was found), the
     *     device has no 1284.4 carrier, or it cannot be opened or claimed (with a hint at permissions)
     */
    public static UsbLink open(UsbAddress address, UsbOptions options) throws IOException {
        return UsbLinkOpener.open(address, options);
    }

    /** Detach, claim, select the alternate setting, ECP switch; undone on failure (the caller frees the handle). */
    void prepare(ConfigurationDescriptor config) throws IOException {
        LibUsb usb = bus.usb;
        int iface = carrier.interfaceNumber();
        try {
            if (usb.kernelDriverActive(handle, iface) == 1) {
                usb.detachKernelDriver(handle, iface);
                detachedKernelDriver = true;
            }
            usb.claimInterface(handle, iface);
            claimed = true;
            // HPLIP selects only non-zero settings; usblp always selects when there are several. Doing it when
            // either holds also resets an interface a previous program left in another setting.
            long settings = config.settings().stream().filter(s -> s.number() == iface).count();
            if (carrier.altSetting() != 0 || settings > 1) {
                usb.setInterfaceAltSetting(handle, iface, carrier.altSetting());
            }
            if (carrier.needsEcpSwitch()) {
                ecpChannel(PrinterClassRequests.ECP_CHANNEL_1284_4);
                switchedEcp = true;
            }
        } catch (IOException | RuntimeException e) {
            closed.set(true);
            releaseInterface();
            arena.close();
            throw e;
        }
    }

    /** The bulk IN buffer size: {@link #READ_BUFFER_TARGET} rounded up to a multiple of {@code maxPacket}. */
    static int readBufferSize(int maxPacket) {
        int packet = Math.max(maxPacket, 1);
        return (READ_BUFFER_TARGET + packet - 1) / packet * packet;
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        if (!dst.hasRemaining()) {
            return 0;
        }
        readLock.lock();
        try {
            while (true) {
                ensureOpen();
                if (pending.hasRemaining()) {
                    int n = Math.min(pending.remaining(), dst.remaining());
                    dst.put(pending.slice(pending.position(), n));
                    pending.position(pending.position() + n);
                    return n;
                }
                int rc = bus.usb.bulkTransfer(handle, carrier.bulkIn(), inBuffer, (int) inBuffer.byteSize(), inCount,
                        options.transferTimeoutMillis());
                int got = inCount.get(JAVA_INT, 0);
                if (got > 0) {
                    pending.limit(got).position(0); // delivered above; an error with data recurs on the next call
                } else if (rc != LibUsb.SUCCESS && rc != LibUsb.ERROR_TIMEOUT) {
                    throw failure(rc, "bulk IN 0x" + Integer.toHexString(carrier.bulkIn()));
                }
            }
        } finally {
            readLock.unlock();
        }
    }

    /** Bulk IN transfers of {@code quiet} each, their bytes dropped, until one brings nothing (or {@code limit}). */
    @Override
    public long dropStale(Duration quiet, Duration limit) throws IOException {
        readLock.lock();
        try {
            long dropped = 0;
            int slice = (int) Math.clamp(quiet.toMillis(), 1, Integer.MAX_VALUE);
            long deadline = System.nanoTime() + limit.toNanos();
            while (System.nanoTime() < deadline) {
                ensureOpen();
                int rc = bus.usb.bulkTransfer(handle, carrier.bulkIn(), inBuffer, (int) inBuffer.byteSize(), inCount, slice);
                int got = inCount.get(JAVA_INT, 0);
                dropped += got;
                if (got == 0 && rc == LibUsb.ERROR_TIMEOUT) {
                    break;
                } else if (got == 0 && rc != LibUsb.SUCCESS) {
                    throw failure(rc, "bulk IN 0x" + Integer.toHexString(carrier.bulkIn()));
                }
            }
            return dropped;
        } finally {
            readLock.unlock();
        }
    }

    @Override
    public void write(ByteBuffer src) throws IOException {
        writeLock.lock();
        try {
            while (src.hasRemaining()) {
                ensureOpen();
                int n = Math.min(src.remaining(), WRITE_CHUNK);
                MemorySegment.copy(MemorySegment.ofBuffer(src), 0, outBuffer, 0, n);
                int rc = bus.usb.bulkTransfer(handle, carrier.bulkOut(), outBuffer, n, outCount,
                        options.transferTimeoutMillis());
                // A timed-out slice may still have moved bytes: account for them before deciding anything.
                src.position(src.position() + outCount.get(JAVA_INT, 0));
                if (rc != LibUsb.SUCCESS && rc != LibUsb.ERROR_TIMEOUT) {
                    throw failure(rc, "bulk OUT 0x" + Integer.toHexString(carrier.bulkOut()));
                }
            }
        } finally {
            writeLock.unlock();
        }
    }

    /** The raw GET_DEVICE_ID answer (length prefix included), trying both {@code wIndex} conventions. */
    public byte[] deviceIdBytes() throws IOException {
        ensureOpen();
        return PrinterClassRequests.readDeviceId(this::controlIn, 0, carrier.interfaceNumber(), carrier.altSetting());
    }

    /** The device's IEEE 1284 device id. */
    public DeviceId deviceId() throws IOException {
        byte[] answer = deviceIdBytes();
        return DeviceId.fromAnswer(answer, answer.length);
    }

    /**
     * The printer-class GET_PORT_STATUS byte. Bits as usblp reads them: {@code 0x20} paper empty, {@code 0x10}
     * selected, {@code 0x08} not error.
     */
    public int portStatus() throws IOException {
        ensureOpen();
        byte[] status = new byte[1];
        int n = controlIn(PrinterClassRequests.CLASS_IN_INTERFACE, PrinterClassRequests.GET_PORT_STATUS, 0,
                carrier.interfaceNumber(), status);
        if (n != 1) {
            throw new IOException("GET_PORT_STATUS returned " + n + " bytes, expected 1, from " + describe());
        }
        return Byte.toUnsignedInt(status[0]);
    }

    /**
     * Sends the printer-class SOFT_RESET (bmRequestType 0x23, bRequest 2, no data), which flushes the device's
     * buffers and resets its printer interface. Never sent implicitly: it ends any 1284.4 session in progress.
     */
    public void softReset() throws IOException {
        ensureOpen();
        bus.usb.controlTransfer(handle, PrinterClassRequests.CLASS_OUT_OTHER, PrinterClassRequests.SOFT_RESET, 0,
                carrier.interfaceNumber(), MemorySegment.NULL, 0, options.controlTimeoutMillis());
    }

    /** The carrier this link runs on. */
    public Carrier carrier() {
        return carrier;
    }

    @Override
    public String describe() {
        return String.format("usb:%04x:%04x at %s %s", found.descriptor().vendorId(), found.descriptor().productId(),
                found.portPath(), carrier);
    }

    /**
     * Stops reads and writes (each notices within one transfer slice), leaves ECP channel 77 if it was entered,
     * releases the interface, re-attaches the kernel driver it detached, and frees the device. Idempotent.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        readLock.lock();
        writeLock.lock();
        try {
            releaseInterface();
            bus.usb.close(handle);
            bus.close();
            arena.close();
        } finally {
            writeLock.unlock();
            readLock.unlock();
        }
    }

    /** Undoes {@link #prepare}: ECP channel back, interface released, kernel driver re-attached. */
    private void releaseInterface() {
        if (switchedEcp) {
            leaveEcpChannel();
        }
        if (claimed) {
            warnIfFailed(bus.usb.releaseInterface(handle, carrier.interfaceNumber()), "release interface");
        }
        if (detachedKernelDriver) {
            warnIfFailed(bus.usb.attachKernelDriver(handle, carrier.interfaceNumber()), "re-attach kernel driver");
        }
    }

    private void leaveEcpChannel() {
        for (int channel : new int[] {PrinterClassRequests.ECP_CHANNEL_LEAVE, PrinterClassRequests.ECP_CHANNEL_PRINT}) {
            try {
                ecpChannel(channel);
            } catch (IOException e) {
                log.warn("{}: leaving ECP channel 77 with channel {} failed: {}", describe(), channel, e.getMessage());
            }
        }
    }

    private void ecpChannel(int channel) throws IOException {
        controlIn(PrinterClassRequests.VENDOR_IN_INTERFACE, PrinterClassRequests.HP_ECP_CHANNEL_CHANGE, channel,
                carrier.interfaceNumber(), new byte[1]);
    }

    private int controlIn(int requestType, int request, int value, int index, byte[] buffer) throws IOException {
        try (Arena call = Arena.ofConfined()) {
            MemorySegment data = call.allocate(buffer.length);
            int n = bus.usb.controlTransfer(handle, requestType, request, value, index, data, buffer.length,
                    options.controlTimeoutMillis());
            MemorySegment.copy(data, JAVA_BYTE, 0, buffer, 0, n);
            return n;
        } catch (LibUsbException e) {
            throw e.code() == LibUsb.ERROR_NO_DEVICE ? unplugged(e) : e;
        }
    }

    private void warnIfFailed(int rc, String what) {
        if (rc < 0 && rc != LibUsb.ERROR_NO_DEVICE) {
            log.warn("{}: {} failed: {}", describe(), what, bus.usb.errorName(rc));
        }
    }

    private void ensureOpen() throws IOException {
        if (closed.get()) {
            throw new IOException("USB link closed: " + describe());
        }
    }

    private IOException failure(int rc, String what) {
        LibUsbException e = new LibUsbException(rc, bus.usb.errorName(rc), what + " on " + describe());
        return rc == LibUsb.ERROR_NO_DEVICE ? unplugged(e) : e;
    }

    private IOException unplugged(LibUsbException cause) {
        return new IOException("device unplugged: " + describe(), cause);
    }
}
