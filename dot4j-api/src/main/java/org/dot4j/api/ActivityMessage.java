package org.dot4j.api;

/**
 * The {@code ulMessage} of a {@link Activity} event (d4iface.h, d4drvif.md §2.8, §3.8). 0x104 is unassigned.
 */
public enum ActivityMessage {
    /** {@code DOT4_STREAM_RECEIVED}: stream data arrived; the byte count says how much is available. */
    STREAM_RECEIVED(0x100),
    /** {@code DOT4_STREAM_CREDITS}: credit arrived, so blocked writes can progress. */
    STREAM_CREDITS(0x101),
    /** {@code DOT4_MESSAGE_RECEIVED}: a packet-channel message arrived. */
    MESSAGE_RECEIVED(0x102),
    /** {@code DOT4_DISCONNECT}: the whole link went away; the channel handle may be meaningless. */
    DISCONNECT(0x103),
    /** {@code DOT4_CHANNEL_CLOSED}: the peripheral or the host closed the channel. */
    CHANNEL_CLOSED(0x105);

    private final int value;

    ActivityMessage(int value) {
        this.value = value;
    }

    /** The {@code ulMessage} value. */
    public int value() {
        return value;
    }

    /** The name in d4iface.h, e.g. {@code "DOT4_STREAM_RECEIVED"}. */
    public String headerName() {
        return "DOT4_" + name();
    }

    /**
     * The activity message with this {@code ulMessage} value.
     *
     * @throws Dot4Exception with {@link NtStatus#STATUS_INVALID_PARAMETER} for any other value
     */
    public static ActivityMessage fromValue(long value) throws Dot4Exception {
        for (ActivityMessage message : values()) {
            if (message.value == value) {
                return message;
            }
        }
        throw Dot4Exception.invalidParameter(String.format("ulMessage 0x%X is not a DOT4 activity message; "
                + "expected 0x100..0x103 or 0x105", value));
    }
}
