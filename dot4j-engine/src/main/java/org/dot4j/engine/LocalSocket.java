package org.dot4j.engine;

import org.dot4j.wire.WireFormat;

/**
 * A socket on our side of the link: a service on a peripheral, or a socket a host created. Its settings
 * apply to every channel opened on it.
 *
 * @param id socket id, 1..255
 * @param serviceName the name GetSocketID finds it by; empty when it has none (a host socket)
 * @param mode stream or packet channels
 * @param bufferSize bytes of received data buffered per channel; receive credit is granted from it
 * @param maxSendPacket largest packet (header included) we want to send, 0 disables sending, else 7..65535
 * @param maxReceivePacket largest packet (header included) we accept, 0 disables receiving, else 7..65535
 * @param acceptsChannels whether the peer may open channels to this socket
 */
public record LocalSocket(int id, String serviceName, ChannelMode mode, int bufferSize, int maxSendPacket,
                          int maxReceivePacket, boolean acceptsChannels) {

    /** Packet size HPLIP asks for in both directions (§3.3); a good default. */
    public static final int DEFAULT_PACKET_SIZE = 16384;
    /** Receive buffer per channel when none is given: four default packets in flight. */
    public static final int DEFAULT_BUFFER_SIZE = 4 * DEFAULT_PACKET_SIZE;

    /** Checks ranges and that the buffer holds at least one packet. */
    public LocalSocket {
        if (id < 1 || id > 255) {
            throw new IllegalArgumentException("socket id " + id + " outside 1..255");
        }
        if (serviceName == null || serviceName.length() > WireFormat.MAX_SERVICE_NAME) {
            throw new IllegalArgumentException("service name must be at most 40 characters: " + serviceName);
        }
        checkPacketSize("max send packet", maxSendPacket);
        checkPacketSize("max receive packet", maxReceivePacket);
        if (maxReceivePacket > 0 && bufferSize < maxReceivePacket - WireFormat.HEADER_SIZE) {
            throw new IllegalArgumentException("buffer size " + bufferSize + " cannot hold one packet of "
                    + maxReceivePacket + " bytes; give at least " + (maxReceivePacket - WireFormat.HEADER_SIZE));
        }
    }

    /** A service on a peripheral with default sizes. */
    public static LocalSocket service(int id, String name, ChannelMode mode) {
        return new LocalSocket(id, name, mode, DEFAULT_BUFFER_SIZE, DEFAULT_PACKET_SIZE, DEFAULT_PACKET_SIZE, true);
    }

    private static void checkPacketSize(String what, int size) {
        if (size != 0 && (size <= WireFormat.HEADER_SIZE || size > WireFormat.MAX_PACKET_SIZE)) {
            throw new IllegalArgumentException(what + " " + size + " must be 0 (disabled) or 7.." + WireFormat.MAX_PACKET_SIZE);
        }
    }
}
