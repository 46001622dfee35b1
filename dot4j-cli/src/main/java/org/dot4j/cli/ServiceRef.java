package org.dot4j.cli;

import java.util.List;
import java.util.stream.Collectors;
import org.dot4j.api.ChannelType;
import org.dot4j.api.CreateSocketData;
import org.dot4j.api.Dot4Device;
import org.dot4j.api.Dot4Exception;
import org.dot4j.api.NtStatus;
import org.dot4j.driver.ServiceDiscovery;

/** A service named on the command line: a name ("PRINT") or a peripheral socket id ("2"). */
record ServiceRef(String text) {

    /** How to learn what the device offers, asked only when a service is not found; null when it cannot be asked. */
    interface Offered {
        /** The device's services. */
        List<ServiceDiscovery.Service> services() throws Dot4Exception;
    }

    /** For callers that cannot ask the device: the failure points to {@code dot4 probe}. */
    static final Offered UNLISTED = () -> null;

    /** The CREATE_SOCKET request for it. */
    CreateSocketData request(ChannelType type, int bufferSize, int packetSize) {
        if (text.chars().allMatch(Character::isDigit) && !text.isEmpty()) {
            int id = Integer.parseInt(text);
            if (id < 1 || id > 255) {
                throw new IllegalArgumentException("socket id " + id + " is outside 1..255");
            }
            return CreateSocketData.forSocket(id, type, bufferSize, packetSize, packetSize);
        }
        return CreateSocketData.forService(text, type, bufferSize, packetSize, packetSize);
    }

    /**
     * CREATE_SOCKET for it on {@code device}: the host socket id. A service the device lacks fails with
     * STATUS_NOT_FOUND listing what {@code offered} says the device has, so the user can pick one.
     */
    int createSocket(Dot4Device device, Offered offered, ChannelType type, int bufferSize, int packetSize)
            throws Dot4Exception {
        try {
            return device.createSocket(request(type, bufferSize, packetSize)).hostSocketId();
        } catch (Dot4Exception e) {
            if (e.status() == NtStatus.STATUS_NOT_FOUND) {
                throw new Dot4Exception(NtStatus.STATUS_NOT_FOUND, "the device has no service " + text + "; "
                        + offeredText(offered));
            }
            throw e;
        }
    }

    private static String offeredText(Offered offered) {
        List<ServiceDiscovery.Service> services;
        try {
            services = offered.services();
        } catch (Dot4Exception e) {
            services = null;
        }
        if (services == null) {
            return "'dot4 probe URI' lists the device's services";
        }
        if (services.isEmpty()) {
            return "it answers for no service dot4 knows the name of; try a socket id (1..255)";
        }
        return "it offers " + describe(services);
    }

    /** {@code PRINT (socket 2), ECHO (socket 6)}: how errors and {@code dot4 list} name a device's services. */
    static String describe(List<ServiceDiscovery.Service> services) {
        return services.isEmpty() ? "none found"
                : services.stream().map(s -> s.name() + " (socket " + s.socket() + ")").collect(Collectors.joining(", "));
    }
}
