package org.dot4j.links;

import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.dot4j.links.gadget.GadgetOptions;
import org.dot4j.links.tty.TtyOptions;

/**
 * A parsed link address such as {@code tcp://127.0.0.1:9100}, {@code unix:/run/dot4.sock} or {@code usb:03f0:1234}:
 * which kind of link and where. The accepted forms are listed in {@link #ACCEPTED_FORMS}.
 *
 * <p>Any form may carry a query ({@code ?key=value&flag}); a flag maps to the empty string. Each kind takes the keys
 * {@link LinkKind#queryKeys()} lists, and any other key is refused here, naming the known ones: a misspelt option
 * ({@code ?epson_entry}) must not be silently ignored. Values are read by whoever opens the link (e.g. {@code baud}
 * for ttys, {@code epson-entry} for the host); this class checks only {@code baud}, because a wrong baud rate would
 * otherwise fail silently on the wire. Values are taken verbatim (no percent-decoding).
 *
 * <p>{@code tcp-listen} binds exactly the address it names; the daemon and the simulator default to
 * {@code 127.0.0.1} so that nothing is reachable from other machines unless asked for.
 *
 * <p>Immutable and thread-safe; equal when their canonical forms ({@link #toString()}) are equal.
 */
public final class LinkUri {

    /** Every accepted form, quoted by each parse error so the user sees how to write it. */
    public static final String ACCEPTED_FORMS = "connect with tcp://HOST:PORT (IPv6 as tcp://[::1]:PORT), unix:/PATH,"
            + " tty:/dev/NAME[?baud=N], usb:VID:PID, usb:VID:PID:SERIAL, usb:BUS-PORT[.PORT...], usb:auto or mem:NAME;"
            + " listen with tcp-listen://ADDRESS:PORT (e.g. tcp-listen://127.0.0.1:0, port 0 picks a free one),"
            + " unix-listen:/PATH, pty, usb-gadget:/FUNCTIONFS-MOUNT or mem:NAME;"
            + " any of them may end in a query such as ?epson-entry or ?key=value&flag";

    /** What a link URI names, by its scheme. */
    public enum LinkKind {
        /** {@code tcp://HOST:PORT}: a TCP connection. */
        TCP("tcp", false),
        /** {@code unix:/PATH}: a Unix domain socket connection. */
        UNIX("unix", false),
        /** {@code tty:/dev/NAME}: a serial device or pty slave. */
        TTY("tty", false),
        /** {@code usb:...}: a USB printer interface, found by ids, serial, bus position or automatically. */
        USB("usb", false),
        /** {@code mem:NAME}: an in-process link, connecting or listening. */
        MEM("mem", false),
        /** {@code tcp-listen://ADDRESS:PORT}: a TCP server socket. */
        TCP_LISTEN("tcp-listen", true),
        /** {@code unix-listen:/PATH}: a Unix domain server socket. */
        UNIX_LISTEN("unix-listen", true),
        /** {@code pty}: a fresh pseudo-terminal whose slave hosts open as a tty. */
        PTY("pty", true),
        /** {@code usb-gadget:/MOUNT}: a USB device function served through a FunctionFS mount. */
        USB_GADGET("usb-gadget", true);

        private final String scheme;
        private final boolean listening;

        LinkKind(String scheme, boolean listening) {
            this.scheme = scheme;
            this.listening = listening;
        }

        /** The URI scheme, e.g. {@code tcp-listen}. */
        public String scheme() {
            return scheme;
        }

        /** The query keys this kind takes: the host's on links a host connects over, then the link's own. */
        public List<String> queryKeys() {
            return switch (this) {
                case TCP, UNIX, USB, MEM -> HostQuery.KEYS;
                case TTY -> Stream.concat(HostQuery.KEYS.stream(), TtyOptions.KEYS.stream()).toList();
                case USB_GADGET -> GadgetOptions.KEYS;
                case TCP_LISTEN, UNIX_LISTEN, PTY -> List.of();
            };
        }
    }

    private static final Pattern HOST_NAME = Pattern.compile("[A-Za-z0-9._-]+");
    private static final Pattern IPV6_LITERAL = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*(%[A-Za-z0-9._-]+)?");
    private static final Pattern MEM_NAME = Pattern.compile("[A-Za-z0-9._-]+");
    private static final Pattern USB_IDS = Pattern.compile("[0-9A-Fa-f]{1,4}:[0-9A-Fa-f]{1,4}(:.+)?");
    private static final Pattern USB_PORT_PATH = Pattern.compile("[0-9]{1,3}-[0-9]{1,3}(\\.[0-9]{1,3})*");
    private static final int MAX_PORT = 65_535;

    private final LinkKind kind;
    private final String host;
    private final int port;
    private final String location;
    private final Map<String, String> query;

    private LinkUri(LinkKind kind, String host, int port, String location, Map<String, String> query) {
        this.kind = kind;
        this.host = host;
        this.port = port;
        this.location = location;
        this.query = Collections.unmodifiableMap(query);
    }

    /**
     * Parses a link URI.
     *
     * @throws IllegalArgumentException naming the input, what is wrong with it and {@link #ACCEPTED_FORMS}
     */
    public static LinkUri parse(String text) {
        Objects.requireNonNull(text, "text");
        return new Parser(text).parse();
    }

    /** Which kind of link this names. */
    public LinkKind kind() {
        return kind;
    }

    /** True for the forms a peripheral listens on ({@code tcp-listen}, {@code unix-listen}, {@code pty},
     *  {@code usb-gadget}); {@code mem:} is false although it can be listened on as well as connected to. */
    public boolean isListening() {
        return kind.listening;
    }

    /** The host of a {@code tcp} or {@code tcp-listen} URI, IPv6 literals without brackets. */
    public String host() {
        require(kind == LinkKind.TCP || kind == LinkKind.TCP_LISTEN, "host");
        return host;
    }

    /** The port of a {@code tcp} (1..65535) or {@code tcp-listen} (0..65535, 0 = any free port) URI. */
    public int port() {
        require(kind == LinkKind.TCP || kind == LinkKind.TCP_LISTEN, "port");
        return port;
    }

    /** The file system path of a {@code unix}, {@code unix-listen}, {@code tty} or {@code usb-gadget} URI. */
    public String path() {
        require(kind == LinkKind.UNIX || kind == LinkKind.UNIX_LISTEN || kind == LinkKind.TTY
                || kind == LinkKind.USB_GADGET, "path");
        return location;
    }

    /** The name of a {@code mem} URI. */
    public String name() {
        require(kind == LinkKind.MEM, "name");
        return location;
    }

    /** The device selector of a {@code usb} URI as written: {@code VID:PID}, {@code VID:PID:SERIAL},
     *  {@code BUS-PORTPATH} or {@code auto}. */
    public String usbSpec() {
        require(kind == LinkKind.USB, "usb device selector");
        return location;
    }

    /** The query parameters, sorted by key; a flag without {@code =} maps to the empty string. */
    public Map<String, String> query() {
        return query;
    }

    /** The canonical form, which {@link #parse} accepts and maps back to an equal URI. */
    @Override
    public String toString() {
        StringBuilder text = new StringBuilder(kind.scheme);
        switch (kind) {
            case TCP, TCP_LISTEN -> text.append("://")
                    .append(host.indexOf(':') >= 0 ? "[" + host + "]" : host).append(':').append(port);
            case PTY -> { }
            default -> text.append(':').append(location);
        }
        String separator = "?";
        for (Map.Entry<String, String> parameter : query.entrySet()) {
            text.append(separator).append(parameter.getKey());
            if (!parameter.getValue().isEmpty()) {
                text.append('=').append(parameter.getValue());
            }
            separator = "&";
        }
        return text.toString();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof LinkUri uri && uri.toString().equals(toString());
    }

    @Override
    public int hashCode() {
        return toString().hashCode();
    }

    private void require(boolean applies, String part) {
        if (!applies) {
            throw new IllegalStateException(this + " has no " + part);
        }
    }

    /** One parse of one input; every failure goes through {@link #bad} so all messages share one shape. */
    private record Parser(String input) {

        LinkUri parse() {
            if (input.isBlank()) {
                throw bad("empty link URI");
            }
            int mark = input.indexOf('?');
            String body = mark < 0 ? input : input.substring(0, mark);
            Map<String, String> query = mark < 0 ? new TreeMap<>() : query(input.substring(mark + 1));
            if (body.equals(LinkKind.PTY.scheme)) {
                return checkKeys(new LinkUri(LinkKind.PTY, null, -1, null, query));
            }
            int colon = body.indexOf(':');
            if (colon <= 0) {
                throw bad("missing scheme (the part before ':')");
            }
            String scheme = body.substring(0, colon);
            String rest = body.substring(colon + 1);
            LinkKind kind = kindOf(scheme);
            return checkKeys(switch (kind) {
                case TCP, TCP_LISTEN -> socketAddress(kind, rest, query);
                case UNIX, UNIX_LISTEN, TTY, USB_GADGET -> new LinkUri(kind, null, -1, path(kind, rest), query);
                case USB -> new LinkUri(kind, null, -1, usbSpec(rest), query);
                case MEM -> new LinkUri(kind, null, -1, memName(rest), query);
                case PTY -> throw bad("pty takes no path or name; write just pty");
            });
        }

        /** {@code uri}, unless its query has a key its kind does not take. */
        private LinkUri checkKeys(LinkUri uri) {
            List<String> known = uri.kind.queryKeys();
            for (String key : uri.query.keySet()) {
                if (!known.contains(key)) {
                    String typed = key.toLowerCase(Locale.ROOT).replace('_', '-');
                    String meant = known.stream().filter(k -> distance(k, typed) <= 2)
                            .findFirst().map(k -> "; did you mean " + k + "?").orElse("");
                    throw bad("unknown option " + key + meant + "; " + uri.kind.scheme + ": takes "
                            + (known.isEmpty() ? "no options" : String.join(", ", known)));
                }
            }
            return uri;
        }

        /** Levenshtein distance: how many one-letter edits turn {@code a} into {@code b}. */
        private static int distance(String a, String b) {
            int[] row = new int[b.length() + 1];
            for (int j = 0; j <= b.length(); j++) {
                row[j] = j;
            }
            for (int i = 1; i <= a.length(); i++) {
                int diagonal = row[0];
                row[0] = i;
                for (int j = 1; j <= b.length(); j++) {
                    int above = row[j];
                    row[j] = Math.min(Math.min(row[j] + 1, row[j - 1] + 1), diagonal + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1));
                    diagonal = above;
                }
            }
            return row[b.length()];
        }

        private LinkKind kindOf(String scheme) {
            for (LinkKind kind : LinkKind.values()) {
                if (kind.scheme.equals(scheme)) {
                    return kind;
                }
            }
            throw bad("unknown scheme " + scheme);
        }

        private LinkUri socketAddress(LinkKind kind, String rest, Map<String, String> query) {
            if (!rest.startsWith("//")) {
                throw bad("expected // after " + kind.scheme + ":");
            }
            String authority = rest.substring(2);
            String host;
            String portText;
            if (authority.startsWith("[")) {
                int close = authority.indexOf(']');
                if (close < 0) {
                    throw bad("missing ] after IPv6 address");
                }
                host = authority.substring(1, close);
                if (!IPV6_LITERAL.matcher(host).matches()) {
                    throw bad("[" + host + "] is not an IPv6 address");
                }
                if (close + 1 == authority.length() || authority.charAt(close + 1) != ':') {
                    throw bad("missing port; expected :PORT after ]");
                }
                portText = authority.substring(close + 2);
            } else {
                int colon = authority.lastIndexOf(':');
                if (colon < 0) {
                    throw bad("missing port; expected HOST:PORT");
                }
                host = authority.substring(0, colon);
                portText = authority.substring(colon + 1);
                if (host.indexOf(':') >= 0) {
                    throw bad("an IPv6 address must be in brackets, e.g. " + kind.scheme + "://[::1]:9100");
                }
                if (host.isEmpty()) {
                    throw bad(kind == LinkKind.TCP_LISTEN
                            ? "missing host; name the address to bind, e.g. tcp-listen://127.0.0.1:" + portText
                            : "missing host");
                }
                if (!HOST_NAME.matcher(host).matches()) {
                    throw bad("host " + host + " is not a host name or IP address");
                }
            }
            return new LinkUri(kind, host, port(kind, portText), null, query);
        }

        private int port(LinkKind kind, String text) {
            if (text.isEmpty()) {
                throw bad("missing port");
            }
            if (!text.chars().allMatch(c -> c >= '0' && c <= '9') || text.length() > 9) {
                throw bad("port " + text + " is not a number");
            }
            int port = Integer.parseInt(text);
            int lowest = kind == LinkKind.TCP_LISTEN ? 0 : 1;
            if (port < lowest || port > MAX_PORT) {
                throw bad("port " + port + " out of range " + lowest + ".." + MAX_PORT);
            }
            return port;
        }

        private String path(LinkKind kind, String rest) {
            // unix:///run/x is the habit from other tools; it means the same file as unix:/run/x.
            String path = rest.startsWith("///") ? rest.substring(2) : rest;
            if (path.isEmpty()) {
                throw bad("missing path after " + kind.scheme + ":");
            }
            if (path.startsWith("//")) {
                throw bad(kind.scheme + ": takes a path, not a host; write " + kind.scheme + ":/PATH");
            }
            if (!path.startsWith("/")) {
                throw bad("path " + path + " must be absolute (start with /)");
            }
            if (path.indexOf('\0') >= 0) {
                throw bad("path contains a NUL character");
            }
            return path;
        }

        private String usbSpec(String rest) {
            if (rest.isEmpty()) {
                throw bad("missing device after usb:");
            }
            if (!rest.equals("auto") && !USB_IDS.matcher(rest).matches() && !USB_PORT_PATH.matcher(rest).matches()) {
                throw bad("usb device " + rest + " is none of VID:PID (hex, e.g. 03f0:1234), VID:PID:SERIAL,"
                        + " BUS-PORTPATH (e.g. 1-1.4) or auto");
            }
            return rest;
        }

        private String memName(String rest) {
            if (rest.isEmpty()) {
                throw bad("missing name after mem:");
            }
            if (!MEM_NAME.matcher(rest).matches()) {
                throw bad("mem name " + rest + " may contain only letters, digits, '.', '_' and '-'");
            }
            return rest;
        }

        private Map<String, String> query(String text) {
            if (text.isEmpty()) {
                throw bad("empty query after ?");
            }
            Map<String, String> query = new TreeMap<>();
            for (String parameter : text.split("&", -1)) {
                int equals = parameter.indexOf('=');
                String key = equals < 0 ? parameter : parameter.substring(0, equals);
                String value = equals < 0 ? "" : parameter.substring(equals + 1);
                if (key.isEmpty()) {
                    throw bad("empty query key in " + text);
                }
                if (query.put(key, value) != null) {
                    throw bad("duplicate query key " + key);
                }
            }
            String baud = query.get("baud");
            if (baud != null && !(baud.matches("[0-9]{1,9}") && Integer.parseInt(baud) > 0)) {
                throw bad("baud " + baud + " is not a positive number");
            }
            return query;
        }

        private IllegalArgumentException bad(String problem) {
            return new IllegalArgumentException("bad link URI \"" + input + "\": " + problem + ". " + ACCEPTED_FORMS);
        }
    }
}
