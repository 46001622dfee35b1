package org.dot4j.cli;

import java.util.List;
import org.dot4j.api.Dot4Device;
import org.dot4j.api.Dot4Exception;
import org.dot4j.daemon.DaemonClient;
import org.dot4j.driver.Dot4Host;
import org.dot4j.driver.ServiceDiscovery;

/**
 * The d4drvif calls one command makes, on a link of its own (a conversation it started and ends) or through the
 * daemon ({@code dot4d:NAME}, where the daemon keeps the conversation).
 *
 * @param device the calls
 * @param ownHost the conversation this command started, ended after the device; null through the daemon
 */
record DeviceSession(Dot4Device device, Dot4Host ownHost) implements AutoCloseable {

    /** What the device offers: asked over this command's own conversation, or by the daemon of its device. */
    List<ServiceDiscovery.Service> offeredServices() throws Dot4Exception {
        return ownHost != null ? ServiceDiscovery.discover(ownHost, List.of()).services()
                : ((DaemonClient) device).probe().services();
    }

    @Override
    public void close() {
        try {
            device.close();
        } finally {
            if (ownHost != null) {
                ownHost.close();
            }
        }
    }
}
