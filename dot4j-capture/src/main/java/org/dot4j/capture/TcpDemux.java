package org.dot4j.capture;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalInt;
import java.util.function.Consumer;

/**
 * Turns captured TCP segments (over Ethernet, Linux cooked v1/v2, BSD loopback or raw IP; IPv4 or IPv6) into the bytes
 * of 1284.4 conversations carried as they are on a TCP port, as dot4j's tcp:// links and many print servers do. Each
 * connection is a link; the side that connects is the host. Segments are put in order by sequence number: a
 * retransmission is trimmed, a hole is reported as lost bytes. The port is given, or found as the one that first
 * receives a transaction packet ({@link PacketStart}). Not thread-safe.
 */
final class TcpDemux {

    private static final int ETHERNET = 1;
    private static final int NULL_LOOPBACK = 0;
    private static final int OPENBSD_LOOPBACK = 108;
    private static final int RAW = 101;
    private static final int IPV4_RAW = 228;
    private static final int IPV6_RAW = 229;
    private static final int LINUX_SLL = 113;
    private static final int LINUX_SLL2 = 276;
    private static final int ETHERTYPE_IPV4 = 0x0800;
    private static final int ETHERTYPE_IPV6 = 0x86DD;
    private static final int ETHERTYPE_VLAN = 0x8100;
    private static final int ETHERTYPE_QINQ = 0x88A8;
    private static final int PROTOCOL_TCP = 6;
    private static final int SYN = 0x02;

    /** Where the next in-order byte of one direction of a connection starts. */
    private static final class Flow {
        boolean started;
        int next;
    }

    private OptionalInt port;
    private final Map<String, Flow> flows = new HashMap<>();

    TcpDemux(OptionalInt port) {
        this.port = port;
    }

    /** True for the link types this reads. */
    static boolean reads(int linkType) {
        return switch (linkType) {
            case ETHERNET, NULL_LOOPBACK, OPENBSD_LOOPBACK, RAW, IPV4_RAW, IPV6_RAW, LINUX_SLL, LINUX_SLL2 -> true;
            default -> false;
        };
    }

    /** The port decoded, once known. */
    OptionalInt port() {
        return port;
    }

    /** Passes on the 1284.4 bytes of {@code record}, if it is a TCP segment of the port. */
    void accept(CaptureRecord record, Consumer<Chunk> out) {
        ByteBuffer b = record.data().order(ByteOrder.BIG_ENDIAN);
        int ip = networkOffset(record.linkType(), b);
        if (ip < 0 || ip >= b.limit()) {
            return;
        }
        int version = (b.get(ip) & 0xF0) >> 4;
        int tcp;
        int end;
        byte[] src;
        byte[] dst;
        if (version == 4 && ip + 20 <= b.limit() && b.get(ip + 9) == PROTOCOL_TCP && (b.getShort(ip + 6) & 0x1FFF) == 0) {
            tcp = ip + (b.get(ip) & 0x0F) * 4;
            end = Math.min(b.limit(), ip + (b.getShort(ip + 2) & 0xFFFF));
            src = bytes(b, ip + 12, 4);
            dst = bytes(b, ip + 16, 4);
        } else if (version == 6 && ip + 40 <= b.limit() && b.get(ip + 6) == PROTOCOL_TCP) {
            tcp = ip + 40;
            end = Math.min(b.limit(), tcp + (b.getShort(ip + 4) & 0xFFFF));
            src = bytes(b, ip + 8, 16);
            dst = bytes(b, ip + 24, 16);
        } else {
            return;
        }
        if (tcp + 20 > end) {
            return;
        }
        int srcPort = b.getShort(tcp) & 0xFFFF;
        int dstPort = b.getShort(tcp + 2) & 0xFFFF;
        int seq = b.getInt(tcp + 4);
        int data = tcp + ((b.get(tcp + 12) & 0xF0) >> 4) * 4;
        boolean syn = (b.get(tcp + 13) & SYN) != 0;
        if (data > end) {
            return;
        }
        ByteBuffer payload = b.slice(data, end - data);
        if (port.isEmpty() && !syn && PacketStart.isTransaction(payload)) {
            port = OptionalInt.of(dstPort);
        }
        if (port.isEmpty() || (srcPort != port.getAsInt() && dstPort != port.getAsInt())) {
            return;
        }
        boolean fromHost = dstPort == port.getAsInt();
        String host = fromHost ? address(src, srcPort) : address(dst, dstPort);
        String peripheral = fromHost ? address(dst, dstPort) : address(src, srcPort);
        Flow flow = flows.computeIfAbsent(host + ">" + peripheral + (fromHost ? "" : "<"), k -> new Flow());
        deliver(flow, seq, syn, payload, "tcp " + host, record.timeNanos(),
                fromHost ? Direction.HOST_TO_PERIPHERAL : Direction.PERIPHERAL_TO_HOST, out);
    }

    private static void deliver(Flow flow, int seq, boolean syn, ByteBuffer payload, String link, long time, Direction dir,
                                Consumer<Chunk> out) {
        if (syn) {
            flow.started = true;
            flow.next = seq + 1;
            return;
        }
        if (!payload.hasRemaining()) {
            return;
        }
        if (!flow.started) { // the capture began mid-connection
            flow.started = true;
            flow.next = seq;
        }
        int ahead = seq - flow.next; // wraps like the sequence numbers themselves
        int end = seq + payload.remaining();
        if (ahead > 0) {
            out.accept(new Chunk(link, time, dir, ByteBuffer.allocate(0), Integer.toUnsignedLong(ahead)));
        } else if (ahead < 0) {
            if (-ahead >= payload.remaining()) {
                return; // a retransmission of bytes already delivered
            }
            payload = payload.slice(-ahead, payload.remaining() + ahead);
        }
        flow.next = end;
        out.accept(new Chunk(link, time, dir, payload, 0));
    }

    /** Where the IP header starts after the link layer, or -1 for a frame that carries no IP. */
    private static int networkOffset(int linkType, ByteBuffer b) {
        switch (linkType) {
            case ETHERNET -> {
                int at = 12;
                while (at + 2 <= b.limit()) {
                    int type = b.getShort(at) & 0xFFFF;
                    if (type != ETHERTYPE_VLAN && type != ETHERTYPE_QINQ) {
                        return type == ETHERTYPE_IPV4 || type == ETHERTYPE_IPV6 ? at + 2 : -1;
                    }
                    at += 4;
                }
                return -1;
            }
            case LINUX_SLL -> {
                return b.limit() >= 16 && isIp(b.getShort(14) & 0xFFFF) ? 16 : -1;
            }
            case LINUX_SLL2 -> {
                return b.limit() >= 20 && isIp(b.getShort(0) & 0xFFFF) ? 20 : -1;
            }
            case NULL_LOOPBACK, OPENBSD_LOOPBACK -> {
                return 4; // the address family is checked by the IP version nibble
            }
            default -> {
                return 0;
            }
        }
    }

    private static boolean isIp(int etherType) {
        return etherType == ETHERTYPE_IPV4 || etherType == ETHERTYPE_IPV6;
    }

    private static byte[] bytes(ByteBuffer b, int at, int n) {
        byte[] out = new byte[n];
        b.get(at, out);
        return out;
    }

    private static String address(byte[] ip, int port) {
        try {
            String a = InetAddress.getByAddress(ip).getHostAddress();
            return (ip.length == 16 ? "[" + a + "]" : a) + ":" + port;
        } catch (UnknownHostException e) {
            throw new IllegalStateException("an address of " + ip.length + " bytes", e);
        }
    }
}
