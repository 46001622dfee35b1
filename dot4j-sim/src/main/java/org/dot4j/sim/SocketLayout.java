package org.dot4j.sim;

import java.util.ArrayList;
import java.util.List;
import org.dot4j.engine.ChannelMode;
import org.dot4j.engine.LocalSocket;
import org.dot4j.wire.WireFormat;

/**
 * Which service listens on which socket (a project convention built on reference §8). HP profile: HP-MESSAGE 1,
 * PRINT 2, EPSON-CTRL 3 (unassigned in Windows' table), HP-SCAN 4, ECHO 6. Epson profile: EPSON-CTRL 0x02 and
 * EPSON-DATA 0x40, the ids Epson's own hosts hard-code without asking (§4.4, §8.2), plus HP-SCAN 4 and ECHO 6;
 * no PRINT. Both have HP-STATUS, the notifier's source socket (9 by default), which hosts may open too.
 */
public final class SocketLayout {

    /** HP's PML status and control (§8.1). */
    public static final int HP_MESSAGE = 1;
    /** HP print data (§8.1). */
    public static final int PRINT = 2;
    /** Epson control channel in the HP profile. */
    public static final int EPSON_CTRL_HP = 3;
    /** HP scanning (§8.1). */
    public static final int HP_SCAN = 4;
    /** Echo, as in Windows' table. */
    public static final int ECHO = 6;
    /** Epson control channel in the Epson profile (§8.2). */
    public static final int EPSON_CTRL = 0x02;
    /** Epson print data (§8.2). */
    public static final int EPSON_DATA = 0x40;

    /** Service names, as hosts ask for them with GetSocketID. */
    public static final String PRINT_NAME = "PRINT";
    /** Service name of the Epson control channel. */
    public static final String EPSON_CTRL_NAME = "EPSON-CTRL";
    /** Service name of Epson print data. */
    public static final String EPSON_DATA_NAME = "EPSON-DATA";
    /** Service name of PML. */
    public static final String HP_MESSAGE_NAME = "HP-MESSAGE";
    /** Service name of the scanner. */
    public static final String HP_SCAN_NAME = "HP-SCAN";
    /** Service name of echo. */
    public static final String ECHO_NAME = "ECHO";
    /** Service name of the notifier's source socket. */
    public static final String STATUS_NAME = "HP-STATUS";

    /** Receive buffer per channel (print channels: {@link SimConfig.Limits#printBuffer()}). */
    public static final int BUFFER_SIZE = 64 * 1024;
    /** Largest packet on most services: what HPLIP asks for (§3.3). */
    public static final int PACKET_SIZE = LocalSocket.DEFAULT_PACKET_SIZE;
    /** Largest packet toward the host on the scanner: Epson asks 65535 for scan data (§8.2). */
    public static final int SCAN_PACKET_SIZE = WireFormat.MAX_PACKET_SIZE;

    private SocketLayout() {}

    /** The socket the Epson control service listens on in {@code profile}. */
    public static int epsonControlSocket(SimConfig.Profile profile) {
        return profile == SimConfig.Profile.EPSON ? EPSON_CTRL : EPSON_CTRL_HP;
    }

    /** The socket print jobs arrive on in {@code profile}. */
    public static int printSocket(SimConfig.Profile profile) {
        return profile == SimConfig.Profile.EPSON ? EPSON_DATA : PRINT;
    }

    /** Every socket the peripheral registers for {@code config}. */
    public static List<LocalSocket> sockets(SimConfig config) {
        List<LocalSocket> sockets = new ArrayList<>();
        if (config.profile() == SimConfig.Profile.EPSON) {
            sockets.add(service(EPSON_CTRL, EPSON_CTRL_NAME, ChannelMode.STREAM, PACKET_SIZE));
            sockets.add(print(EPSON_DATA, EPSON_DATA_NAME, config.limits()));
        } else {
            sockets.add(service(HP_MESSAGE, HP_MESSAGE_NAME, ChannelMode.STREAM, PACKET_SIZE));
            sockets.add(print(PRINT, PRINT_NAME, config.limits()));
            sockets.add(service(EPSON_CTRL_HP, EPSON_CTRL_NAME, ChannelMode.STREAM, PACKET_SIZE));
        }
        sockets.add(service(HP_SCAN, HP_SCAN_NAME, ChannelMode.STREAM, SCAN_PACKET_SIZE));
        sockets.add(service(ECHO, ECHO_NAME, ChannelMode.PACKET, PACKET_SIZE));
        int notifier = config.notifier().serviceSocket();
        if (sockets.stream().noneMatch(s -> s.id() == notifier)) {
            sockets.add(service(notifier, STATUS_NAME, ChannelMode.STREAM, PACKET_SIZE));
        }
        return sockets;
    }

    /** Ids of the sockets hosts open channels to. */
    public static List<Integer> serviceSockets(SimConfig config) {
        return sockets(config).stream().filter(LocalSocket::acceptsChannels).map(LocalSocket::id).toList();
    }

    /** A print service: its buffer and largest inbound packet as {@code limits} say (by default those of the rest). */
    private static LocalSocket print(int id, String name, SimConfig.Limits limits) {
        return new LocalSocket(id, name, ChannelMode.STREAM, limits.printBuffer(), PACKET_SIZE, limits.printPacket(), true);
    }

    private static LocalSocket service(int id, String name, ChannelMode mode, int maxSend) {
        return new LocalSocket(id, name, mode, BUFFER_SIZE, maxSend, PACKET_SIZE, true);
    }
}
