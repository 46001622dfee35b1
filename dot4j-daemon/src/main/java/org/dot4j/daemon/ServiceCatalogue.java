package org.dot4j.daemon;

import java.util.List;
import org.dot4j.api.Dot4Exception;
import org.dot4j.driver.Dot4Host;
import org.dot4j.driver.ServiceDiscovery;
import org.dot4j.engine.ChannelMode;
import org.dot4j.engine.LocalSocket;

/**
 * The services of a device as a proxy offers them: what {@link ServiceDiscovery} finds (the names real hosts use,
 * sockets 1..31 by GetServiceName) plus the services of the device's ports, each on the socket id the device gave.
 * A name the device has but neither finds is not offered.
 *
 * <p>Asked once per conversation with the device (a reconnected device is asked again). Thread-safe; the device is
 * never asked while holding the lock.
 */
final class ServiceCatalogue {

    private final List<String> extraNames;
    // Guarded by this: the host the services were found on, and what was found.
    private Dot4Host askedOf;
    private List<LocalSocket> services = List.of();

    /** A catalogue that also asks for {@code extraNames} (e.g. the services of the device's ports). */
    ServiceCatalogue(List<String> extraNames) {
        this.extraNames = List.copyOf(extraNames);
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
        List<LocalSocket> found = ServiceDiscovery.discover(host, extraNames).services().stream()
                .map(s -> LocalSocket.service(s.socket(), s.name(), ChannelMode.PACKET)).toList();
        synchronized (this) {
            askedOf = host;
            services = found;
        }
        return found;
    }
}
