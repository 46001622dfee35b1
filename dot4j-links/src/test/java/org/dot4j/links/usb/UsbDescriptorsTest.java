package org.dot4j.links.usb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.dot4j.links.usb.UsbDescriptors.ConfigurationDescriptor;
import org.dot4j.links.usb.UsbDescriptors.DeviceDescriptor;
import org.dot4j.links.usb.UsbDescriptors.Endpoint;
import org.dot4j.links.usb.UsbDescriptors.InterfaceSetting;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Descriptor parsing from real descriptor bytes (rebuilt from public {@code lsusb -v} listings in
 * src/test/resources/usb) and from malformed input. No USB bus here; the emulated-bus test is elsewhere.
 */
@Timeout(10)
class UsbDescriptorsTest {

    @Test
    void hpLaserJet3330DeviceDescriptorParsesToTheListedIds() throws Exception {
        DeviceDescriptor device = UsbDescriptors.parseDevice(LsusbListing.load("hp-laserjet-3330-mfp.lsusb.txt").device());

        assertThat(device.vendorId()).isEqualTo(0x03f0);
        assertThat(device.productId()).isEqualTo(0x0917);
        assertThat(device.usbVersionBcd()).isEqualTo(0x0110);
        assertThat(device.maxPacketSize0()).isEqualTo(8);
        assertThat(device.serialIndex()).isEqualTo(3);
        assertThat(device.numConfigurations()).isEqualTo(1);
    }

    @Test
    void hpLaserJet3330ConfigurationHasThreeAlternateSettingsOfOneInterface() throws Exception {
        byte[] raw = LsusbListing.load("hp-laserjet-3330-mfp.lsusb.txt").configuration();
        assertThat(raw).hasSize(78); // the listing's wTotalLength: the conversion lost nothing

        ConfigurationDescriptor config = UsbDescriptors.parseConfiguration(raw);

        assertThat(config.configurationValue()).isEqualTo(1);
        assertThat(config.settings()).extracting(s -> s.number() + "." + s.alternate() + " " + s.triple())
                .containsExactly("0.0 07/01/03", "0.1 07/01/02", "0.2 07/01/01");
        InterfaceSetting dot4 = config.settings().get(0);
        assertThat(dot4.endpoints()).containsExactly(new Endpoint(0x01, 2, 64, 0), new Endpoint(0x81, 2, 64, 0),
                new Endpoint(0x82, 3, 8, 255));
        assertThat(dot4.firstBulkIn()).map(Endpoint::address).contains(0x81);
        assertThat(config.settings().get(2).firstBulkIn()).isEmpty();
    }

    @Test
    void epsonL100HasOneBidirectionalSettingWithEndpointsFourAndFive() throws Exception {
        LsusbListing listing = LsusbListing.load("epson-l100.lsusb.txt");

        assertThat(UsbDescriptors.parseDevice(listing.device()).vendorId()).isEqualTo(0x04b8);
        ConfigurationDescriptor config = UsbDescriptors.parseConfiguration(listing.configuration());
        assertThat(config.settings()).singleElement().satisfies(s -> {
            assertThat(s.triple()).isEqualTo("07/01/02");
            assertThat(s.firstBulkOut()).map(Endpoint::address).contains(0x04);
            assertThat(s.firstBulkIn()).map(Endpoint::address).contains(0x85);
        });
    }

    @Test
    void unknownDescriptorsBetweenInterfaceAndEndpointsAreSkipped() {
        byte[] raw = new DescriptorBuilder()
                .raw(8, 0x0b, 0, 2, 7, 1, 2, 0) // interface association
                .setting(0, 0, 7, 1, 4, 2)
                .raw(10, 0x21, 0, 1, 1, 0, 0, 0, 0x11, 0) // IPP-over-USB class descriptor
                .bulk(0x01, 512).bulk(0x82, 512).build();

        InterfaceSetting ipp = UsbDescriptors.parseConfiguration(raw).settings().getFirst();

        assertThat(ipp.triple()).isEqualTo("07/01/04");
        assertThat(ipp.endpoints()).extracting(Endpoint::address).containsExactly(0x01, 0x82);
    }

    @Test
    void highBandwidthBitsAreNotPartOfTheMaxPacketSize() {
        byte[] raw = new DescriptorBuilder().setting(0, 0, 7, 1, 3, 1).endpoint(0x81, 2, 0x1200 | 0x200).build();

        assertThat(UsbDescriptors.parseConfiguration(raw).settings().getFirst().endpoints().getFirst().maxPacketSize())
                .isEqualTo(512);
    }

    @Test
    void malformedConfigurationsAreRejectedWithTheOffsetAndTheProblem() {
        byte[] good = new DescriptorBuilder().setting(0, 0, 7, 1, 3, 2).bulk(0x01, 64).bulk(0x81, 64).build();

        assertThatThrownBy(() -> UsbDescriptors.parseConfiguration(Arrays.copyOf(good, 5)))
                .hasMessageContaining("too short");
        assertThatThrownBy(() -> UsbDescriptors.parseConfiguration(Arrays.copyOf(good, good.length - 3)))
                .hasMessageContaining("wTotalLength " + good.length);
        byte[] wrongType = good.clone();
        wrongType[1] = 1;
        assertThatThrownBy(() -> UsbDescriptors.parseConfiguration(wrongType))
                .hasMessageContaining("not a configuration descriptor");
        byte[] zeroLength = good.clone();
        zeroLength[9 + 9] = 0; // the first endpoint's bLength
        assertThatThrownBy(() -> UsbDescriptors.parseConfiguration(zeroLength))
                .hasMessageContaining("offset 18").hasMessageContaining("below 2");
        byte[] overrun = good.clone();
        overrun[9 + 9 + 7] = 40; // the last endpoint claims 40 bytes
        assertThatThrownBy(() -> UsbDescriptors.parseConfiguration(overrun))
                .hasMessageContaining("offset 25").hasMessageContaining("runs past wTotalLength");
        byte[] orphan = new DescriptorBuilder().bulk(0x01, 64).build();
        assertThatThrownBy(() -> UsbDescriptors.parseConfiguration(orphan))
                .hasMessageContaining("endpoint descriptor before any interface");
        byte[] shortInterface = new DescriptorBuilder().raw(5, 4, 0, 0, 0).build();
        assertThatThrownBy(() -> UsbDescriptors.parseConfiguration(shortInterface))
                .hasMessageContaining("interface descriptor of 5 bytes");
    }

    @Test
    void shortOrForeignDeviceDescriptorsAreRejected() {
        assertThatThrownBy(() -> UsbDescriptors.parseDevice(new byte[17])).hasMessageContaining("too short");
        byte[] config = new byte[18];
        config[0] = 18;
        config[1] = 2;
        assertThatThrownBy(() -> UsbDescriptors.parseDevice(config)).hasMessageContaining("not a device descriptor");
    }
}
