package org.dot4j.daemon;

import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import org.dot4j.api.Dot4Constants;

/**
 * A loopback service port: TCP connections to {@code 127.0.0.1:port} each get their own channel on
 * {@code service} of a device. Written {@code [DEVICE:]SERVICE=PORT}, e.g. {@code PRINT=9100} (the first
 * device) or {@code office:PRINT=9100}.
 *
 * @param device the device, or empty for the first configured one
 * @param service the 1284.4 service name: 1..40 letters, digits, '-', '_', '.' or '+', starting with a letter or digit
 * @param port the TCP port, 1..65535, or 0 to let the system choose a free one (only in code, for tests:
 *             {@link #parse} refuses 0)
 */
public record PortSpec(Optional<String> device, String service, int port) {

    private static final int MAX_PORT = 65_535;
    /**
     * Service names as peripherals spell them (PRINT, HP-SCAN, EPSON-CTRL, MLC-STATUS). Narrower than the 40
     * printable characters the standard allows, so a name is never a path ('/', "..") or a shell or log hazard.
     */
    private static final Pattern SERVICE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_+.-]*");

    /** Checks every part. */
    public PortSpec {
        Objects.requireNonNull(device, "device");
        device.ifPresent(d -> DeviceSpec.requireName(d, "device name in port " + service + "=" + port));
        requireService(service);
        if (port < 0 || port > MAX_PORT) {
            throw new IllegalArgumentException("port " + service + "=" + port + ": TCP port must be 1..65535");
        }
    }

    /**
     * Parses {@code [DEVICE:]SERVICE=PORT}, as given to {@code --port}.
     *
     * @throws IllegalArgumentException naming the bad part
     */
    public static PortSpec parse(String spec) {
        int equals = spec.lastIndexOf('=');
        if (equals < 0) {
            throw new IllegalArgumentException("port \"" + spec + "\" is not [DEVICE:]SERVICE=PORT, e.g. PRINT=9100");
        }
        String target = spec.substring(0, equals);
        String portText = spec.substring(equals + 1);
        if (!portText.matches("[0-9]{1,5}")) {
            throw new IllegalArgumentException("port \"" + spec + "\": " + portText + " is not a TCP port number");
        }
        if (Integer.parseInt(portText) == 0) {
            throw new IllegalArgumentException("port \"" + spec + "\": TCP port must be 1..65535; 0 would be a random port"
                    + " nobody could find");
        }
        int colon = target.indexOf(':');
        Optional<String> device = colon < 0 ? Optional.empty() : Optional.of(target.substring(0, colon));
        String service = colon < 0 ? target : target.substring(colon + 1);
        return new PortSpec(device, service, Integer.parseInt(portText));
    }

    /** This port bound to a named device. */
    public PortSpec on(String deviceName) {
        return new PortSpec(Optional.of(deviceName), service, port);
    }

    @Override
    public String toString() {
        return device.map(d -> d + ":").orElse("") + service + "=" + port;
    }

    private static void requireService(String service) {
        if (service == null || service.length() > Dot4Constants.MAX_SERVICE_LENGTH || !SERVICE.matcher(service).matches()) {
            String shown = service == null ? "null" : service.length() > Dot4Constants.MAX_SERVICE_LENGTH
                    ? service.substring(0, Dot4Constants.MAX_SERVICE_LENGTH) + "...\" (" + service.length() + " characters)"
                    : service + "\"";
            throw new IllegalArgumentException("service \"" + shown + " must be 1.." + Dot4Constants.MAX_SERVICE_LENGTH
                    + " letters, digits, '-', '_', '.' or '+', starting with a letter or digit, e.g. PRINT or HP-SCAN");
        }
    }
}
