package org.dot4j.api;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Little-endian field access and range checks shared by the {@link Dot4Struct} codecs. */
final class StructIo {

    static final int UCHAR_MAX = 0xFF;
    static final int USHORT_MAX = 0xFFFF;
    static final long ULONG_MAX = 0xFFFFFFFFL;

    private StructIo() {
    }

    /**
     * Takes the next {@code size} bytes of {@code buffer} as a little-endian view indexed from 0 and advances
     * {@code buffer} past them; the caller's byte order does not matter because the view sets its own.
     *
     * @throws Dot4Exception STATUS_BUFFER_TOO_SMALL if fewer remain; {@code buffer} is then left unchanged
     */
    static ByteBuffer claim(ByteBuffer buffer, int size, String structName) throws Dot4Exception {
        if (buffer.remaining() < size) {
            throw Dot4Exception.bufferTooSmall(structName, size, buffer.remaining());
        }
        ByteBuffer view = buffer.slice(buffer.position(), size).order(ByteOrder.LITTLE_ENDIAN);
        buffer.position(buffer.position() + size);
        return view;
    }

    /**
     * Puts an encoded structure at the position of {@code dst} and advances it.
     *
     * @throws Dot4Exception STATUS_BUFFER_TOO_SMALL if it does not fit; {@code dst} is then left unchanged
     */
    static void put(ByteBuffer dst, byte[] encoded, String structName) throws Dot4Exception {
        if (dst.remaining() < encoded.length) {
            throw Dot4Exception.bufferTooSmall(structName, encoded.length, dst.remaining());
        }
        dst.put(encoded);
    }

    /** A zeroed little-endian buffer for encoding a structure into a fresh array. */
    static ByteBuffer allocate(int size) {
        return ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
    }

    static int uchar(ByteBuffer view, int offset) {
        return view.get(offset) & UCHAR_MAX;
    }

    static int ushort(ByteBuffer view, int offset) {
        return view.getShort(offset) & USHORT_MAX;
    }

    static long ulong(ByteBuffer view, int offset) {
        return view.getInt(offset) & ULONG_MAX;
    }

    static void requireUchar(String field, int value) {
        if (value < 0 || value > UCHAR_MAX) {
            throw new IllegalArgumentException(field + " " + value + " is not an unsigned byte (0..255)");
        }
    }

    static void requireUshort(String field, int value) {
        if (value < 0 || value > USHORT_MAX) {
            throw new IllegalArgumentException(field + " " + value + " is not a USHORT (0..65535)");
        }
    }

    static void requireUlong(String field, long value) {
        if (value < 0 || value > ULONG_MAX) {
            throw new IllegalArgumentException(field + " " + value + " is not a ULONG (0..4294967295)");
        }
    }
}
