package org.dot4j.conform;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.List;
import java.util.function.Function;
import org.dot4j.driver.ByteLink;
import org.dot4j.wire.PacketFramer;

/**
 * A link that passes the peer's packets through a rewrite before the judge reads them: how the tests make a
 * conforming simulator into a broken peer (one that sends data without credit, answers with wrong lengths, or
 * never answers). What the judge writes goes through untouched.
 */
final class RewritingLink implements ByteLink {

    private final ByteLink inner;
    private final Function<Packet, List<byte[]>> rewrite;
    private final PacketFramer framer = new PacketFramer();
    private final ArrayDeque<ByteBuffer> ready = new ArrayDeque<>();

    RewritingLink(ByteLink inner, Function<Packet, List<byte[]>> rewrite) {
        this.inner = inner;
        this.rewrite = rewrite;
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(16 * 1024);
        while (ready.isEmpty()) {
            buf.clear();
            if (inner.read(buf) < 0) {
                return -1;
            }
            buf.flip();
            while (buf.hasRemaining()) {
                framer.feed(buf);
                for (var f = framer.next(); f instanceof PacketFramer.Frame.Packet p; f = framer.next()) {
                    byte[] bytes = new byte[p.header().length()];
                    ByteBuffer out = ByteBuffer.wrap(bytes);
                    p.header().encode(out);
                    out.put(p.body());
                    rewrite.apply(Packet.of(bytes)).forEach(b -> ready.add(ByteBuffer.wrap(b)));
                }
            }
        }
        ByteBuffer head = ready.peek();
        int n = Math.min(head.remaining(), dst.remaining());
        dst.put(dst.position(), head, head.position(), n).position(dst.position() + n);
        head.position(head.position() + n);
        if (!head.hasRemaining()) {
            ready.poll();
        }
        return n;
    }

    @Override
    public void write(ByteBuffer src) throws IOException {
        inner.write(src);
    }

    @Override
    public String describe() {
        return "rewritten " + inner.describe();
    }

    @Override
    public void close() throws IOException {
        inner.close();
    }
}
