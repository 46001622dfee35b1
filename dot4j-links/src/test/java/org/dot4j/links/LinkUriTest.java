package org.dot4j.links;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.dot4j.links.LinkUri.LinkKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Every accepted URI form and what each bad one is told. */
@Timeout(5)
class LinkUriTest {

    @Test
    void tcpNamesHostAndPort() {
        LinkUri uri = LinkUri.parse("tcp://printer.local:9100");

        assertThat(uri.kind()).isEqualTo(LinkKind.TCP);
        assertThat(uri.host()).isEqualTo("printer.local");
        assertThat(uri.port()).isEqualTo(9100);
        assertThat(uri.isListening()).isFalse();
        assertThat(uri.query()).isEmpty();
    }

    @Test
    void tcpTakesAnIpv6LiteralInBrackets() {
        LinkUri uri = LinkUri.parse("tcp://[::1]:9100");

        assertThat(uri.host()).isEqualTo("::1");
        assertThat(uri.port()).isEqualTo(9100);
        assertThat(uri).hasToString("tcp://[::1]:9100");
    }

    @Test
    void tcpListenAcceptsPortZeroForAnyFreePort() {
        LinkUri uri = LinkUri.parse("tcp-listen://127.0.0.1:0");

        assertThat(uri.kind()).isEqualTo(LinkKind.TCP_LISTEN);
        assertThat(uri.host()).isEqualTo("127.0.0.1");
        assertThat(uri.port()).isZero();
        assertThat(uri.isListening()).isTrue();
    }

    @Test
    void pathFormsKeepTheirPath() {
        assertPath("unix:/run/dot4/printer.sock", LinkKind.UNIX, "/run/dot4/printer.sock", false);
        assertPath("unix-listen:/tmp/p.sock", LinkKind.UNIX_LISTEN, "/tmp/p.sock", true);
        assertPath("tty:/dev/ttyUSB0", LinkKind.TTY, "/dev/ttyUSB0", false);
        assertPath("usb-gadget:/dev/ffs-printer", LinkKind.USB_GADGET, "/dev/ffs-printer", true);
    }

    private static void assertPath(String text, LinkKind kind, String path, boolean listening) {
        LinkUri uri = LinkUri.parse(text);
        assertThat(uri.kind()).isEqualTo(kind);
        assertThat(uri.path()).isEqualTo(path);
        assertThat(uri.isListening()).isEqualTo(listening);
        assertThat(uri).hasToString(text);
    }

    @Test
    void unixWithThreeSlashesMeansTheSameFile() {
        assertThat(LinkUri.parse("unix:///run/x.sock")).isEqualTo(LinkUri.parse("unix:/run/x.sock"))
                .hasToString("unix:/run/x.sock");
    }

    @Test
    void ttyCarriesItsBaudRateInTheQuery() {
        LinkUri uri = LinkUri.parse("tty:/dev/ttyS0?baud=115200");

        assertThat(uri.path()).isEqualTo("/dev/ttyS0");
        assertThat(uri.query()).containsExactly(Map.entry("baud", "115200"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"usb:03f0:1234", "usb:3F0:a", "usb:03f0:1234:SN-00:42", "usb:1-1.4", "usb:3-2", "usb:auto"})
    void usbKeepsItsDeviceSelectorAsWritten(String text) {
        LinkUri uri = LinkUri.parse(text);

        assertThat(uri.kind()).isEqualTo(LinkKind.USB);
        assertThat(uri.usbSpec()).isEqualTo(text.substring("usb:".length()));
        assertThat(uri).hasToString(text);
    }

    @Test
    void memNamesAnInProcessLinkThatCanBeListenedOnToo() {
        LinkUri uri = LinkUri.parse("mem:bench-1");

        assertThat(uri.kind()).isEqualTo(LinkKind.MEM);
        assertThat(uri.name()).isEqualTo("bench-1");
        assertThat(uri.isListening()).isFalse();
    }

    @Test
    void ptyStandsAlone() {
        LinkUri uri = LinkUri.parse("pty");

        assertThat(uri.kind()).isEqualTo(LinkKind.PTY);
        assertThat(uri.isListening()).isTrue();
        assertThat(uri).hasToString("pty");
    }

    @Test
    void flagsMapToEmptyStringsAndTheCanonicalQueryIsSorted() {
        LinkUri uri = LinkUri.parse("usb:auto?revision=0x10&epson-entry");

        assertThat(uri.query()).containsExactly(Map.entry("epson-entry", ""), Map.entry("revision", "0x10"));
        assertThat(uri).hasToString("usb:auto?epson-entry&revision=0x10");
        assertThat(LinkUri.parse(uri.toString())).isEqualTo(uri);
    }

    @Test
    void partsAnotherKindLacksAreRefusedByName() {
        assertThatThrownBy(() -> LinkUri.parse("unix:/x").port()).hasMessage("unix:/x has no port");
        assertThatThrownBy(() -> LinkUri.parse("tcp://h:1").path()).hasMessage("tcp://h:1 has no path");
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '\'', value = {
        "''                          | empty link URI",
        "/dev/ttyUSB0                | missing scheme",
        "ftp://host:21               | unknown scheme ftp",
        "tcp:127.0.0.1:9100          | expected // after tcp:",
        "tcp://127.0.0.1             | missing port; expected HOST:PORT",
        "tcp://127.0.0.1:            | missing port",
        "tcp://127.0.0.1:70000       | port 70000 out of range 1..65535",
        "tcp://127.0.0.1:0           | port 0 out of range 1..65535",
        "tcp://127.0.0.1:http        | port http is not a number",
        "tcp://:9100                 | missing host",
        "tcp://::1:9100              | an IPv6 address must be in brackets, e.g. tcp://[::1]:9100",
        "tcp://[::1:9100             | missing ] after IPv6 address",
        "tcp://[::1]                 | missing port; expected :PORT after ]",
        "tcp://[host]:1              | [host] is not an IPv6 address",
        "tcp://pr!nter:1             | host pr!nter is not a host name or IP address",
        "tcp-listen://:0             | missing host; name the address to bind, e.g. tcp-listen://127.0.0.1:0",
        "tcp-listen://0.0.0.0:65536  | port 65536 out of range 0..65535",
        "unix:                       | missing path after unix:",
        "unix:dot4.sock              | path dot4.sock must be absolute",
        "unix://host/x               | unix: takes a path, not a host",
        "unix-listen:                | missing path after unix-listen:",
        "tty:                        | missing path after tty:",
        "tty:/dev/ttyS0?baud=fast    | baud fast is not a positive number",
        "usb:                        | missing device after usb:",
        "usb:12345:1                 | usb device 12345:1 is none of VID:PID",
        "usb:1-                      | usb device 1- is none of VID:PID",
        "usb-gadget:                 | missing path after usb-gadget:",
        "mem:                        | missing name after mem:",
        "mem:a/b                     | mem name a/b may contain only",
        "pty:/dev/ptmx               | pty takes no path or name",
        "tcp://h:1?                  | empty query after ?",
        "tcp://h:1?=x                | empty query key in =x",
        "tcp://h:1?mlc&mlc=miser     | duplicate query key mlc",
    })
    void badUriNamesItsProblemAndListsEveryAcceptedForm(String text, String problem) {
        assertThatThrownBy(() -> LinkUri.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("bad link URI \"" + text + "\": ")
                .hasMessageContaining(problem)
                .hasMessageEndingWith(LinkUri.ACCEPTED_FORMS);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '\'', value = {
        "tcp://h:1?epson_entry                | unknown option epson_entry; did you mean epson-entry?; tcp: takes epson-entry, revision, mlc",
        "unix:/x?revison=0x10                 | unknown option revison; did you mean revision?; unix: takes epson-entry, revision, mlc",
        "usb:auto?timeout=5                   | unknown option timeout; usb: takes epson-entry, revision, mlc",
        "mem:a?baud=9600                      | unknown option baud; mem: takes epson-entry, revision, mlc",
        "tty:/dev/ttyS0?bauds=9600            | unknown option bauds; did you mean baud?; tty: takes epson-entry, revision, mlc, baud, raw",
        "tcp-listen://127.0.0.1:0?epson-entry | unknown option epson-entry; tcp-listen: takes no options",
        "unix-listen:/x?a                     | unknown option a; unix-listen: takes no options",
        "pty?raw=false                        | unknown option raw; pty: takes no options",
        "usb-gadget:/ffs?speed=high           | unknown option speed; usb-gadget: takes device-id, interface-name, read-size",
    })
    void anUnknownQueryOptionIsRefusedNamingTheKnownOnes(String text, String problem) {
        assertThatThrownBy(() -> LinkUri.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("bad link URI \"" + text + "\": " + problem + ". ")
                .hasMessageEndingWith(LinkUri.ACCEPTED_FORMS);
    }

    @ParameterizedTest
    @ValueSource(strings = {"tcp://h:1?epson-entry&revision=0x10", "unix:/x?mlc=miser", "usb:auto?mlc",
        "tty:/dev/ttyS0?baud=115200&raw=false&epson-entry", "usb-gadget:/ffs?device-id=MFG:x;&read-size=512&interface-name=p",
        "mem:a?revision=0x20"})
    void everyKnownOptionOfEachKindIsTaken(String text) {
        assertThat(LinkUri.parse(text).query()).isNotEmpty();
    }

    @Test
    void everyKindSaysWhichOptionsItTakes() {
        for (LinkKind kind : LinkKind.values()) {
            assertThat(kind.queryKeys()).as(kind.scheme()).doesNotHaveDuplicates();
        }
        assertThat(LinkKind.TTY.queryKeys()).contains("baud", "raw", "epson-entry");
        assertThat(LinkKind.TCP_LISTEN.queryKeys()).isEmpty();
    }
}
