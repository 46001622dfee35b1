package org.dot4j.capture;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.dot4j.wire.MlcCodec;
import org.dot4j.wire.PacketHeader;
import org.dot4j.wire.Revision;
import org.dot4j.wire.Transaction;
import org.dot4j.wire.TransactionCodec;

/** Hand-made 1284.4 traffic for the decoder's tests: packets both ways, as chunks of one link. */
final class Wire {

    static final Direction H = Direction.HOST_TO_PERIPHERAL;
    static final Direction P = Direction.PERIPHERAL_TO_HOST;

    private final List<Chunk> chunks = new ArrayList<>();
    private int revision = Revision.IEEE_1284_4;
    private long time = 1_000_000_000L;

    /** Subsequent transactions in {@code revision}'s layout (MLC uses MlcCodec). */
    Wire revision(int revision) {
        this.revision = revision;
        return this;
    }

    /** Moves the clock on. */
    Wire after(long millis) {
        time += millis * 1_000_000L;
        return this;
    }

    static byte[] encode(Transaction t, int revision) {
        ByteBuffer b = ByteBuffer.allocate(128);
        if (Revision.isMlc(revision)) {
            MlcCodec.encode(t, b);
        } else {
            TransactionCodec.encode(t, revision, b);
        }
        byte[] out = new byte[b.position()];
        b.flip().get(out);
        return out;
    }

    static byte[] data(int socket, int payload, int credit) {
        ByteBuffer b = ByteBuffer.allocate(6 + payload);
        new PacketHeader(socket, socket, 6 + payload, credit, 0).encode(b);
        return b.array();
    }

    Wire send(Direction dir, Transaction t) {
        return bytes(dir, encode(t, revision));
    }

    Wire data(Direction dir, int socket, int payload) {
        return bytes(dir, data(socket, payload, 0));
    }

    Wire bytes(Direction dir, byte[] bytes) {
        chunks.add(new Chunk("test", time, dir, ByteBuffer.wrap(bytes), 0));
        time += 1_000_000L;
        return this;
    }

    /** The conversation so far, every chunk cut into pieces of at most {@code size} bytes (same times). */
    List<Chunk> chunks(int size) {
        List<Chunk> out = new ArrayList<>();
        for (Chunk c : chunks) {
            ByteBuffer b = c.bytes().duplicate();
            do {
                int n = Math.min(size, b.remaining());
                out.add(new Chunk(c.link(), c.timeNanos(), c.direction(), b.slice(b.position(), n), 0));
                b.position(b.position() + n);
            } while (b.hasRemaining());
        }
        return out;
    }

    List<Chunk> chunks() {
        return List.copyOf(chunks);
    }

    /** Every chunk of one direction joined, as a raw dump of it. */
    byte[] dump(Direction dir) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        chunks.stream().filter(c -> c.direction() == dir).forEach(c -> out.writeBytes(c.bytes().duplicate().array()));
        return out.toByteArray();
    }
}
