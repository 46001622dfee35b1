package org.dot4j.sim;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Builders of host packets, byte by byte as the reference's layouts give them (§3.3, §3.4, §7.3). */
final class Wire {

    /** Epson's entry packet (§7.3). */
    static final String ENTRY = "00 00 00 1B 01 40 45 4A 4C 20 31 32 38 34 2E 34 0A 40 45 4A 4C 0A 40 45 4A 4C 0A";
    /** Its answer (§12.1). */
    static final String ENTRY_REPLY = "00 00 00 08 01 00 C5 00";

    private Wire() {}

    static byte[] init(int revision) {
        return packet(0, 0, 1, 0, 0x00, revision);
    }

    static byte[] getSocketId(String name) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(0x09);
        body.writeBytes(name.getBytes(StandardCharsets.US_ASCII));
        return packet(0, 0, 1, 0, body.toByteArray());
    }

    /** Rev 0x10 OpenChannel: 17 bytes, trailing CreditRequested and MaximumOutstandingCredit 0 (§3.4). */
    static byte[] openChannel10(int socket, int p2s, int s2p) {
        return packet(0, 0, 1, 0, 0x01, socket, socket, p2s >> 8, p2s & 0xFF, s2p >> 8, s2p & 0xFF, 0, 0, 0, 0);
    }

    /** Rev 0x20 OpenChannel: 15 bytes (§3.3). */
    static byte[] openChannel20(int socket, int p2s, int s2p, int maxOutstanding) {
        return packet(0, 0, 1, 0, 0x01, socket, socket, p2s >> 8, p2s & 0xFF, s2p >> 8, s2p & 0xFF,
                maxOutstanding >> 8, maxOutstanding & 0xFF);
    }

    static byte[] credit(int socket, int credit) {
        return packet(0, 0, 1, 0, 0x03, socket, socket, credit >> 8, credit & 0xFF);
    }

    /** Rev 0x10 CreditRequest: 13 bytes, what Epson hosts send (0x0080, 0xFFFF). */
    static byte[] creditRequest10(int socket) {
        return packet(0, 0, 1, 0, 0x04, socket, socket, 0x00, 0x80, 0xFF, 0xFF);
    }

    /** Rev 0x20 CreditRequest: 11 bytes. */
    static byte[] creditRequest20(int socket, int maxOutstanding) {
        return packet(0, 0, 1, 0, 0x04, socket, socket, maxOutstanding >> 8, maxOutstanding & 0xFF);
    }

    static byte[] closeChannel20(int socket) {
        return packet(0, 0, 1, 0, 0x02, socket, socket);
    }

    /** Exit (7 bytes, both revisions). */
    static byte[] exit() {
        return packet(0, 0, 1, 0, 0x08);
    }

    /** The host's reply to a Credit command from the peripheral (10 bytes, result 0). */
    static byte[] creditReply(int primary, int secondary) {
        return packet(0, 0, 1, 0, 0x83, 0x00, primary, secondary);
    }

    /** A data packet on channel {@code socket}/{@code socket}. */
    static byte[] data(int socket, int credit, int control, byte[] payload) {
        return packet(socket, socket, credit, control, payload);
    }

    static byte[] packet(int psid, int ssid, int credit, int control, int... body) {
        byte[] b = new byte[body.length];
        for (int i = 0; i < body.length; i++) {
            b[i] = (byte) body[i];
        }
        return packet(psid, ssid, credit, control, b);
    }

    static byte[] packet(int psid, int ssid, int credit, int control, byte[] body) {
        int length = 6 + body.length;
        byte[] p = new byte[length];
        p[0] = (byte) psid;
        p[1] = (byte) ssid;
        p[2] = (byte) (length >> 8);
        p[3] = (byte) length;
        p[4] = (byte) credit;
        p[5] = (byte) control;
        System.arraycopy(body, 0, p, 6, body.length);
        return p;
    }

    static int u16(byte[] p, int at) {
        return (p[at] & 0xFF) << 8 | (p[at + 1] & 0xFF);
    }

    static int u8(byte[] p, int at) {
        return p[at] & 0xFF;
    }
}
