package org.dot4j.links.gadget;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.List;
import org.dot4j.links.gadget.GadgetEvent.Kind;
import org.junit.jupiter.api.Test;

/** Decoding of struct usb_functionfs_event as read from ep0. */
class GadgetEventTest {

    @Test
    void everyKnownTypeDecodesFromItsCode() {
        for (Kind kind : List.of(Kind.BIND, Kind.UNBIND, Kind.ENABLE, Kind.DISABLE, Kind.SUSPEND, Kind.RESUME)) {
            List<GadgetEvent> events = GadgetEvent.parseAll(ByteBuffer.wrap(event(kind.code(), new int[8])));

            assertThat(events).containsExactly(new GadgetEvent(kind, kind.code(), null));
        }
    }

    @Test
    void setupEventCarriesTheLittleEndianControlRequest() {
        // GET_DEVICE_ID as usblp sends it at probe: 0xA1, 0, wValue 0, wIndex 0x0000, wLength 1023
        byte[] raw = event(4, new int[] {0xA1, 0x00, 0x00, 0x00, 0x00, 0x00, 0xFF, 0x03});

        GadgetEvent event = GadgetEvent.parseAll(ByteBuffer.wrap(raw)).getFirst();

        assertThat(event.kind()).isEqualTo(Kind.SETUP);
        assertThat(event.setup()).isEqualTo(new SetupPacket(0xA1, 0, 0, 0, 1023));
        assertThat(event.setup().isDeviceToHost()).isTrue();
    }

    @Test
    void wordFieldsAreUnsignedAndLittleEndian() {
        byte[] raw = event(4, new int[] {0x23, 0x02, 0x34, 0x12, 0xFF, 0xFF, 0x00, 0x80});

        SetupPacket setup = GadgetEvent.parseAll(ByteBuffer.wrap(raw)).getFirst().setup();

        assertThat(setup).isEqualTo(new SetupPacket(0x23, 2, 0x1234, 0xFFFF, 0x8000));
        assertThat(setup.isDeviceToHost()).isFalse();
    }

    @Test
    void oneReadMayHoldSeveralEventsInOrder() {
        ByteBuffer raw = ByteBuffer.allocate(3 * GadgetEvent.SIZE)
                .put(event(0, new int[8]))
                .put(event(2, new int[8]))
                .put(event(4, new int[] {0xA1, 0x01, 0, 0, 0, 0, 1, 0}))
                .flip();

        List<GadgetEvent> events = GadgetEvent.parseAll(raw);

        assertThat(events).extracting(GadgetEvent::kind).containsExactly(Kind.BIND, Kind.ENABLE, Kind.SETUP);
        assertThat(raw.hasRemaining()).isFalse();
    }

    @Test
    void unknownTypeDecodesToUnknownKeepingItsCode() {
        GadgetEvent event = GadgetEvent.parseAll(ByteBuffer.wrap(event(9, new int[8]))).getFirst();

        assertThat(event.kind()).isEqualTo(Kind.UNKNOWN);
        assertThat(event.typeCode()).isEqualTo(9);
        assertThat(event).hasToString("UNKNOWN(9)");
    }

    @Test
    void partialEventIsRejectedNamingTheLength() {
        assertThatThrownBy(() -> GadgetEvent.parseAll(ByteBuffer.allocate(13)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("13 bytes");
    }

    private static byte[] event(int type, int[] setup) {
        byte[] raw = new byte[GadgetEvent.SIZE];
        for (int i = 0; i < 8; i++) {
            raw[i] = (byte) setup[i];
        }
        raw[8] = (byte) type;
        return raw;
    }
}
