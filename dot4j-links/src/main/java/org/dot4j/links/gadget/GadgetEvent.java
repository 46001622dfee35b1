package org.dot4j.links.gadget;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * One event read from FunctionFS {@code ep0}: {@code struct usb_functionfs_event}, 12 bytes: the 8-byte
 * setup packet (meaningful for SETUP only), the type byte, 3 bytes of padding.
 *
 * @param kind what happened
 * @param typeCode the raw type byte, kept so an unknown type can be logged
 * @param setup the control request for {@link Kind#SETUP}, otherwise null
 */
public record GadgetEvent(Kind kind, int typeCode, SetupPacket setup) {

    /** Size of one event on the wire. */
    public static final int SIZE = 12;

    /** Event types, {@code enum usb_functionfs_event_type} in the kernel's functionfs.h. */
    public enum Kind {
        /** The gadget was bound to a UDC. */
        BIND(0),
        /** The gadget was unbound from its UDC. */
        UNBIND(1),
        /** The host selected a configuration with this function: endpoints are live. */
        ENABLE(2),
        /** The configuration was dropped (disconnect, bus reset, new configuration). */
        DISABLE(3),
        /** A control request for this function; it must be answered on ep0 before the next read. */
        SETUP(4),
        /** The bus was suspended. */
        SUSPEND(5),
        /** The bus resumed. */
        RESUME(6),
        /** A type this code does not know (newer kernel); logged and otherwise ignored. */
        UNKNOWN(-1);

        private final int code;

        Kind(int code) {
            this.code = code;
        }

        /** The wire value of this type. */
        public int code() {
            return code;
        }

        static Kind of(int code) {
            for (Kind kind : values()) {
                if (kind.code == code) {
                    return kind;
                }
            }
            return UNKNOWN;
        }
    }

    /** Checks that SETUP, and only SETUP, carries a setup packet. */
    public GadgetEvent {
        if ((kind == Kind.SETUP) != (setup != null)) {
            throw new IllegalArgumentException(kind + " event " + (setup == null ? "needs" : "takes no") + " setup packet");
        }
    }

    /**
     * Decodes every whole event in {@code bytes}, as one read of ep0 returns them.
     *
     * @throws IllegalArgumentException when the length is not a multiple of {@value #SIZE}
     */
    public static List<GadgetEvent> parseAll(ByteBuffer bytes) {
        if (bytes.remaining() % SIZE != 0) {
            throw new IllegalArgumentException(
                    "ep0 returned " + bytes.remaining() + " bytes, not a multiple of the " + SIZE + "-byte event size");
        }
        ByteBuffer in = bytes.slice().order(ByteOrder.LITTLE_ENDIAN);
        List<GadgetEvent> events = new ArrayList<>(in.remaining() / SIZE);
        while (in.hasRemaining()) {
            events.add(parse(in));
        }
        bytes.position(bytes.limit());
        return events;
    }

    private static GadgetEvent parse(ByteBuffer in) {
        int requestType = Byte.toUnsignedInt(in.get());
        int request = Byte.toUnsignedInt(in.get());
        int value = Short.toUnsignedInt(in.getShort());
        int index = Short.toUnsignedInt(in.getShort());
        int length = Short.toUnsignedInt(in.getShort());
        int type = Byte.toUnsignedInt(in.get());
        in.position(in.position() + 3); // _pad[3]
        Kind kind = Kind.of(type);
        SetupPacket setup = kind == Kind.SETUP ? new SetupPacket(requestType, request, value, index, length) : null;
        return new GadgetEvent(kind, type, setup);
    }

    @Override
    public String toString() {
        return switch (kind) {
            case SETUP -> setup.toString();
            case UNKNOWN -> "UNKNOWN(" + typeCode + ")";
            default -> kind.name();
        };
    }
}
