package org.dot4j.daemon;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.dot4j.api.Dot4Exception;
import org.dot4j.api.NtStatus;
import org.dot4j.driver.Dot4Host;
import org.dot4j.driver.ServiceDiscovery;

/**
 * What {@code dot4 probe dot4d:NAME} shows of a device the daemon holds: its link, the revision its conversation
 * agreed on, and its services as {@link ServiceDiscovery} finds them. Travels as the output of the management
 * code {@link ControlProtocol#PROBE}: UTF-8 lines of tab-separated fields ({@code link}, {@code revision},
 * {@code service SOCKET NAME FOUND-BY} per service, {@code note}), documented in docs/control-protocol.md.
 *
 * @param link the device's link URI
 * @param revision the revision of the daemon's conversation with it
 * @param services by socket id
 * @param note why the list may be incomplete, or ""
 */
public record DeviceProbe(String link, int revision, List<ServiceDiscovery.Service> services, String note) {

    /** Asks the device behind {@code host}. */
    static DeviceProbe of(DeviceSupervisor device, Dot4Host host) throws Dot4Exception {
        ServiceDiscovery.Result found = ServiceDiscovery.discover(host, List.of());
        return new DeviceProbe(device.spec().uri().toString(), host.revision(), found.services(), found.note());
    }

    /** The wire form. */
    byte[] encode() {
        StringBuilder text = new StringBuilder();
        text.append("link\t").append(link).append('\n').append("revision\t").append(revision).append('\n');
        services.forEach(s -> text.append("service\t").append(s.socket()).append('\t').append(s.name()).append('\t')
                .append(s.foundBy()).append('\n'));
        text.append("note\t").append(note).append('\n');
        return text.toString().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Reads the wire form; lines of unknown kinds are skipped (a later daemon may add some).
     *
     * @throws Dot4Exception STATUS_INVALID_PARAMETER for a malformed reply
     */
    static DeviceProbe decode(byte[] bytes) throws Dot4Exception {
        String link = "";
        int revision = 0;
        String note = "";
        List<ServiceDiscovery.Service> services = new ArrayList<>();
        try {
            for (String line : new String(bytes, StandardCharsets.UTF_8).split("\n")) {
                String[] f = line.split("\t", -1);
                switch (f[0]) {
                    case "link" -> link = f[1];
                    case "revision" -> revision = Integer.parseInt(f[1]);
                    case "service" -> services.add(new ServiceDiscovery.Service(Integer.parseInt(f[1]), f[2], f[3]));
                    case "note" -> note = f[1];
                    default -> { }
                }
            }
        } catch (ArrayIndexOutOfBoundsException | NumberFormatException e) {
            throw new Dot4Exception(NtStatus.STATUS_INVALID_PARAMETER, "the daemon's PROBE answer is malformed: " + e);
        }
        return new DeviceProbe(link, revision, List.copyOf(services), note);
    }
}
