package org.dot4j.daemon;

import java.util.ArrayDeque;

/**
 * Writes one JSON text (RFC 8259) value by value, without a library: objects and arrays are opened and closed,
 * commas and colons placed, and strings escaped by {@link #quote}. Misuse (a value where a name belongs, closing
 * what is not open) throws IllegalStateException, so a mistake shows in tests rather than as bad JSON.
 *
 * Public for the CLI's JSON outputs (dot4 decode --json), so there is one JSON writer in the project.
 *
 * <p>Not thread-safe: one writer per document.
 */
public final class JsonWriter {

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    /** What is open: '{' or '['. */
    private final ArrayDeque<Character> open = new ArrayDeque<>();
    private final StringBuilder out = new StringBuilder();
    /** Whether the innermost container has no member yet. */
    private boolean empty = true;
    /** Whether a name was written and its value is due. */
    private boolean named;

    /** Opens an object. */
    public JsonWriter beginObject() {
        beforeValue();
        return push('{');
    }

    /** Closes the innermost object. */
    public JsonWriter endObject() {
        return pop('{', '}');
    }

    /** Opens an array. */
    public JsonWriter beginArray() {
        beforeValue();
        return push('[');
    }

    /** Closes the innermost array. */
    public JsonWriter endArray() {
        return pop('[', ']');
    }

    /** The name of the next member of the innermost object. */
    public JsonWriter name(String name) {
        if (open.peek() == null || open.peek() != '{' || named) {
            throw new IllegalStateException("a name belongs right inside an object: " + name);
        }
        comma();
        quote(out, name);
        out.append(':');
        named = true;
        return this;
    }

    /** A string, or null. */
    public JsonWriter value(String value) {
        if (value == null) {
            return nullValue();
        }
        beforeValue();
        quote(out, value);
        return this;
    }

    /** null. */
    public JsonWriter nullValue() {
        beforeValue();
        out.append("null");
        return this;
    }

    /** A whole number. */
    public JsonWriter value(long value) {
        beforeValue();
        out.append(value);
        return this;
    }

    /** true or false. */
    public JsonWriter value(boolean value) {
        beforeValue();
        out.append(value);
        return this;
    }

    /** A member with a string value (or null). */
    public JsonWriter field(String name, String value) {
        return name(name).value(value);
    }

    /** A member with a number value. */
    public JsonWriter field(String name, long value) {
        return name(name).value(value);
    }

    /** A member with a boolean value. */
    public JsonWriter field(String name, boolean value) {
        return name(name).value(value);
    }

    /** The document; everything opened must be closed. */
    @Override
    public String toString() {
        if (!open.isEmpty()) {
            throw new IllegalStateException("unclosed " + open.peek());
        }
        return out.toString();
    }

    /**
     * Appends {@code s} as a JSON string: quotes, backslashes and control characters escaped (the short forms where
     * JSON has them), and also U+2028, U+2029 (line ends to JavaScript), '&lt;', '&gt;' and '&amp;' (so the text is
     * harmless inside HTML) and lone surrogates (which are no characters and would not survive UTF-8).
     */
    static void quote(StringBuilder out, String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    boolean paired = Character.isHighSurrogate(c) && i + 1 < s.length()
                            && Character.isLowSurrogate(s.charAt(i + 1));
                    if (paired) {
                        out.append(c).append(s.charAt(++i));
                    } else if (c < 0x20 || c == '\u2028' || c == '\u2029' || c == '<' || c == '>' || c == '&'
                            || Character.isSurrogate(c)) {
                        out.append("\\u").append(HEX[c >> 12 & 0xF]).append(HEX[c >> 8 & 0xF]).append(HEX[c >> 4 & 0xF])
                                .append(HEX[c & 0xF]);
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    private JsonWriter push(char bracket) {
        out.append(bracket);
        open.push(bracket);
        empty = true;
        return this;
    }

    private JsonWriter pop(char bracket, char closing) {
        if (open.peek() == null || open.peek() != bracket || named) {
            throw new IllegalStateException("cannot close " + closing + " here");
        }
        open.pop();
        out.append(closing);
        empty = false;
        return this;
    }

    private void beforeValue() {
        if (named) {
            named = false;
            return;
        }
        if (open.peek() != null && open.peek() == '{') {
            throw new IllegalStateException("a value inside an object needs a name first");
        }
        if (open.isEmpty() && !out.isEmpty()) {
            throw new IllegalStateException("one JSON text holds one value");
        }
        comma();
    }

    private void comma() {
        if (!empty) {
            out.append(',');
        }
        empty = false;
    }
}
