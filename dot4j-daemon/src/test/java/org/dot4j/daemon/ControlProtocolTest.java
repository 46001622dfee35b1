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
        Request write = new Request(7, Ioctl.WRITE.code(), "dev", new byte[] {1, 2}, 3, new byte[] {9, 8, 7});
        ByteBuffer frame = ControlProtocol.encodeRequest(write);
        assertThat(HEX.formatHex(frame.array())).isEqualTo(
                "19000000" + "07000000" + "11203a00" + "03" + "646576" + "02000000" + "0102" + "03000000" + "090807");
        Request back = ControlProtocol.decodeRequest(ControlProtocol.readFrame(
                Channels.newChannel(new ByteArrayInputStream(frame.array()))));
        assertThat(back.data()).containsExactly(9, 8, 7);
        assertThat(back.outLength()).isEqualTo(3);
    }

    @Test
    void otherRequestsGiveOnlyTheOutputBufferSize() throws Exception {
        Request read = new Request(1, Ioctl.READ.code(), "", new byte[16], 4096, new byte[0]);
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
    void framesThatBreakTheFormatAreRejected() {
        byte[] oversized = HEX.parseHex("ffff1000");
        assertThatThrownBy(() -> ControlProtocol.readFrame(Channels.newChannel(new ByteArrayInputStream(oversized))))
                .isInstanceOf(MalformedFrameException.class).hasMessageContaining("exceeds the maximum");
        ByteBuffer trailing = ByteBuffer.wrap(HEX.parseHex("01000000" + "08203a00" + "00" + "00000000" + "00000000" + "ff"))
                .order(java.nio.ByteOrder.LITTLE_ENDIAN);
        assertThatThrownBy(() -> ControlProtocol.decodeRequest(trailing)).hasMessageContaining("1 bytes after the end");
    }
}
