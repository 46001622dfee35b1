package org.dot4j.links.gadget;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import org.junit.jupiter.api.Test;

/** usb-gadget: URI query parsing. */
class GadgetOptionsTest {

    @Test
    void absentQueryGivesDefaults() {
        assertThat(GadgetOptions.fromUri(URI.create("usb-gadget:/dev/ffs-dot4"))).isEqualTo(GadgetOptions.defaults());
    }

    @Test
    void queryValuesArePercentDecoded() {
        GadgetOptions options = GadgetOptions.fromUri(URI.create(
                "usb-gadget:/dev/ffs-dot4?device-id=MFG:ACME;MDL:Laser%20Jet%201;CMD:D4;&interface-name=acme+dot4&read-size=64"));

        assertThat(options).isEqualTo(new GadgetOptions("MFG:ACME;MDL:Laser Jet 1;CMD:D4;", "acme dot4", 64));
    }

    @Test
    void unknownKeyIsRefusedListingTheKnownOnes() {
        assertThatThrownBy(() -> GadgetOptions.fromUri(URI.create("usb-gadget:/dev/ffs?speed=high")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'speed'")
                .hasMessageContaining("device-id");
    }

    @Test
    void readSizeMustBeAWholeNumberOfFullSpeedPackets() {
        assertThatThrownBy(() -> GadgetOptions.fromUri(URI.create("usb-gadget:/dev/ffs?read-size=100")))
                .hasMessageContaining("multiple of 64");
        assertThatThrownBy(() -> GadgetOptions.fromUri(URI.create("usb-gadget:/dev/ffs?read-size=big")))
                .hasMessageContaining("not a number");
    }

    @Test
    void otherSchemeIsRefused() {
        assertThatThrownBy(() -> GadgetOptions.fromUri(URI.create("tcp://localhost:9100")))
                .hasMessageContaining("not a usb-gadget: URI");
    }
}
