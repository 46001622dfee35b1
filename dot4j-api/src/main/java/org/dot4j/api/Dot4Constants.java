package org.dot4j.api;

/**
 * Numeric constants of d4drvif.h and d4iface.h (d4drvif.md §2.8). IOCTL numbers live in {@link Ioctl},
 * channel types in {@link ChannelType}, activity codes in {@link ActivityMessage}, socket numbers in
 * {@link WellKnownSocket}.
 */
public final class Dot4Constants {

    /** {@code MAX_SERVICE_LENGTH}: longest service name; its field holds one more byte for the NUL. */
    public static final int MAX_SERVICE_LENGTH = 40;

    /** {@code DOT4_MAX_CHANNELS}: most channels open at once on one DOT4 device. */
    public static final int DOT4_MAX_CHANNELS = 128;

    /**
     * {@code NO_TIMEOUT} (0) as a {@code ulTimeout}. The header name is ambiguous; dot4j's documented decision
     * is "do not wait: return what is available now" (see {@link DriverCommand#timeout()}, d4drvif.md §3.6, §7).
     */
    public static final long NO_TIMEOUT = 0L;

    /** {@code INFINITE} (0xFFFFFFFF, an unsigned ULONG held in a long) as a {@code ulTimeout}: wait without limit. */
    public static final long INFINITE = 0xFFFFFFFFL;

    private Dot4Constants() {
    }
}
