package org.dot4j.links.tty;

import java.io.IOException;

/**
 * A libc call failed: carries the call's name and the {@code errno} it set, with a message that names the
 * device, gives the system's text for the error and, where one helps, what to do about it.
 */
public final class ErrnoException extends IOException {

    private static final long serialVersionUID = 1L;

    private final String call;
    private final int errno;

    ErrnoException(String call, int errno, String message) {
        super(message);
        this.call = call;
        this.errno = errno;
    }

    /** The libc function that failed, e.g. {@code open}. */
    public String call() {
        return call;
    }

    /** The {@code errno} value the call left (Linux numbering, see the constants in {@link Posix}). */
    public int errno() {
        return errno;
    }
}
