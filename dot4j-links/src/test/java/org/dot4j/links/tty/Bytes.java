package org.dot4j.links.tty;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Random;

import org.dot4j.driver.ByteLink;

/** Test helpers that move exact byte counts over a link. */
final class Bytes {

    private Bytes() {}

    /** Reads exactly {@code n} bytes, failing if the stream ends first. */
    static byte[] readExactly(ByteLink link, int n) throws IOException {
        ByteBuffer dst = ByteBuffer.allocate(n);
        while (dst.hasRemaining()) {
            if (link.read(dst) < 0) {
                throw new IOException("stream ended after " + dst.position() + " of " + n + " bytes");
            }
        }
        return dst.array();
    }

    static void writeAll(ByteLink link, byte[] data) throws IOException {
        link.write(ByteBuffer.wrap(data));
    }

    /** Every byte value once, 0x00 to 0xFF. */
    static byte[] everyValue() {
        byte[] all = new byte[256];
        for (int i = 0; i < all.length; i++) {
            all[i] = (byte) i;
        }
        return all;
    }

    static byte[] random(int n, long seed) {
        byte[] data = new byte[n];
        new Random(seed).nextBytes(data);
        return data;
    }
}
