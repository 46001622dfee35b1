package org.dot4j.daemon;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Objects;
import java.util.Set;
import org.dot4j.links.LinkUri;

/**
 * A virtual link to a shared device for programs that speak IEEE 1284.4 themselves (escputil, d4lib, a
 * printer driver's own transport): written {@code DEVICE=LISTEN-URI}, e.g. {@code mfp=pty},
 * {@code mfp=unix-listen:/run/dot4/mfp.d4} or {@code mfp=tcp-listen://127.0.0.1:9400}. See {@link DeviceProxy}.
 *
 * @param device the device the programs reach
 * @param listen where they connect: {@code pty}, {@code unix-listen:PATH} or {@code tcp-listen://} on loopback
 */
public record ProxySpec(String device, LinkUri listen) {

    private static final Set<LinkUri.LinkKind> KINDS =
            Set.of(LinkUri.LinkKind.PTY, LinkUri.LinkKind.UNIX_LISTEN, LinkUri.LinkKind.TCP_LISTEN);

    /** Checks the device name and that the URI is a local listener. */
    public ProxySpec {
        DeviceSpec.requireName(device, "device name in proxy " + device + "=" + listen);
        Objects.requireNonNull(listen, "listen");
        if (!KINDS.contains(listen.kind())) {
            throw new IllegalArgumentException("proxy " + device + "=" + listen + ": programs reach a proxy through pty,"
                    + " unix-listen:/PATH or tcp-listen://127.0.0.1:PORT");
        }
        if (listen.kind() == LinkUri.LinkKind.TCP_LISTEN && !isLoopback(listen.host())) {
            throw new IllegalArgumentException("proxy " + device + "=" + listen + ": a TCP proxy listens on loopback only"
                    + " (127.0.0.1 or [::1]); other machines must not reach the device through the daemon");
        }
    }

    /**
     * Parses {@code DEVICE=LISTEN-URI}, as given to {@code --proxy}.
     *
     * @throws IllegalArgumentException naming the bad part
     */
    public static ProxySpec parse(String spec) {
        int equals = spec.indexOf('=');
        if (equals <= 0 || equals == spec.length() - 1) {
            throw new IllegalArgumentException("proxy \"" + spec + "\" is not DEVICE=URI, e.g. mfp=pty or"
                    + " mfp=unix-listen:/run/dot4/mfp.d4");
        }
        String device = spec.substring(0, equals);
        LinkUri listen;
        try {
            listen = LinkUri.parse(spec.substring(equals + 1));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("proxy \"" + spec + "\": " + e.getMessage(), e);
        }
        return new ProxySpec(device, listen);
    }

    @Override
    public String toString() {
        return device + "=" + listen;
    }

    private static boolean isLoopback(String host) {
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
