package org.dot4j.api;

/**
 * The {@code bType} of a socket, which every channel on it inherits (d4drvif.md §2.2, §2.8).
 */
public enum ChannelType {
    /** {@code STREAM_TYPE_CHANNEL}: a byte stream; reads may return any part of the data. */
    STREAM(1),
    /** {@code PACKET_TYPE_CHANNEL}: message-preserving; a read returns at most one message. */
    PACKET(2);

    private final int value;

    ChannelType(int value) {
        this.value = value;
    }

    /** The {@code bType} byte. */
    public int value() {
        return value;
    }

    /**
     * The channel type with this {@code bType} byte.
     *
     * @throws Dot4Exception with {@link NtStatus#STATUS_INVALID_PARAMETER} for any other value (§3.2)
     */
    public static ChannelType fromValue(int value) throws Dot4Exception {
        for (ChannelType type : values()) {
            if (type.value == value) {
                return type;
            }
        }
        throw Dot4Exception.invalidParameter("bType " + value + " is not a channel type; use "
                + STREAM.value + " (STREAM_TYPE_CHANNEL) or " + PACKET.value + " (PACKET_TYPE_CHANNEL)");
    }
}
