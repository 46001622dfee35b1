package org.dot4j.api;

import java.nio.ByteBuffer;

/**
 * A fixed-size d4drvif.h / d4iface.h structure as immutable Java value, with its byte-exact little-endian
 * Windows layout (d4drvif.md §2). Every implementation also has a {@code static final int SIZE} and static
 * {@code decode(ByteBuffer)} and {@code decode(byte[])} methods that read the structure from the start of the
 * input, accept longer input, and fail with {@link NtStatus#STATUS_BUFFER_TOO_SMALL} for shorter input or
 * {@link NtStatus#STATUS_INVALID_PARAMETER} for an invalid field.
 *
 * <p>The layout is the same on 32- and 64-bit Windows: no member is a pointer or 8 bytes wide, and
 * {@code CHANNEL_HANDLE} is a 32-bit {@code ULONG} (§2, §2.1). Padding is written as zero and ignored when read.
 */
public sealed interface Dot4Struct
        permits CreateSocketData, DestroySocketData, OpenChannelData, DriverCommand, Activity, ChannelHandleData {

    /** The structure's size in bytes, the same as its {@code SIZE} constant (the bytes {@code Information} reports). */
    int encodedSize();

    /** The {@link #encodedSize()} bytes of this structure in Windows layout. */
    byte[] encode();

    /**
     * Writes the {@link #encodedSize()} bytes of this structure at the position of {@code dst} and advances it past them.
     *
     * @throws Dot4Exception with {@link NtStatus#STATUS_BUFFER_TOO_SMALL} if fewer bytes remain; nothing is written
     */
    void encode(ByteBuffer dst) throws Dot4Exception;
}
