package org.dot4j.daemon;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import org.dot4j.api.Dot4Exception;
import org.dot4j.driver.Dot4Host;
import org.dot4j.engine.ChannelMode;
import org.dot4j.engine.LocalSocket;

/**
 * The services of a device as a proxy offers them: each name the device answers GetSocketID for, on the socket
 * id the device gave. 1284.4 has no way to list a peripheral's services, so the proxy asks for the names real
 * hosts use (reference §8: HP's, Epson's, dot4j's ECHO) and the names the configuration gives ports; a name the
 * device has but nobody asks about here is not offered.
 *
 * <p>Asked once per conversation with the device (a reconnected device is asked again). Thread-safe; the device is
 * never asked while holding the lock.
 */
final class ServiceCatalogue {

    /** The names real hosts ask for (reference §8.1 and §8.2), in a fixed order so socket ids are stable. */
    static final List<String> WELL_KNOWN = List.of("PRINT", "EPSON-CTRL", "EPSON-DATA", "HP-MESSAGE", "HP-SCAN",
            "HP-FAX-SEND", "HP-CONFIGURATION-UPLOAD", "HP-CONFIGURATION-DOWNLOAD", "HP-CARD-ACCESS", "HP-WIFICONFIG",
            "HP-DEVMGMT", "ECHO");

    private final List<String> names;
    // Guarded by this: the host the services were found on, and what was found.
    private Dot4Host askedOf;
    private List<LocalSocket> services = List.of();

    /** A catalogue of the well-known names and {@code extra} (e.g. the services of the device's ports). */
    ServiceCatalogue(List<String> extra) {
        Set<String> all = new LinkedHashSet<>(WELL_KNOWN);
        extra.forEach(name -> all.add(name.toUpperCase(Locale.ROOT)));
        this.names = List.copyOf(all);
    }

    /**
     * The device's services as sockets for a proxy's own peripheral role: packet channels (so message ends pass
     * through unchanged) with the driver's default sizes; the program and the proxy agree on their own sizes.
     *
     * @throws Dot4Exception when the device cannot be asked (it went down)
     */
    List<LocalSocket> servicesOf(Dot4Host host) throws Dot4Exception {
        synchronized (this) {
            if (askedOf == host) {
                return services;
            }
        }
        // Asked outside the lock: two sessions starting at once may both ask, which costs only time.
        List<LocalSocket> found = ask(host);
        synchronized (this) {
            askedOf = host;
            services = found;
        }
        return found;
    }

    private List<LocalSocket> ask(Dot4Host host) throws Dot4Exception {
        Map<Integer, String> byId = new LinkedHashMap<>();
        for (String name : names) {
            OptionalInt id = host.socketIdOf(name);
            // Two names on one socket (a device's alias) cannot both be answered by GetServiceName: the first wins.
            id.ifPresent(socket -> byId.putIfAbsent(socket, name));
        }
        List<LocalSocket> sockets = new ArrayList<>();
        byId.forEach((id, name) -> sockets.add(LocalSocket.service(id, name, ChannelMode.PACKET)));
        return List.copyOf(sockets);
    }
}
