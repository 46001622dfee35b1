package org.dot4j.driver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The USB device rule (reference §12 item 11): a link whose writes are transfers gets each header and each body
 * in a write of its own; stream links get the batch whole. The recording link stands in for FunctionFS, which
 * cannot run here; usb-e2e's HPLIP test covers the real gadget.
 */
class PacketWritesTest {

    /** Records the size and bytes of every write. */
    static final class RecordingLink implements ByteLink {
        final boolean perPart;
        final List<Integer> writes = new ArrayList<>();
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        RecordingLink(boolean perPart) {
            this.perPart = perPart;
        }

        @Override
        public int read(ByteBuffer dst) {
            return -1;
        }

        @Override
        public void write(ByteBuffer src) {
            writes.add(src.remaining());
            while (src.hasRemaining()) {
                bytes.write(src.get());
            }
        }

        @Override
        public boolean transferPerPacketPart() {
            return perPart;
        }

        @Override
        public String describe() {
            return "recording";
        }

        @Override
        public void close() {}
    }

    private static byte[] packet(int socket, int length) {
        byte[] p = new byte[length];
        p[0] = (byte) socket;
        p[1] = (byte) socket;
        p[2] = (byte) (length >> 8);
        p[3] = (byte) length;
        for (int i = 6; i < length; i++) {
            p[i] = (byte) i;
        }
        return p;
    }

    private static ByteBuffer batch(byte[]... packets) {
        ByteBuffer b = ByteBuffer.allocate(200_000);
        for (byte[] p : packets) {
            b.put(p);
        }
        return b.flip();
    }

    @Test
    void aTransferLinkGetsEveryHeaderAndEveryBodyAsAWriteOfItsOwn() throws Exception {
        RecordingLink link = new RecordingLink(true);
        byte[] initReply = packet(0, 9);
        byte[] data = packet(2, 16384);
        byte[] empty = packet(2, 6);
        byte[] largest = packet(4, 0xFFFF);
        PacketWrites.write(link, batch(initReply, data, empty, largest));

        assertThat(link.writes).containsExactly(6, 3, 6, 16378, 6, 6, 0xFFFF - 6);
        assertThat(link.bytes.toByteArray()).isEqualTo(concat(initReply, data, empty, largest));
    }

    @Test
    void aStreamLinkGetsTheBatchInOneWrite() throws Exception {
        RecordingLink link = new RecordingLink(false);
        PacketWrites.write(link, batch(packet(0, 9), packet(2, 100)));
        assertThat(link.writes).containsExactly(109);
    }

    @Test
    void aBatchThatEndsInsideAPacketIsABugNotASilentTruncation() {
        RecordingLink link = new RecordingLink(true);
        ByteBuffer cut = batch(packet(2, 100));
        cut.limit(50);
        assertThatThrownBy(() -> PacketWrites.write(link, cut)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("LENGTH 100");
        ByteBuffer headerCut = batch(packet(2, 100));
        headerCut.limit(4);
        assertThatThrownBy(() -> PacketWrites.write(link, headerCut)).hasMessageContaining("inside a packet header");
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
