package org.dot4j.api;

import java.util.Objects;

/**
 * How a READ or WRITE completed: the status and the byte count, as Windows reports them in
 * {@code IoStatus.Status} and {@code IoStatus.Information}. Only success and warning statuses come back this
 * way; errors are thrown as {@link Dot4Exception}.
 *
 * <ul>
 *   <li>{@code STATUS_SUCCESS}, n &gt; 0: n bytes moved.</li>
 *   <li>{@code STATUS_SUCCESS}, 0 bytes on a read: end of channel — the peer closed it and every byte was read.</li>
 *   <li>{@code STATUS_TIMEOUT} (a success code, 0x102): the timeout expired; n is what moved before it.</li>
 *   <li>{@code STATUS_BUFFER_OVERFLOW} (a warning): a packet-channel message was larger than the buffer; n bytes of
 *       it were returned and the rest comes with the next read.</li>
 * </ul>
 *
 * @param status the completion status
 * @param bytes the byte count
 */
public record IoResult(NtStatus status, int bytes) {

    /** Checks the status is not an error and the count is not negative. */
    public IoResult {
        Objects.requireNonNull(status, "status");
        if (status.isError()) {
            throw new IllegalArgumentException(status.describe() + " is an error: throw Dot4Exception instead");
        }
        if (bytes < 0) {
            throw new IllegalArgumentException("byte count " + bytes + " is negative");
        }
    }

    /** {@code bytes} moved, success. */
    public static IoResult success(int bytes) {
        return new IoResult(NtStatus.STATUS_SUCCESS, bytes);
    }

    /** True for a read that found the channel closed and empty. */
    public boolean isEndOfChannel() {
        return status == NtStatus.STATUS_SUCCESS && bytes == 0;
    }

    /** True when the timeout cut the operation short. */
    public boolean timedOut() {
        return status == NtStatus.STATUS_TIMEOUT;
    }
}
