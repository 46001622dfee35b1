package org.dot4j.links.usb;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.dot4j.links.usb.Carrier.Kind;
import org.dot4j.links.usb.UsbDescriptors.ConfigurationDescriptor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Carrier choice (ieee1284_4.md §7.1, Epson §7.3) on real descriptors and on synthetic ones for the order
 * rules. No USB bus here; the emulated-bus test is elsewhere.
 */
@Timeout(10)
class CarrierSelectorTest {

    private static final int HP = 0x03f0;
    private static final UsbOptions DEFAULTS = UsbOptions.defaults();

    @Test
    void hpLaserJet3330UsesItsClass1284_4SettingDirectly() throws Exception {
        ConfigurationDescriptor config = UsbDescriptors.parseConfiguration(
                LsusbListing.load("hp-laserjet-3330-mfp.lsusb.txt").configuration());

        assertThat(CarrierSelector.select(HP, config, DEFAULTS))
                .contains(new Carrier(0, 0, Kind.CLASS_1284_4, 0x01, 0x81, 64, 64));
        assertThat(CarrierSelector.select(HP, config, DEFAULTS).orElseThrow().needsEcpSwitch()).isFalse();
    }

    @Test
    void epsonL100StaysInBandOnItsBidirectionalInterface() throws Exception {
        ConfigurationDescriptor config = UsbDescriptors.parseConfiguration(
                LsusbListing.load("epson-l100.lsusb.txt").configuration());

        Carrier carrier = CarrierSelector.select(CarrierSelector.EPSON_VENDOR_ID, config, DEFAULTS).orElseThrow();

        assertThat(carrier).isEqualTo(new Carrier(0, 0, Kind.EPSON_INBAND, 0x04, 0x85, 64, 64));
        assertThat(carrier.needsEcpSwitch()).isFalse();
    }

    @Test
    void epsonL100WithoutTheEpsonRuleGetsHpsEcpSwitch() throws Exception {
        ConfigurationDescriptor config = UsbDescriptors.parseConfiguration(
                LsusbListing.load("epson-l100.lsusb.txt").configuration());

        Carrier carrier = CarrierSelector.select(CarrierSelector.EPSON_VENDOR_ID, config,
                DEFAULTS.withEpsonInBand(false)).orElseThrow();

        assertThat(carrier.kind()).isEqualTo(Kind.BIDI_ECP_SWITCH);
        assertThat(carrier.needsEcpSwitch()).isTrue();
    }

    /** Hand-encoded from the ET-2826 interface table (resources/usb/epson-et2826-interfaces.txt). */
    private static ConfigurationDescriptor epsonEt2826() {
        return UsbDescriptors.parseConfiguration(new DescriptorBuilder()
                .setting(0, 0, 0xff, 0xff, 0xff, 3).bulk(0x01, 512).bulk(0x82, 512).endpoint(0x83, 3, 8)
                .setting(1, 0, 7, 1, 2, 2).bulk(0x04, 512).bulk(0x85, 512)
                .setting(1, 1, 7, 1, 4, 2).bulk(0x04, 512).bulk(0x85, 512)
                .setting(2, 0, 0xff, 0xaa, 1, 2).bulk(0x08, 512).bulk(0x89, 512)
                .setting(3, 0, 0xff, 1, 0, 2).bulk(0x0a, 512).bulk(0x8b, 512)
                .setting(3, 1, 7, 1, 4, 2).bulk(0x0a, 512).bulk(0x8b, 512)
                .build());
    }

    @Test
    void epsonMultifunctionPrinterIgnoresItsFfFfFfScannerInterface() {
        assertThat(CarrierSelector.select(CarrierSelector.EPSON_VENDOR_ID, epsonEt2826(), DEFAULTS))
                .contains(new Carrier(1, 0, Kind.EPSON_INBAND, 0x04, 0x85, 512, 512));
    }

    @Test
    void withoutTheEpsonRuleTheHpOrderWouldPickTheEpsonScanner() {
        assertThat(CarrierSelector.select(CarrierSelector.EPSON_VENDOR_ID, epsonEt2826(), DEFAULTS.withEpsonInBand(false)))
                .map(Carrier::kind).contains(Kind.HP_VENDOR_DOT4);
    }

    @Test
    void vendorTriplesComeBeforeTheBidirectionalSettingAndFfFfFfBeforeFfD400() {
        ConfigurationDescriptor config = UsbDescriptors.parseConfiguration(new DescriptorBuilder()
                .setting(0, 0, 7, 1, 2, 2).bulk(0x01, 512).bulk(0x81, 512)
                .setting(1, 0, 0xff, 0xd4, 0, 2).bulk(0x02, 512).bulk(0x82, 512)
                .setting(2, 0, 0xff, 0xff, 0xff, 2).bulk(0x03, 512).bulk(0x83, 512)
                .build());

        assertThat(CarrierSelector.select(HP, config, DEFAULTS)).map(Carrier::interfaceNumber).contains(2);
    }

    @Test
    void class1284_4OnAnAlternateSettingBeatsEveryOtherInterface() {
        ConfigurationDescriptor config = UsbDescriptors.parseConfiguration(new DescriptorBuilder()
                .setting(0, 0, 0xff, 0xff, 0xff, 2).bulk(0x01, 512).bulk(0x81, 512)
                .setting(1, 0, 7, 1, 2, 2).bulk(0x02, 512).bulk(0x82, 512)
                .setting(1, 1, 7, 1, 3, 2).bulk(0x02, 512).bulk(0x82, 512)
                .build());

        assertThat(CarrierSelector.select(HP, config, DEFAULTS))
                .contains(new Carrier(1, 1, Kind.CLASS_1284_4, 0x02, 0x82, 512, 512));
    }

    @Test
    void aSettingWithoutABulkPairIsSkippedAndInterruptEndpointsDoNotCount() {
        ConfigurationDescriptor config = UsbDescriptors.parseConfiguration(new DescriptorBuilder()
                .setting(0, 0, 7, 1, 3, 2).bulk(0x01, 64).endpoint(0x81, 3, 64)
                .setting(1, 0, 7, 1, 2, 3).endpoint(0x83, 3, 8).bulk(0x02, 64).bulk(0x82, 64)
                .build());

        Carrier carrier = CarrierSelector.select(HP, config, DEFAULTS).orElseThrow();

        assertThat(carrier.kind()).isEqualTo(Kind.BIDI_ECP_SWITCH);
        assertThat(carrier.bulkIn()).isEqualTo(0x82);
    }

    @Test
    void aDeviceWithoutCarrierTriplesHasNoCarrier() {
        ConfigurationDescriptor config = UsbDescriptors.parseConfiguration(new DescriptorBuilder()
                .setting(0, 0, 7, 1, 1, 1).bulk(0x01, 64)
                .setting(1, 0, 0xff, 0xcc, 0, 2).bulk(0x02, 512).bulk(0x82, 512)
                .build());

        assertThat(CarrierSelector.select(HP, config, DEFAULTS)).isEqualTo(Optional.empty());
    }
}
