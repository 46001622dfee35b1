package org.dot4j.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.util.HexFormat;
import org.dot4j.api.Ioctl;
import org.dot4j.daemon.ControlProtocol.MalformedFrameException;
import org.dot4j.daemon.ControlProtocol.Reply;
import org.dot4j.daemon.ControlProtocol.Request;
import org.junit.jupiter.api.Test;

/** The frame layout of docs/control-protocol.md, byte for byte. */
class ControlProtocolTest {

    private static final HexFormat HEX = HexFormat.of();

    @Test
    void aWriteRequestCarriesItsDataAfterOutLength() throws Exception {
        Request write = new Request(7, Ioctl.WRITE.code(), "dev", new byte[] {1, 2}, 3, ByteBuffer.wrap(new byte[] {9, 8, 7}));
        ByteBuffer frame = ControlProtocol.encodeRequest(write);
        assertThat(HEX.formatHex(frame.array())).isEqualTo(
                "19000000" + "07000000" + "11203a00" + "03" + "646576" + "02000000" + "0102" + "03000000" + "090807");
        Request back = ControlProtocol.decodeRequest(new ControlProtocol.FrameReader().next(
                Channels.newChannel(new ByteArrayInputStream(frame.array()))));
        assertThat(back.data()).isEqualTo(ByteBuffer.wrap(new byte[] {9, 8, 7}));
        assertThat(back.detached().data().isDirect()).as("a detached request owns a heap copy").isFalse();
        assertThat(back.detached().data()).isEqualTo(back.data());
        assertThat(back.outLength()).isEqualTo(3);
    }

    @Test
    void otherRequestsGiveOnlyTheOutputBufferSize() throws Exception {
        Request read = new Request(1, Ioctl.READ.code(), "", new byte[16], 4096);
        ByteBuffer frame = ControlProtocol.encodeRequest(read);
        assertThat(frame.remaining()).isEqualTo(4 + 17 + 16);
        frame.position(4);
        assertThat(ControlProtocol.decodeRequest(frame.slice().order(java.nio.ByteOrder.LITTLE_ENDIAN)).outLength())
                .isEqualTo(4096);
    }

    @Test
    void aReplyIsStatusInformationAndOutputBytes() throws Exception {
        ByteBuffer frame = ControlProtocol.encodeReply(new Reply(5, 0x102, 2, new byte[] {0x41, 0x42}));
        assertThat(HEX.formatHex(frame.array())).isEqualTo(
                "12000000" + "05000000" + "02010000" + "02000000" + "02000000" + "4142");
    }

    @Test
    void aWriteSentAsHeadAndCallerBufferIsTheSameFrame() {
        byte[] data = {9, 8, 7};
        Request write = new Request(7, Ioctl.WRITE.code(), "dev", new byte[] {1, 2}, 3, ByteBuffer.wrap(data));
        ByteBuffer head = ControlProtocol.encodeRequestHead(7, Ioctl.WRITE.code(), "dev", new byte[] {1, 2}, 3, data.length);
        byte[] joined = ByteBuffer.allocate(head.remaining() + data.length).put(head).put(data).array();
        assertThat(joined).isEqualTo(ControlProtocol.encodeRequest(write).array());
    }

    @Test
    void oneReaderReturnsEachFrameWholeAsFramesGrowAndShrink() throws Exception {
        int[] sizes = {0, 1, 4095, 4096, 4097, 70_000, 3, ControlProtocol.MAX_FRAME, 17, 0};
        java.io.ByteArrayOutputStream stream = new java.io.ByteArrayOutputStream();
        for (int i = 0; i < sizes.length; i++) {
            byte[] body = new byte[sizes[i]];
            java.util.Arrays.fill(body, (byte) i);
            stream.write(ByteBuffer.allocate(4).order(java.nio.ByteOrder.LITTLE_ENDIAN).putInt(sizes[i]).array());
            stream.write(body);
        }
        var in = Channels.newChannel(new ByteArrayInputStream(stream.toByteArray()));
        ControlProtocol.FrameReader reader = new ControlProtocol.FrameReader();
        for (int i = 0; i < sizes.length; i++) {
            ByteBuffer body = reader.next(in);
            assertThat(body.remaining()).as("frame %d", i).isEqualTo(sizes[i]);
            byte[] expected = new byte[sizes[i]];
            java.util.Arrays.fill(expected, (byte) i);
            byte[] got = new byte[body.remaining()];
            body.get(got);
            assertThat(got).as("frame %d", i).isEqualTo(expected);
        }
        assertThat(reader.next(in)).as("a clean end").isNull();
    }

    @Test
    void framesThatBreakTheFormatAreRejected() {
        byte[] oversized = HEX.parseHex("ffff1000");
        assertThatThrownBy(() -> new ControlProtocol.FrameReader().next(Channels.newChannel(new ByteArrayInputStream(oversized))))
                .isInstanceOf(MalformedFrameException.class).hasMessageContaining("exceeds the maximum");
        ByteBuffer trailing = ByteBuffer.wrap(HEX.parseHex("01000000" + "08203a00" + "00" + "00000000" + "00000000" + "ff"))
                .order(java.nio.ByteOrder.LITTLE_ENDIAN);
        assertThatThrownBy(() -> ControlProtocol.decodeRequest(trailing)).hasMessageContaining("1 bytes after the end");
    }
}
