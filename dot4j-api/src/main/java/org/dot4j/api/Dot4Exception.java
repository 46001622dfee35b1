package org.dot4j.api;

import java.io.IOException;
import java.util.Objects;

/**
 * A DOT4 request failed with a non-success {@link NtStatus}: the Java form of an IOCTL completing with
 * {@code Irp->IoStatus.Status} other than a success code (d4drvif.md §1.4, §5).
 *
 * <p>The message starts with the status, e.g. {@code "STATUS_IO_TIMEOUT (0xC00000B5): read on channel 3 did
 * not complete within 500 ms; ..."}, so logs show the code a Windows caller would have seen. The static
 * factories build the exceptions the driver raises, each naming the culprit values and, where there is one,
 * the remedy.
 */
public class Dot4Exception extends IOException {

    /** Version of the serialised form. */
    private static final long serialVersionUID = 1L;

    private final NtStatus status;

    /**
     * Creates an exception for a failed request.
     *
     * @param status the warning or error status the request completed with
     * @param message what went wrong, naming the values involved
     * @throws IllegalArgumentException if {@code status} is a success code (a request that succeeded is no failure)
     */
    public Dot4Exception(NtStatus status, String message) {
        this(status, message, null);
    }

    /**
     * Creates an exception for a failed request caused by another failure.
     *
     * @param status the warning or error status the request completed with
     * @param message what went wrong, naming the values involved
     * @param cause the underlying failure, or {@code null}
     * @throws IllegalArgumentException if {@code status} is a success code
     */
    public Dot4Exception(NtStatus status, String message, Throwable cause) {
        super(checkedStatus(status).describe() + ": " + Objects.requireNonNull(message, "message"), cause);
        this.status = status;
    }

    private static NtStatus checkedStatus(NtStatus status) {
        Objects.requireNonNull(status, "status");
        if (status.isSuccess()) {
            throw new IllegalArgumentException(status.describe() + " is a success code, not a failure; "
                    + "complete the request normally instead of throwing");
        }
        return status;
    }

    /** The NTSTATUS the request failed with. */
    public NtStatus status() {
        return status;
    }

    /** An argument or structure field is invalid ({@link NtStatus#STATUS_INVALID_PARAMETER}); {@code what} names it and its value. */
    public static Dot4Exception invalidParameter(String what) {
        return new Dot4Exception(NtStatus.STATUS_INVALID_PARAMETER, what);
    }

    /** The channel handle is not open ({@link NtStatus#STATUS_INVALID_HANDLE}). */
    public static Dot4Exception invalidHandle(long handle) {
        return new Dot4Exception(NtStatus.STATUS_INVALID_HANDLE, String.format(
                "channel handle %d (0x%08X) is not open; use a handle returned by OPEN_CHANNEL or "
                        + "WAIT_FOR_CHANNEL that has not been closed yet", handle, handle));
    }

    /** The link to the device is down ({@link NtStatus#STATUS_DEVICE_NOT_CONNECTED}); {@code link} describes it. */
    public static Dot4Exception deviceNotConnected(String link, Throwable cause) {
        return new Dot4Exception(NtStatus.STATUS_DEVICE_NOT_CONNECTED, "the link " + link
                + " is down; check that the printer is connected and switched on, then open the device again", cause);
    }

    /** The operation did not finish in time ({@link NtStatus#STATUS_IO_TIMEOUT}). */
    public static Dot4Exception timeout(String operation, long millis) {
        return new Dot4Exception(NtStatus.STATUS_IO_TIMEOUT, operation + " did not complete within " + millis
                + " ms; retry with a longer timeout, or INFINITE (0xFFFFFFFF) to wait without limit");
    }

    /** The operation was cancelled ({@link NtStatus#STATUS_CANCELLED}), e.g. its channel was closed under it. */
    public static Dot4Exception cancelled(String operation) {
        return new Dot4Exception(NtStatus.STATUS_CANCELLED, operation
                + " was cancelled because the request was cancelled or its channel or device was closed");
    }

    /** The peripheral broke IEEE 1284.4 ({@link NtStatus#STATUS_DEVICE_PROTOCOL_ERROR}); {@code detail} says how. */
    public static Dot4Exception protocolError(String detail) {
        return new Dot4Exception(NtStatus.STATUS_DEVICE_PROTOCOL_ERROR, "the peripheral violated IEEE 1284.4: "
                + detail + "; the 1284.4 session must be reset (close and reopen the device)");
    }

    /** A resource ran out ({@link NtStatus#STATUS_INSUFFICIENT_RESOURCES}); {@code what} names it and the limit. */
    public static Dot4Exception insufficientResources(String what) {
        return new Dot4Exception(NtStatus.STATUS_INSUFFICIENT_RESOURCES, "out of " + what
                + "; close channels or destroy sockets that are no longer needed and retry");
    }

    /** The peripheral does not offer the service ({@link NtStatus#STATUS_NOT_FOUND}). */
    public static Dot4Exception notFound(String serviceName) {
        return new Dot4Exception(NtStatus.STATUS_NOT_FOUND, "the peripheral does not offer service \""
                + serviceName + "\" (GetSocketID failed); check the name, e.g. \"PRINT\", or give a socket id");
    }

    /**
     * A buffer cannot hold a structure ({@link NtStatus#STATUS_BUFFER_TOO_SMALL}).
     *
     * @param structName the C name of the structure, e.g. {@code DOT4_DC_OPEN_DATA}
     * @param required the structure's size in bytes
     * @param actual the bytes the buffer has
     */
    public static Dot4Exception bufferTooSmall(String structName, int required, int actual) {
        return new Dot4Exception(NtStatus.STATUS_BUFFER_TOO_SMALL, structName + " needs " + required
                + " bytes but the buffer has " + actual + "; pass a buffer of at least " + required + " bytes");
    }
}
