package org.dot4j.links.usb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code usb:} address URIs. No USB bus here; the emulated-bus test is elsewhere. */
@Timeout(10)
class UsbAddressTest {

    @Test
    void idsFormParsesHexIds() {
        assertThat(UsbAddress.parse("usb:03F0:0917")).isEqualTo(new UsbAddress.Ids(0x03f0, 0x0917, Optional.empty()));
    }

    @Test
    void idsWithSerialKeepTheSerialVerbatim() {
        assertThat(UsbAddress.parse("usb:04b8:1186:X4JK:0042"))
                .isEqualTo(new UsbAddress.Ids(0x04b8, 0x1186, Optional.of("X4JK:0042")));
    }

    @Test
    void portFormParsesBusAndHubPath() {
        UsbAddress.Port port = (UsbAddress.Port) UsbAddress.parse("usb:1-1.4.2");

        assertThat(port).isEqualTo(new UsbAddress.Port(1, List.of(1, 4, 2)));
        assertThat(port.matches(1, new int[] {1, 4, 2})).isTrue();
        assertThat(port.matches(1, new int[] {1, 4})).isFalse();
        assertThat(port.matches(2, new int[] {1, 4, 2})).isFalse();
    }

    @Test
    void autoFormParses() {
        assertThat(UsbAddress.parse("usb:auto")).isInstanceOf(UsbAddress.Auto.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"usb:03f0:0917", "usb:03f0:0917:00SGM3BC09TP", "usb:3-2", "usb:1-1.4.2", "usb:auto"})
    void uriRoundTrips(String uri) {
        assertThat(UsbAddress.parse(uri).uri()).isEqualTo(uri);
    }

    @ParameterizedTest
    @ValueSource(strings = {"usb:3f0:917", "usb:03f0", "usb:03f0:0917:", "usb:0-1", "usb:1-0.2", "usb:1-256",
        "usb:1-1.2.3.4.5.6.7.8", "usb:", "tcp:03f0:0917", "usb:AUTO", "usb:03g0:0917"})
    void badAddressesNameTheAcceptedForms(String uri) {
        assertThatThrownBy(() -> UsbAddress.parse(uri))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'" + uri + "'")
                .hasMessageContaining("usb:VID:PID, usb:VID:PID:SERIAL, usb:BUS-PORTPATH (e.g. usb:1-1.4.2) or usb:auto");
    }
}
