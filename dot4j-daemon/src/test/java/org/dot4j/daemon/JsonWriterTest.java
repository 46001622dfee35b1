package org.dot4j.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The hand-written JSON is valid RFC 8259 text whatever the strings hold (service names, reasons, device ids). */
class JsonWriterTest {

    @Test
    void quotesBackslashesAndControlCharactersAreEscaped() {
        assertThat(quoted("say \"hi\" \\ there")).isEqualTo("\"say \\\"hi\\\" \\\\ there\"");
        assertThat(quoted("a\nb\rc\td\be\ff")).isEqualTo("\"a\\nb\\rc\\td\\be\\ff\"");
        assertThat(quoted("\u0000\u0001\u001f")).isEqualTo("\"\\u0000\\u0001\\u001f\"");
    }

    @Test
    void lineSeparatorsAndHtmlCharactersAreEscapedForJavaScriptAndHtml() {
        assertThat(quoted("\u2028\u2029")).isEqualTo("\"\\u2028\\u2029\"");
        assertThat(quoted("</script><b>&")).isEqualTo("\"\\u003c/script\\u003e\\u003cb\\u003e\\u0026\"");
    }

    @Test
    void otherCharactersStayAsTheyAreAndLoneSurrogatesAreEscaped() {
        assertThat(quoted("Stylus C80 – café 🖨")).isEqualTo("\"Stylus C80 – café 🖨\"");
        assertThat(quoted("x\uD83Dy\uDC00")).isEqualTo("\"x\\ud83dy\\udc00\"");
        assertThat(quoted("/'")).isEqualTo("\"/'\"");
    }

    @Test
    void objectsAndArraysGetTheirCommasAndColons() {
        String json = new JsonWriter().beginObject()
                .field("name", "mfp").field("up", true).field("bytes", 12345L).field("reason", null)
                .name("list").beginArray().value(1).value("two").beginObject().endObject().beginArray().endArray().nullValue()
                .endArray()
                .name("empty").beginObject().endObject()
                .endObject().toString();
        assertThat(json).isEqualTo("{\"name\":\"mfp\",\"up\":true,\"bytes\":12345,\"reason\":null,"
                + "\"list\":[1,\"two\",{},[],null],\"empty\":{}}");
    }

    @Test
    void misuseFailsInsteadOfWritingBadJson() {
        assertThatThrownBy(() -> new JsonWriter().beginObject().value(1)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> new JsonWriter().beginArray().name("x")).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> new JsonWriter().beginArray().endObject()).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> new JsonWriter().beginObject().toString()).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> new JsonWriter().value(1).value(2)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> new JsonWriter().beginObject().name("a").endObject()).isInstanceOf(IllegalStateException.class);
    }

    private static String quoted(String s) {
        StringBuilder out = new StringBuilder();
        JsonWriter.quote(out, s);
        return out.toString();
    }
}
