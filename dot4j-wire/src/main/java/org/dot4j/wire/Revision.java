package org.dot4j.wire;

/**
 * Protocol revisions carried by Init (reference §2). Between 0x20 and 0x10 the revision chooses the layout of
 * OpenChannel, its reply, CloseChannel and CreditRequest when we encode ({@link TransactionCodec}); decoding goes by
 * LENGTH instead. Revision 3 is HP MLC, a transaction set of its own ({@link MlcCodec}).
 */
public final class Revision {

    /** IEEE 1284.4 as finalised; HPLIP sends it. */
    public static final int IEEE_1284_4 = 0x20;
    /** The pre-3.00 draft every Epson host speaks. */
    public static final int EPSON_DRAFT = 0x10;
    /** HP MLC (§6). */
    public static final int HP_MLC = 0x03;

    private Revision() {}

    /** True for the revisions dot4j speaks. */
    public static boolean isSupported(int revision) {
        return revision == IEEE_1284_4 || revision == EPSON_DRAFT || revision == HP_MLC;
    }

    /** True for HP MLC, whose transactions {@link MlcCodec} encodes. */
    public static boolean isMlc(int revision) {
        return revision == HP_MLC;
    }

    /** True when the revision uses the Epson draft layouts (17-byte OpenChannel, 16-byte reply...). */
    public static boolean usesDraftLayouts(int revision) {
        return revision == EPSON_DRAFT;
    }

    /** "0x20 (IEEE 1284.4)" and the like, for messages. */
    public static String describe(int revision) {
        String name = switch (revision) {
            case IEEE_1284_4 -> "IEEE 1284.4";
            case EPSON_DRAFT -> "Epson draft";
            case HP_MLC -> "HP MLC";
            default -> "unknown";
        };
        return String.format("0x%02X (%s)", revision, name);
    }
}
