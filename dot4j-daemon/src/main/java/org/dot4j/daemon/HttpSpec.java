package org.dot4j.daemon;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.Objects;

/**
 * Where the status page listens: {@code HOST:PORT}, e.g. {@code 127.0.0.1:8631}, {@code [::1]:8631} or
 * {@code localhost:8631}; port 0 lets the system choose a free one (the address is printed at start and by
 * {@code dot4 ctl status}). Only a loopback address unless {@code allowRemote}: the page shows every device,
 * client, channel and job to whoever can reach it, and it has no login.
 *
 * @param address the address to bind, resolved
 * @param allowRemote whether a non-loopback address was explicitly allowed ({@code --http-allow-remote},
 *                    {@code allow-remote = true} under {@code [http]})
 */
public record HttpSpec(InetSocketAddress address, boolean allowRemote) {

    private static final int MAX_PORT = 65_535;

    /** Refuses a non-loopback address unless it was allowed. */
    public HttpSpec {
        Objects.requireNonNull(address, "address");
        if (address.isUnresolved()) {
            throw new IllegalArgumentException("status page address " + address + " is not resolved");
        }
        if (!loopback(address) && !allowRemote) {
            throw new IllegalArgumentException("status page address " + hostPort(address.getAddress(), address.getPort())
                    + " is not a loopback address: the page shows every device, client and job to anyone who can reach"
                    + " it and has no login; use 127.0.0.1:PORT, or give --http-allow-remote (allow-remote = true under"
                    + " [http] in the config file) to listen there anyway");
        }
    }

    /**
     * Parses {@code HOST:PORT} ({@code [IPV6]:PORT} for IPv6 literals); a name is looked up.
     *
     * @throws IllegalArgumentException naming the bad part, or a non-loopback address that was not allowed
     */
    public static HttpSpec parse(String text, boolean allowRemote) {
        int colon = text.lastIndexOf(':');
        String host = colon < 0 ? "" : text.substring(0, colon);
        String port = colon < 0 ? "" : text.substring(colon + 1);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        if (host.isEmpty() || !port.matches("[0-9]{1,5}") || Integer.parseInt(port) > MAX_PORT) {
            throw new IllegalArgumentException("status page address \"" + text + "\" is not HOST:PORT with a port 0..65535,"
                    + " e.g. 127.0.0.1:8631");
        }
        InetAddress resolved;
        try {
            resolved = InetAddress.getByName(host);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("status page address \"" + text + "\": cannot resolve " + host, e);
        }
        return new HttpSpec(new InetSocketAddress(resolved, Integer.parseInt(port)), allowRemote);
    }

    /** Whether the address is a loopback one (127.0.0.0/8, ::1). */
    public boolean loopback() {
        return loopback(address);
    }

    /** {@code http://HOST:PORT/} for {@code port}, the one actually bound. */
    public String url(int port) {
        return "http://" + hostPort(address.getAddress(), port) + "/";
    }

    @Override
    public String toString() {
        return hostPort(address.getAddress(), address.getPort()) + (allowRemote ? " (remote allowed)" : "");
    }

    private static boolean loopback(InetSocketAddress address) {
        return address.getAddress().isLoopbackAddress();
    }

    private static String hostPort(InetAddress address, int port) {
        String host = address.getHostAddress();
        return (address instanceof Inet6Address ? "[" + host.replaceFirst("%.*$", "") + "]" : host) + ":" + port;
    }
}
