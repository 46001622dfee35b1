package org.dot4j.capture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** The project's capture fixtures (testdata/usbmon, testdata/tcp) decode as their READMEs describe them. */
class FixtureDecodeTest {

    private static final Path USB = Path.of("../testdata/usbmon/dot4-gadget.pcapng");
    private static final Path TCP = Path.of("../testdata/tcp/dot4-tcp.pcapng");

    private final List<DecodeEvent> events = new ArrayList<>();

    private static ChannelSummary channel(LinkSummary link, int socket) {
        return link.channels().stream().filter(c -> c.primarySocket() == socket).findFirst().orElseThrow();
    }

    @Test
    void theUsbmonCaptureHoldsOneDeviceWithItsPrintJobAndEcho() throws IOException {
        CaptureDecoder.Result r = CaptureDecoder.decode(USB, CaptureDecoder.Options.FIND, events::add);
        assertThat(r.records()).isEqualTo(333);
        LinkSummary link = r.links().get(0);
        assertThat(r.links()).hasSize(1);
        assertThat(link.link()).isEqualTo("usb 1.2");
        assertThat(link.violations()).isZero();
        assertThat(link.packets()).as("61 OUT and 60 IN transfers, one packet each").isEqualTo(121);
        ChannelSummary print = channel(link, 2);
        assertThat(print.service()).isEqualTo("PRINT");
        assertThat(print.hostToPeripheral().bytes()).isEqualTo(2304);
        ChannelSummary echo = channel(link, 6);
        assertThat(echo.hostToPeripheral().bytes()).isEqualTo(12);
        assertThat(echo.peripheralToHost().bytes()).isEqualTo(12);
        assertThat(events).filteredOn(e -> e instanceof DecodeEvent.Packet p && p.what().startsWith("Init rev")).hasSize(3);
    }

    @Test
    void namedEndpointsDecodeTheSameAndWrongOnesFindNothing() throws IOException {
        CaptureDecoder.Result named = CaptureDecoder.decode(USB,
                new CaptureDecoder.Options(UsbEndpoints.parse("0x02,0x81", "1.2"), OptionalInt.empty()), events::add);
        assertThat(named.links().get(0).packets()).isEqualTo(121);
        CaptureDecoder.Result wrong = CaptureDecoder.decode(USB,
                new CaptureDecoder.Options(new UsbEndpoints(Optional.of("1.3"), -1, -1), OptionalInt.empty()), e -> { });
        assertThat(wrong.links()).isEmpty();
    }

    @Test
    void theTcpCaptureHoldsFiveConnectionsInThreeDialects() throws IOException {
        CaptureDecoder.Result r = CaptureDecoder.decode(TCP, CaptureDecoder.Options.FIND, events::add);
        assertThat(r.links()).hasSize(5);
        assertThat(r.links()).allSatisfy(l -> assertThat(l.violations()).isZero());
        assertThat(r.links()).extracting(LinkSummary::dialect).containsExactly("0x20 (IEEE 1284.4)", "0x20 (IEEE 1284.4)",
                "0x10 (Epson draft) after Epson's entry packet", "0x03 (HP MLC)", "0x20 (IEEE 1284.4)");
        assertThat(channel(r.links().get(1), 2).hostToPeripheral().bytes()).isEqualTo(20_000);
        ChannelSummary epson = channel(r.links().get(2), 3);
        assertThat(epson.service()).isEqualTo("EPSON-CTRL");
        assertThat(epson.hostToPeripheral().bytes()).isEqualTo(5);
        assertThat(epson.peripheralToHost().bytes()).isEqualTo(33);
        assertThat(channel(r.links().get(3), 2).hostToPeripheral().bytes()).isEqualTo(2211);
        assertThat(channel(r.links().get(4), 6).peripheralToHost().bytes()).isEqualTo(10);
    }

    @Test
    void theTcpPortCanBeNamedAndAnotherPortFindsNothing() throws IOException {
        assertThat(CaptureDecoder.decode(TCP, new CaptureDecoder.Options(UsbEndpoints.FIND, OptionalInt.of(12844)), e -> { })
                .links()).hasSize(5);
        assertThat(CaptureDecoder.decode(TCP, new CaptureDecoder.Options(UsbEndpoints.FIND, OptionalInt.of(9100)), e -> { })
                .links()).isEmpty();
    }
}
