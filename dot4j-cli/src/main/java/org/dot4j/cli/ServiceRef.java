package org.dot4j.cli;

import org.dot4j.api.ChannelType;
import org.dot4j.api.CreateSocketData;

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
}
