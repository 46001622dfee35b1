package org.dot4j.capture;

/** Text made safe for XML content and attribute values: the timeline's SVG and the conformance suite's JUnit XML. */
public final class Xml {

    private Xml() {}

    /**
     * Escapes markup characters and newlines (a raw newline in an attribute reads back as a space). Characters XML
     * cannot hold at all (control characters other than tab, lone surrogates, U+FFFE and U+FFFF) become '?', so
     * what a peer sent can never make the document unreadable.
     */
    public static String escape(String s) {
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                case '\n' -> b.append("&#10;");
                default -> {
                    boolean pair = Character.isHighSurrogate(c) && i + 1 < s.length()
                            && Character.isLowSurrogate(s.charAt(i + 1));
                    if (pair) {
                        b.append(c).append(s.charAt(++i));
                    } else if ((c < 0x20 && c != '\t') || Character.isSurrogate(c) || c == 0xFFFE || c == 0xFFFF) {
                        b.append('?');
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.toString();
    }
}
