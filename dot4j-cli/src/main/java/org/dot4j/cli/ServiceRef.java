package org.dot4j.cli;

import org.dot4j.api.ChannelType;
import org.dot4j.api.CreateSocketData;
import org.dot4j.api.Dot4Device;
import org.dot4j.api.Dot4Exception;
import org.dot4j.api.NtStatus;

/** A service named on the command line: a name ("PRINT") or a peripheral socket id ("2"). */
record ServiceRef(String text) {

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

    /** CREATE_SOCKET for it on {@code device}: the host socket id; a service the device lacks is named in the failure. */
    int createSocket(Dot4Device device, ChannelType type, int bufferSize, int packetSize) throws Dot4Exception {
        try {
            return device.createSocket(request(type, bufferSize, packetSize)).hostSocketId();
        } catch (Dot4Exception e) {
            if (e.status() == NtStatus.STATUS_NOT_FOUND) {
                throw new Dot4Exception(NtStatus.STATUS_NOT_FOUND, "the device has no service " + text + " ("
                        + e.getMessage() + "); 'dot4 probe URI' lists the device's services");
            }
            throw e;
        }
    }
}
