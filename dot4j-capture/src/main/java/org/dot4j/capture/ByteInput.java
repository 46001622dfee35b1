package org.dot4j.capture;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.ReadableByteChannel;

/**
 * Buffered reading of a capture file in blocks: {@link #take(int)} returns the next {@code n} bytes as a view, refilling
 * from the channel as needed. The buffer grows only up to {@link #MAX_BLOCK}, so a hostile length field costs an error,
 * not memory. Not thread-safe.
 */
final class ByteInput {

    /** Larger than any record a capture tool writes (dumpcap's largest snap length is 256 KiB). */
    static final int MAX_BLOCK = 16 << 20;

    private final ReadableByteChannel in;
    private final String file;
    private ByteBuffer buffer = ByteBuffer.allocate(1 << 20).flip();
    private long offset;

    ByteInput(ReadableByteChannel in, String file) {
        this.in = in;
        this.file = file;
    }

    /** Bytes of the file consumed so far. */
    long offset() {
        return offset;
    }

    /** The file's name, for messages. */
    String file() {
        return file;
    }

    /** True when no byte is left. */
    boolean atEnd() throws IOException {
        return !fill(1);
    }

    /**
     * The next {@code n} bytes in {@code order}, as a view valid until the next call.
     *
     * @throws CaptureFormatException when the file ends first ({@code what} says what was being read)
     */
    ByteBuffer take(int n, ByteOrder order, String what) throws IOException {
        if (n < 0 || n > MAX_BLOCK) {
            throw new CaptureFormatException(file, offset, what + " claims " + Integer.toUnsignedString(n)
                    + " bytes, more than any capture record: the file is damaged");
        }
        if (!fill(n)) {
            throw new CaptureFormatException(file, offset, "the file ends inside " + what + " (" + n + " bytes needed, "
                    + buffer.remaining() + " left): it is truncated, e.g. the capture was stopped while writing");
        }
        ByteBuffer view = buffer.slice(buffer.position(), n).order(order);
        buffer.position(buffer.position() + n);
        offset += n;
        return view;
    }

    /** Skips {@code n} bytes (a block we do not read). */
    void skip(int n, String what) throws IOException {
        take(n, ByteOrder.BIG_ENDIAN, what);
    }

    /** Makes {@code n} bytes available; false when the file ends first. */
    private boolean fill(int n) throws IOException {
        if (buffer.remaining() >= n) {
            return true;
        }
        if (buffer.capacity() < n) {
            ByteBuffer bigger = ByteBuffer.allocate(Math.max(n, buffer.capacity() * 2));
            bigger.put(buffer).flip();
            buffer = bigger;
        }
        buffer.compact();
        try {
            while (buffer.position() < n) {
                if (in.read(buffer) < 0) {
                    return false;
                }
            }
            return true;
        } catch (EOFException e) {
            return false;
        } finally {
            buffer.flip();
        }
    }
}
