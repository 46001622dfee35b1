package org.dot4j.links.usb;

import java.util.List;
import java.util.Optional;
import org.dot4j.links.usb.Carrier.Kind;
import org.dot4j.links.usb.UsbDescriptors.ConfigurationDescriptor;
import org.dot4j.links.usb.UsbDescriptors.Endpoint;
import org.dot4j.links.usb.UsbDescriptors.InterfaceSetting;

/**
 * Picks the 1284.4 carrier of a configuration, matching triples per <em>alternate setting</em>
 * (ieee1284_4.md §7.1): 07/01/03, then ff/ff/ff, then ff/d4/00, then 07/01/02 with HP's ECP channel switch.
 * Within one triple the first matching setting in descriptor order wins. A setting qualifies only if it has
 * both a bulk OUT and a bulk IN endpoint; the carrier uses the first of each.
 *
 * <p><b>Epson rule</b> ({@link UsbOptions#epsonInBand()}, on by default): Epson hosts run 1284.4 in-band on
 * the plain 07/01/02 interface and send no control request (§7.3). On a device with vendor id 0x04b8 the
 * selector therefore tries 07/01/03, then 07/01/02 as {@link Kind#EPSON_INBAND}, and never the HP vendor
 * triples: on Epson multifunction printers ff/ff/ff is the scanner interface ("EPSON Scanner", e.g. the
 * ET-2826), not a 1284.4 carrier, so the HP order would pick the scanner. With the option off, Epson devices
 * get the HP order like everyone else.
 *
 * <p>Stateless and thread-safe.
 */
public final class CarrierSelector {

    /** USB vendor id of Seiko Epson. */
    public static final int EPSON_VENDOR_ID = 0x04b8;

    private static final List<Kind> HP_ORDER = List.of(Kind.CLASS_1284_4, Kind.HP_VENDOR_DOT4, Kind.HP_VENDOR_D4,
            Kind.BIDI_ECP_SWITCH);
    private static final List<Kind> EPSON_ORDER = List.of(Kind.CLASS_1284_4, Kind.EPSON_INBAND);

    private CarrierSelector() {}

    /** The carrier of a device's configuration, or empty when none of its alternate settings can carry 1284.4. */
    public static Optional<Carrier> select(int vendorId, ConfigurationDescriptor config, UsbOptions options) {
        List<Kind> order = vendorId == EPSON_VENDOR_ID && options.epsonInBand() ? EPSON_ORDER : HP_ORDER;
        for (Kind kind : order) {
            for (InterfaceSetting setting : config.settings()) {
                if (kind.matches(setting)) {
                    Optional<Carrier> carrier = carrier(setting, kind);
                    if (carrier.isPresent()) {
                        return carrier;
                    }
                }
            }
        }
        return Optional.empty();
    }

    /** Whether a setting is one a printer lister should show: printer class, or an HP vendor carrier triple. */
    public static boolean isPrinterRelated(InterfaceSetting setting) {
        return setting.interfaceClass() == 0x07 || Kind.HP_VENDOR_DOT4.matches(setting) || Kind.HP_VENDOR_D4.matches(setting);
    }

    private static Optional<Carrier> carrier(InterfaceSetting setting, Kind kind) {
        Optional<Endpoint> out = setting.firstBulkOut();
        Optional<Endpoint> in = setting.firstBulkIn();
        if (out.isEmpty() || in.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Carrier(setting.number(), setting.alternate(), kind, out.get().address(),
                in.get().address(), out.get().maxPacketSize(), in.get().maxPacketSize()));
    }
}
