package org.dot4j.links;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.EnumSet;
import java.util.Set;
import org.dot4j.links.LinkUri.LinkKind;

/**
 * Coverage-guided fuzzing of {@link LinkUri#parse}: any text either parses or is refused with an
 * IllegalArgumentException that quotes it and lists the accepted forms, never another exception. What parses has
 * a canonical form that parses back to an equal URI and is its own canonical form; each kind answers exactly the
 * accessors that apply to it, with values inside their documented ranges. Replays {@code LinkUriFuzzTestInputs/}
 * in {@code mvn test}; {@code fuzz/README.md} tells how to fuzz.
 */
class LinkUriFuzzTest {

    private static final Set<LinkKind> SOCKET_KINDS = EnumSet.of(LinkKind.TCP, LinkKind.TCP_LISTEN);
    private static final Set<LinkKind> PATH_KINDS =
            EnumSet.of(LinkKind.UNIX, LinkKind.UNIX_LISTEN, LinkKind.TTY, LinkKind.USB_GADGET);

    @FuzzTest(maxDuration = "15s")
    @DictionaryEntries({"tcp://", "tcp-listen://", "unix:", "unix-listen:", "tty:", "usb:", "usb-gadget:", "mem:",
            "pty", "127.0.0.1", "[::1]", ":9100", "?", "&", "=", "baud=", "epson-entry", "auto", "03f0:1234", "1-1.4",
            "/dev/", "///", "%"})
    void anyTextParsesToACanonicalUriOrIsRefusedClearly(FuzzedDataProvider data) {
        String text = data.consumeRemainingAsString();
        LinkUri uri;
        try {
            uri = LinkUri.parse(text);
        } catch (IllegalArgumentException e) {
            assertThat(e.getMessage()).startsWith("bad link URI \"" + text + "\": ").endsWith(LinkUri.ACCEPTED_FORMS);
            return;
        }
        String canonical = uri.toString();
        LinkUri again = LinkUri.parse(canonical);
        assertThat(again).as("%s parsed from its canonical form %s", text, canonical).isEqualTo(uri);
        assertThat(again.toString()).isEqualTo(canonical);
        assertThat(again.kind()).isEqualTo(uri.kind());
        assertThat(again.query()).isEqualTo(uri.query());
        assertThat(canonical).startsWith(uri.kind().scheme());
        assertThat(uri.query().keySet()).allSatisfy(key -> assertThat(key).isNotEmpty().doesNotContain("&", "="));
        checkAccessors(uri);
    }

    private static void checkAccessors(LinkUri uri) {
        LinkKind kind = uri.kind();
        if (SOCKET_KINDS.contains(kind)) {
            assertThat(uri.host()).isNotEmpty();
            assertThat(uri.port()).isBetween(kind == LinkKind.TCP ? 1 : 0, 65_535);
        } else {
            assertThatThrownBy(uri::host).isInstanceOf(IllegalStateException.class);
            assertThatThrownBy(uri::port).isInstanceOf(IllegalStateException.class);
        }
        if (PATH_KINDS.contains(kind)) {
            assertThat(uri.path()).startsWith("/").doesNotStartWith("//").doesNotContain("\0", "?");
        } else {
            assertThatThrownBy(uri::path).isInstanceOf(IllegalStateException.class);
        }
        if (kind == LinkKind.MEM) {
            assertThat(uri.name()).matches("[A-Za-z0-9._-]+");
        } else {
            assertThatThrownBy(uri::name).isInstanceOf(IllegalStateException.class);
        }
        if (kind == LinkKind.USB) {
            assertThat(uri.usbSpec()).isNotEmpty().doesNotContain("?");
        } else {
            assertThatThrownBy(uri::usbSpec).isInstanceOf(IllegalStateException.class);
        }
        String baud = uri.query().get("baud");
        if (baud != null) {
            assertThat(Integer.parseInt(baud)).isPositive();
        }
    }
}
