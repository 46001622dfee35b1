package org.dot4j.api;

import java.util.Arrays;
import java.util.Optional;

/**
 * The well-known 1284.4 socket numbers of d4iface.h (d4drvif.md §2.8): what a caller puts in
 * {@link CreateSocketData#peripheralSocketId()} instead of a service name. Socket 3 has no assignment.
 */
public enum WellKnownSocket {
    /** The 1284.4 transaction (command) channel. */
    DOT4_CHANNEL(0),
    /** HP message processor. */
    HP_MESSAGE_PROCESSOR(1),
    /** Print data; the inbox dot4prt driver reads and writes socket 2 (§4.3). */
    PRINTER_CHANNEL(2),
    /** Scanner. */
    SCANNER_CHANNEL(4),
    /** MIO command processor. */
    MIO_COMMAND_PROCESSOR(5),
    /** Echo. */
    ECHO_CHANNEL(6),
    /** Fax send. */
    FAX_SEND_CHANNEL(7),
    /** Fax receive. */
    FAX_RECV_CHANNEL(8),
    /** Diagnostics. */
    DIAGNOSTIC_CHANNEL(9),
    /** Reserved by HP. */
    HP_RESERVED(10),
    /** Image download. */
    IMAGE_DOWNLOAD(11),
    /** Host data-store upload. */
    HOST_DATASTORE_UPLOAD(12),
    /** Host data-store download. */
    HOST_DATASTORE_DOWNLOAD(13),
    /** Configuration upload. */
    CONFIG_UPLOAD(14),
    /** Configuration download. */
    CONFIG_DOWNLOAD(15);

    private final int id;

    WellKnownSocket(int id) {
        this.id = id;
    }

    /** The socket number. */
    public int id() {
        return id;
    }

    /** The well-known socket with this number, or empty (e.g. for 3 or any vendor socket). */
    public static Optional<WellKnownSocket> fromId(int id) {
        return Arrays.stream(values()).filter(socket -> socket.id == id).findFirst();
    }
}
