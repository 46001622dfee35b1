package org.dot4j.driver;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeMap;
import org.dot4j.api.Dot4Exception;
import org.dot4j.api.NtStatus;
import org.dot4j.wire.Revision;

/**
 * What services a peripheral offers. 1284.4 cannot list them, so this asks GetSocketID for the names real hosts use
 * and GetServiceName for sockets 1..31; in HP MLC, which has neither, the names map to HP's fixed socket ids.
 * Used by {@code dot4 probe} (directly and through the daemon) and by the daemon's proxies.
 */
public final class ServiceDiscovery {

    /** Names asked for by GetSocketID: HPLIP's (reference §8.1), Epson's (§8.2) and dot4j's simulator's. */
    public static final List<String> WELL_KNOWN = List.of("PRINT", "HP-MESSAGE", "HP-SCAN", "ECHO", "HP-FAX-SEND",
            "HP-CARD-ACCESS", "HP-CONFIGURATION-UPLOAD", "HP-CONFIGURATION-DOWNLOAD", "HP-WIFICONFIG", "HP-DEVMGMT",
            "HP-STATUS", "EPSON-CTRL", "EPSON-DATA", "EPSON-SCAN");
    /** The highest socket id asked for by GetServiceName. */
    static final int LAST_ASKED_SOCKET = 31;

    /**
     * A service found.
     *
     * @param socket its socket id on the peripheral
     * @param name its service name
     * @param foundBy "GetSocketID", "GetServiceName", "both", or "fixed id" (HP MLC)
     */
    public record Service(int socket, String name, String foundBy) {}

    /**
     * What was found.
     *
     * @param services by socket id
     * @param note why the list may be incomplete ("" when it is all the peripheral said)
     */
    public record Result(List<Service> services, String note) {}

    private ServiceDiscovery() {
    }

    /**
     * Asks {@code host}'s peripheral about {@link #WELL_KNOWN} and {@code extraNames}, then sockets 1..31.
     *
     * @throws Dot4Exception when the link fails while asking
     */
    public static Result discover(Dot4Host host, List<String> extraNames) throws Dot4Exception {
        boolean mlc = Revision.isMlc(host.revision());
        Map<Integer, String[]> found = new TreeMap<>();
        List<String> names = new ArrayList<>(WELL_KNOWN);
        extraNames.stream().filter(n -> names.stream().noneMatch(n::equalsIgnoreCase)).forEach(names::add);
        for (String name : names) {
            OptionalInt id = host.socketIdOf(name);
            if (id.isPresent()) {
                // Two names on one socket (an alias): the first asked wins, as GetServiceName can give only one.
                found.putIfAbsent(id.getAsInt(), new String[] {name, mlc ? "fixed id" : "GetSocketID"});
            }
        }
        String note = mlc ? "HP MLC has no GetSocketID: these are HP's fixed socket ids, not what the peripheral serves"
                : askNames(host, found);
        List<Service> services = new ArrayList<>();
        found.forEach((id, v) -> services.add(new Service(id, v[0], v[1])));
        return new Result(List.copyOf(services), note);
    }

    /** GetServiceName for sockets 1..31; a note when the peripheral does not answer it, else "". */
    private static String askNames(Dot4Host host, Map<Integer, String[]> found) throws Dot4Exception {
        for (int id = 1; id <= LAST_ASKED_SOCKET; id++) {
            try {
                Optional<String> name = host.serviceNameOf(id);
                if (name.isPresent() && !found.containsKey(id)) {
                    found.put(id, new String[] {name.get(), "GetServiceName"});
                } else if (name.isPresent()) {
                    found.get(id)[1] = "both";
                }
            } catch (Dot4Exception e) {
                if (e.status() != NtStatus.STATUS_IO_TIMEOUT && e.status() != NtStatus.STATUS_DEVICE_PROTOCOL_ERROR) {
                    throw e;
                }
                return "the peripheral does not answer GetServiceName (" + e.status() + "); sockets found by name only";
            }
        }
        return "";
    }
}
