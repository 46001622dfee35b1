package org.dot4j.capture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;

/** Whatever a peer or a test put in a string, the escaped text parses back as XML and keeps what XML can hold. */
class XmlTest {

    @Test
    void markupAndNewlinesAreEscaped() {
        assertThat(Xml.escape("a<b>&\"c\"\nd\te")).isEqualTo("a&lt;b&gt;&amp;&quot;c&quot;&#10;d\te");
    }

    @Test
    void whatXmlCannotHoldBecomesAQuestionMarkAndPairsStay() throws Exception {
        String nasty = "nul\0 bel\u0007 lone\uD800 low\uDC00 end\uFFFE\uFFFF pair\uD83D\uDDA8 line\nnext";
        String escaped = Xml.escape(nasty);
        assertThat(escaped).isEqualTo("nul? bel? lone? low? end?? pair\uD83D\uDDA8 line&#10;next");
        String doc = "<r a=\"" + escaped + "\">" + escaped + "</r>";
        var root = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(doc.getBytes(StandardCharsets.UTF_8))).getDocumentElement();
        assertThat(root.getAttribute("a")).as("the attribute keeps its newline").contains("line\nnext").contains("\uD83D\uDDA8");
        assertThat(root.getTextContent()).contains("pair\uD83D\uDDA8 line\nnext");
    }
}
