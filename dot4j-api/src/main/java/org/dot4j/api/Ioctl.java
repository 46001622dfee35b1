package org.dot4j.api;

import java.util.Arrays;
import java.util.Optional;

/**
 * The ten device-control codes of d4drvif.h (d4drvif.md §1), each with its function number, transfer method
 * and the resulting {@code CTL_CODE}. All use {@link #FILE_DEVICE_DOT4} and {@link #FILE_ANY_ACCESS}.
 *
 * <p>The transfer method decides which {@code DeviceIoControl} buffer carries data (§1.3): with
 * {@link #METHOD_IN_DIRECT} (only {@link #WRITE}) the bytes to send travel in the <em>output</em> buffer.
 * Immutable and thread-safe.
 */
public enum Ioctl {
    /** {@code IOCTL_DOT4_OPEN_CHANNEL}: opens a channel on a host socket ({@link OpenChannelData}). */
    OPEN_CHANNEL(0, Ioctl.METHOD_OUT_DIRECT),
    /** {@code IOCTL_DOT4_CLOSE_CHANNEL}: closes a channel given its handle. */
    CLOSE_CHANNEL(1, Ioctl.METHOD_BUFFERED),
    /** {@code IOCTL_DOT4_READ}: reads from a channel ({@link DriverCommand}; data in the output buffer). */
    READ(2, Ioctl.METHOD_OUT_DIRECT),
    /** {@code IOCTL_DOT4_WRITE}: writes to a channel ({@link DriverCommand}; data in the output buffer). */
    WRITE(3, Ioctl.METHOD_IN_DIRECT),
    /** {@code IOCTL_DOT4_ADD_ACTIVITY_BROADCAST}: subscribes to a channel's activity. */
    ADD_ACTIVITY_BROADCAST(4, Ioctl.METHOD_BUFFERED),
    /** {@code IOCTL_DOT4_REMOVE_ACTIVITY_BROADCAST}: unsubscribes from a channel's activity. */
    REMOVE_ACTIVITY_BROADCAST(5, Ioctl.METHOD_BUFFERED),
    /** {@code IOCTL_DOT4_WAIT_ACTIVITY_BROADCAST}: waits for the next {@link Activity}. */
    WAIT_ACTIVITY_BROADCAST(6, Ioctl.METHOD_OUT_DIRECT),
    /** {@code IOCTL_DOT4_CREATE_SOCKET}: creates a host socket ({@link CreateSocketData}). */
    CREATE_SOCKET(7, Ioctl.METHOD_OUT_DIRECT),
    /** {@code IOCTL_DOT4_WAIT_FOR_CHANNEL}: waits for the peripheral to open a channel on a host socket. */
    WAIT_FOR_CHANNEL(8, Ioctl.METHOD_OUT_DIRECT),
    /** {@code IOCTL_DOT4_DESTROY_SOCKET}: destroys a host socket ({@link DestroySocketData}). */
    DESTROY_SOCKET(9, Ioctl.METHOD_OUT_DIRECT);

    /** {@code FILE_DEVICE_DOT4}: the device type of every DOT4 code (shared with {@code FILE_DEVICE_FIPS}). */
    public static final int FILE_DEVICE_DOT4 = 0x3A;
    /** {@code IOCTL_DOT4_USER_BASE}: the function number of the first DOT4 code (a function, not a code). */
    public static final int IOCTL_DOT4_USER_BASE = 2049;
    /** {@code IOCTL_DOT4_LAST}: the function number of the last DOT4 code, {@code USER_BASE + 9}. */
    public static final int IOCTL_DOT4_LAST = IOCTL_DOT4_USER_BASE + 9;
    /** One system buffer serves as input and output. */
    public static final int METHOD_BUFFERED = 0;
    /** Input copied; output buffer locked and <em>read</em> by the driver (data goes to the device). */
    public static final int METHOD_IN_DIRECT = 1;
    /** Input copied; output buffer locked and <em>written</em> by the driver. */
    public static final int METHOD_OUT_DIRECT = 2;
    /** Buffers passed as raw user addresses. */
    public static final int METHOD_NEITHER = 3;
    /** No access check by the I/O manager. */
    public static final int FILE_ANY_ACCESS = 0;

    private final int function;
    private final int method;
    private final int code;

    Ioctl(int offsetFromBase, int method) {
        this.function = IOCTL_DOT4_USER_BASE + offsetFromBase;
        this.method = method;
        this.code = ctlCode(FILE_DEVICE_DOT4, function, method, FILE_ANY_ACCESS);
    }

    /** The function number, from {@link #IOCTL_DOT4_USER_BASE} to {@link #IOCTL_DOT4_LAST}. */
    public int function() {
        return function;
    }

    /** The transfer method, one of the {@code METHOD_*} constants. */
    public int method() {
        return method;
    }

    /** The device-control code passed to {@code DeviceIoControl}, e.g. 0x003A2006 for {@link #OPEN_CHANNEL}. */
    public int code() {
        return code;
    }

    /** The name in d4drvif.h, e.g. {@code "IOCTL_DOT4_OPEN_CHANNEL"}. */
    public String headerName() {
        return "IOCTL_DOT4_" + name();
    }

    /**
     * The Windows {@code CTL_CODE} macro: {@code (deviceType << 16) | (access << 14) | (function << 2) | method}.
     *
     * @param deviceType 0..0xFFFF
     * @param function 0..0xFFF
     * @param method 0..3
     * @param access 0..3
     * @throws IllegalArgumentException if a part does not fit its bit field (it would corrupt its neighbours)
     */
    public static int ctlCode(int deviceType, int function, int method, int access) {
        requireBits("deviceType", deviceType, 16);
        requireBits("function", function, 12);
        requireBits("method", method, 2);
        requireBits("access", access, 2);
        return (deviceType << 16) | (access << 14) | (function << 2) | method;
    }

    private static void requireBits(String part, int value, int bits) {
        if (value < 0 || value >= (1 << bits)) {
            throw new IllegalArgumentException("CTL_CODE " + part + " " + value + " does not fit in " + bits
                    + " bits (0.." + ((1 << bits) - 1) + ")");
        }
    }

    /** The DOT4 IOCTL with this device-control code, or empty for any other code. */
    public static Optional<Ioctl> fromCode(int code) {
        return Arrays.stream(values()).filter(ioctl -> ioctl.code == code).findFirst();
    }
}
