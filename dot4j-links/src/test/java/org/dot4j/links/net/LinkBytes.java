package org.dot4j.links.net;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.SplittableRandom;
import org.dot4j.driver.ByteLink;

/** Byte-level verbs for link tests: make data, send it, read exactly so much or everything. */
public final class LinkBytes {

    private LinkBytes() {
    }

    /** {@code size} pseudo-random bytes, the same for the same seed. */
    public static byte[] random(int size, long seed) {
        byte[] data = new byte[size];
        new SplittableRandom(seed).nextBytes(data);
        return data;
    }

    /** Writes all of {@code data}. */
    public static void send(ByteLink link, byte[] data) throws IOException {
        link.write(ByteBuffer.wrap(data));
    }

    /** Reads exactly {@code size} bytes, failing on an early end of stream. */
    public static byte[] receive(ByteLink link, int size) throws IOException {
        ByteBuffer into = ByteBuffer.allocate(size);
        while (into.hasRemaining()) {
            if (link.read(into) < 0) {
                throw new EOFException(link.describe() + " ended after " + into.position() + " of " + size + " bytes");
            }
        }
        return into.array();
    }
}
