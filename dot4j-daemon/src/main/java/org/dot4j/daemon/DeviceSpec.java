package org.dot4j.daemon;

import java.util.Objects;
import java.util.regex.Pattern;
import org.dot4j.driver.HostOptions;
import org.dot4j.links.HostQuery;
import org.dot4j.links.LinkUri;

/**
 * One device the daemon serves: a name clients use, the link to reach it, and how to start the conversation.
 * The {@link HostOptions} come from the URI's query: {@code ?mlc} (or {@code ?mlc=miser}) selects HP MLC,
 * {@code ?epson-entry} selects {@link HostOptions#epson()}
 * (entry packet, revision 0x10), {@code ?revision=0x10} or {@code ?revision=0x20} sets the Init revision.
 *
 * @param name the device name: 1..64 of letters, digits, '.', '_' and '-'
 * @param uri where the device is
 * @param options how to start the 1284.4 conversation
 */
public record DeviceSpec(String name, LinkUri uri, HostOptions options) {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    /** Checks the name. */
    public DeviceSpec {
        Objects.requireNonNull(uri, "uri");
        Objects.requireNonNull(options, "options");
        requireName(name, "device name");
    }

    /**
     * Parses {@code NAME=URI}, as given to {@code --device}.
     *
     * @throws IllegalArgumentException naming the bad part
     */
    public static DeviceSpec parse(String spec) {
        int equals = spec.indexOf('=');
        if (equals < 0) {
            throw new IllegalArgumentException("device \"" + spec + "\" is not NAME=URI, e.g. office=usb:03f0:1234");
        }
        return of(spec.substring(0, equals), spec.substring(equals + 1));
    }

    /**
     * A device from its name and URI text; the options come from the URI's query.
     *
     * @throws IllegalArgumentException naming the bad name, URI or query value
     */
    public static DeviceSpec of(String name, String uriText) {
        requireName(name, "device name");
        LinkUri uri = LinkUri.parse(uriText);
        if (uri.isListening()) {
            throw new IllegalArgumentException("device " + name + ": " + uri + " is an address to listen on; the daemon"
                    + " is the host and connects to the device, e.g. unix:/PATH or tcp://HOST:PORT");
        }
        return new DeviceSpec(name, uri, optionsOf(name, uri));
    }

    static void requireName(String name, String what) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException(what + " \"" + name + "\" must be 1..64 letters, digits, '.', '_' or '-'");
        }
    }

    private static HostOptions optionsOf(String name, LinkUri uri) {
        try {
            return HostQuery.options(uri, false, HostOptions.defaults().replyTimeout());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("device " + name + ": " + e.getMessage(), e);
        }
    }
}
