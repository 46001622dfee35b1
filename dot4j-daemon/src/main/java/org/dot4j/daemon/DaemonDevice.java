package org.dot4j.daemon;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.dot4j.api.Dot4Exception;
import org.dot4j.api.NtStatus;

/**
 * A device a daemon serves, as the management code {@link ControlProtocol#DEVICES} lists it: UTF-8 lines
 * {@code NAME TAB URI TAB up|down}, in configuration order (docs/control-protocol.md).
 *
 * @param name the device's name ({@code dot4d:NAME}, {@code dot4://daemon/NAME})
 * @param uri its link URI
 * @param up whether the daemon is talking to it now
 */
public record DaemonDevice(String name, String uri, boolean up) {

    /** The wire form of {@code devices}. */
    static byte[] encode(List<DaemonDevice> devices) {
        StringBuilder text = new StringBuilder();
        devices.forEach(d -> text.append(d.name).append('\t').append(d.uri).append('\t').append(d.up ? "up" : "down")
                .append('\n'));
        return text.toString().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Reads the wire form.
     *
     * @throws Dot4Exception STATUS_INVALID_PARAMETER for a malformed answer
     */
    static List<DaemonDevice> decode(byte[] bytes) throws Dot4Exception {
        List<DaemonDevice> devices = new ArrayList<>();
        for (String line : new String(bytes, StandardCharsets.UTF_8).split("\n")) {
            if (line.isEmpty()) {
                continue;
            }
            String[] f = line.split("\t", -1);
            if (f.length < 3) {
                throw new Dot4Exception(NtStatus.STATUS_INVALID_PARAMETER, "the daemon's DEVICES answer is malformed: " + line);
            }
            devices.add(new DaemonDevice(f[0], f[1], f[2].equals("up")));
        }
        return List.copyOf(devices);
    }
}
