package org.dot4j.api;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The NTSTATUS codes a DOT4 driver plausibly completes its IOCTLs with (d4drvif.md §5), each with its raw
 * 32-bit value, the Win32 error a {@code DeviceIoControl} caller would see through {@code GetLastError}, and a
 * one-line meaning for DOT4.
 *
 * <p>Microsoft documents no specific status for any DOT4 IOCTL, so which code dot4j uses where is a dot4j
 * decision (the "plausible DOT4 use" column of §5). Values come from mingw-w64 {@code ntstatus.h}; the Win32
 * mapping of {@link #STATUS_DEVICE_REMOVED} (1617) is unverified.
 *
 * <p>Severity follows the two top bits of the value: {@code 00}/{@code 01} success/informational,
 * {@code 10} warning, {@code 11} error. {@link #STATUS_TIMEOUT} and {@link #STATUS_PENDING} are therefore
 * <em>success</em> codes, and {@link #STATUS_BUFFER_OVERFLOW} is a warning that still carries data (§5
 * fidelity notes). Immutable and thread-safe.
 */
public enum NtStatus {
    /** Any successful IOCTL. */
    STATUS_SUCCESS(0x00000000, 0, "the operation completed successfully"),
    /** Success severity: a read, write or wait ran out of time, possibly after a partial transfer. */
    STATUS_TIMEOUT(0x00000102, 1460, "the wait timed out; a partial count may have been transferred"),
    /** Success severity: an overlapped read, write or wait is still in progress. */
    STATUS_PENDING(0x00000103, 997, "the operation is still in progress"),
    /** Warning: a packet-channel message was larger than the read buffer; the first part was returned. */
    STATUS_BUFFER_OVERFLOW(0x80000005, 234, "the message was larger than the buffer; partial data returned"),
    /** Warning: the socket or channel is already in use. */
    STATUS_DEVICE_BUSY(0x80000011, 170, "the socket or channel is already in use"),
    /** Generic failure, for example a 1284.4 reply with a non-zero result. */
    STATUS_UNSUCCESSFUL(0xC0000001, 31, "the operation failed (e.g. a 1284.4 reply with a non-zero result)"),
    /** The channel handle or host socket id is unknown or already closed. */
    STATUS_INVALID_HANDLE(0xC0000008, 6, "unknown or already closed channel handle or host socket"),
    /** A wrong input length, channel type, service name, or offset and size beyond the buffer. */
    STATUS_INVALID_PARAMETER(0xC000000D, 87, "an argument or structure field is invalid"),
    /** The device is gone. */
    STATUS_NO_SUCH_DEVICE(0xC000000E, 2, "the device does not exist (any more)"),
    /** An unknown IOCTL code, or an IOCTL sent to the wrong device object. */
    STATUS_INVALID_DEVICE_REQUEST(0xC0000010, 1, "the device does not support this request"),
    /** The caller's buffer is smaller than the structure (1, 8, 12, 16 or 56 bytes). */
    STATUS_BUFFER_TOO_SMALL(0xC0000023, 122, "the buffer is smaller than the structure it must hold"),
    /** A request arrived while the device is being removed. */
    STATUS_DELETE_PENDING(0xC0000056, 5, "the device is being removed"),
    /** Allocation failed, or more than {@link Dot4Constants#DOT4_MAX_CHANNELS} channels were asked for. */
    STATUS_INSUFFICIENT_RESOURCES(0xC000009A, 1450, "out of resources (memory, sockets or channels)"),
    /** The link is down: the printer is unplugged, switched off, or the connection failed. */
    STATUS_DEVICE_NOT_CONNECTED(0xC000009D, 1167, "the link to the device is down"),
    /** The 1284.4 Init exchange has not completed yet. */
    STATUS_DEVICE_NOT_READY(0xC00000A3, 21, "the 1284.4 session is not initialised yet"),
    /** Error severity timeout, the failing alternative to {@link #STATUS_TIMEOUT}. */
    STATUS_IO_TIMEOUT(0xC00000B5, 121, "the operation timed out and failed"),
    /** An option dot4j or the peripheral does not support. */
    STATUS_NOT_SUPPORTED(0xC00000BB, 50, "the request or option is not supported"),
    /** Cancelled by the caller, by closing the handle, or by closing the channel under a pending request. */
    STATUS_CANCELLED(0xC0000120, 995, "the operation was cancelled"),
    /** The operation is not valid in the current state, e.g. a read on a channel that is not open. */
    STATUS_INVALID_DEVICE_STATE(0xC0000184, 22, "the operation is not valid in the current state"),
    /** The transport (USB, parallel, TCP, tty) failed. */
    STATUS_IO_DEVICE_ERROR(0xC0000185, 1117, "the transport reported an I/O error"),
    /** The peripheral sent a malformed 1284.4 packet or an Error (0x7F) command. */
    STATUS_DEVICE_PROTOCOL_ERROR(0xC0000186, 1117, "the peripheral violated the 1284.4 protocol"),
    /** The peripheral does not know the service name (GetSocketID failed). */
    STATUS_NOT_FOUND(0xC0000225, 1168, "the peripheral does not offer the requested service"),
    /** The peripheral rejected OpenChannel. */
    STATUS_CONNECTION_REFUSED(0xC0000236, 1225, "the peripheral refused to open the channel"),
    /** The device was surprise-removed; the Win32 mapping 1617 is not verified. */
    STATUS_DEVICE_REMOVED(0xC00002B6, 1617, "the device was removed");

    private static final Map<Integer, NtStatus> BY_VALUE =
            Arrays.stream(values()).collect(Collectors.toUnmodifiableMap(NtStatus::value, Function.identity()));

    private final int value;
    private final int win32Error;
    private final String meaning;

    NtStatus(int value, int win32Error, String meaning) {
        this.value = value;
        this.win32Error = win32Error;
        this.meaning = meaning;
    }

    /** The raw 32-bit NTSTATUS value; error codes are negative as a Java {@code int}. */
    public int value() {
        return value;
    }

    /** The Win32 error code {@code RtlNtStatusToDosError} maps this status to (d4drvif.md §5). */
    public int win32Error() {
        return win32Error;
    }

    /** What this status means for a DOT4 request, in one line. */
    public String meaning() {
        return meaning;
    }

    /** {@code NT_SUCCESS}: the severity bit is clear (the value is non-negative as a signed 32-bit int). */
    public boolean isSuccess() {
        return value >= 0;
    }

    /** Warning severity (top bits {@code 10}): the request failed for Win32 callers but may have moved data. */
    public boolean isWarning() {
        return (value >>> 30) == 0b10;
    }

    /** Error severity (top bits {@code 11}). */
    public boolean isError() {
        return (value >>> 30) == 0b11;
    }

    /** The name and the value in hex, e.g. {@code "STATUS_DEVICE_NOT_CONNECTED (0xC000009D)"}. */
    public String describe() {
        return String.format("%s (0x%08X)", name(), value);
    }

    /** The status with this raw value, or empty if it is not one of the codes dot4j knows. */
    public static Optional<NtStatus> fromValue(int value) {
        return Optional.ofNullable(BY_VALUE.get(value));
    }
}
