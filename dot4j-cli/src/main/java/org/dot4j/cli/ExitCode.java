package org.dot4j.cli;

import java.io.IOException;
import org.dot4j.api.Dot4Exception;

/** What {@code dot4}'s exit status means; listed in every command's help. */
public final class ExitCode {

    /** Done. */
    public static final int OK = 0;
    /** Failed for another reason (the message says which). */
    public static final int FAILED = 1;
    /** Bad command line (picocli's own code for usage errors). */
    public static final int USAGE = 2;
    /** The link could not be opened or went away. */
    public static final int NOT_CONNECTED = 3;
    /** The peripheral refused: unknown service, channel refused, protocol error. */
    public static final int REFUSED = 4;
    /** Something did not answer in time. */
    public static final int TIMEOUT = 5;
    /** A check failed (e.g. the demo's spooled copy differs). */
    public static final int CHECK_FAILED = 6;

    /** The help footer listing these codes. */
    public static final String FOOTER = "%nExit status: 0 ok, 1 failed, 2 usage error, 3 not connected, "
            + "4 refused by the peripheral, 5 timeout, 6 check failed.";

    private ExitCode() {}

    /** The exit status for a failure. */
    public static int of(Throwable e) {
        if (e instanceof Dot4Exception d) {
            return switch (d.status()) {
                case STATUS_DEVICE_NOT_CONNECTED, STATUS_NO_SUCH_DEVICE, STATUS_DEVICE_REMOVED -> NOT_CONNECTED;
                case STATUS_NOT_FOUND, STATUS_CONNECTION_REFUSED, STATUS_DEVICE_PROTOCOL_ERROR, STATUS_NOT_SUPPORTED -> REFUSED;
                case STATUS_IO_TIMEOUT -> TIMEOUT;
                default -> FAILED;
            };
        }
        if (e instanceof IllegalArgumentException) {
            return USAGE;
        }
        return e instanceof IOException ? NOT_CONNECTED : FAILED;
    }
}
