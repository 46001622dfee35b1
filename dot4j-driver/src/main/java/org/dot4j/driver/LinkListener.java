package org.dot4j.driver;

import java.io.Closeable;
import java.io.IOException;

/**
 * The listening end of a link kind (a TCP or Unix server socket, a pty master waiting for its slave
 * to be opened): where a peripheral waits for hosts.
 *
 * <p>Threading: {@link #accept()} blocks one thread; {@link #close()} from another unblocks it.
 */
public interface LinkListener extends Closeable {

    /** Waits for the next host and returns its link. */
    ByteLink accept() throws IOException;

    /** Where hosts reach this listener, as a URI they can pass to {@code dot4} (e.g. {@code tty:/dev/pts/3}). */
    String address();

    /** Stops listening; idempotent. Links already accepted stay open. */
    @Override
    void close() throws IOException;
}
