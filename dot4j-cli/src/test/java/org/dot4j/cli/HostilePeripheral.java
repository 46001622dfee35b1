package org.dot4j.cli;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A 1284.4 peripheral written independently of dot4j, from the byte layouts of reference §1 and §3.3 (revision
 * 0x20) alone: it shares no code with dot4j's engine, so dot4j's own mistakes cannot cancel out. It serves PRINT
 * on socket 2 on a Unix socket and misbehaves as its {@link Behaviour} says; every connection is recorded.
 *
 * <p>Threading: one platform thread accepts, one serves each connection; {@link #connections()} from any thread.
 */
final class HostilePeripheral implements AutoCloseable {

    /** How it treats the host. */
    enum Behaviour {
        /** Answers every command as a printer would and grants plenty of credit. */
        WELL_BEHAVED,
        /** Answers Init, GetSocketID and OpenChannel, but grants no credit, ever: a printer out of paper. */
        NO_CREDIT,
        /** Grants credit for 4 packets in the OpenChannel reply and never again. */
        CREDIT_FOR_FOUR_PACKETS,
        /** Grants credit, and after the first data packet sends half a packet and disconnects. */
        VANISHES_MID_PACKET,
        /** Accepts the connection and closes it at once. */
        CLOSES_AT_ONCE
    }

    /** What one host did on one connection. */
    static final class Connection {
        private final ByteArrayOutputStream data = new ByteArrayOutputStream();
        private volatile boolean closedChannel;
        private volatile boolean ended;

        /** The SHA-256 of every data byte received on PRINT, in order. */
        synchronized String sha256() {
            return sha256(data.toByteArray());
        }

        synchronized int bytes() {
            return data.size();
        }

        /** Whether the host sent CloseChannel for PRINT. */
        boolean closedChannel() {
            return closedChannel;
        }

        boolean ended() {
            return ended;
        }

        synchronized void add(ByteBuffer body) {
            byte[] b = new byte[body.remaining()];
            body.get(b);
            data.writeBytes(b);
        }

        static String sha256(byte[] bytes) {
            try {
                return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
            } catch (java.security.NoSuchAlgorithmException e) {
                throw new AssertionError(e);
            }
        }
    }

    static final int PRINT_SOCKET = 2;
    private static final byte[] PRINT = "PRINT".getBytes(StandardCharsets.US_ASCII);
    private static final int HEADER = 6;
    /** Credit in the OpenChannel reply of a well-behaved peripheral: more packets than any job here needs. */
    private static final int PLENTY = 0x7FFF;

    private final Behaviour behaviour;
    private final ServerSocketChannel server;
    private final List<Connection> connections = new CopyOnWriteArrayList<>();
    private final List<SocketChannel> open = new CopyOnWriteArrayList<>();
    private final Thread acceptor;

    private HostilePeripheral(Behaviour behaviour, ServerSocketChannel server) {
        this.behaviour = behaviour;
        this.server = server;
        this.acceptor = Thread.ofPlatform().daemon().name("hostile-accept").start(this::acceptLoop);
    }

    /** Listens on {@code path}. */
    static HostilePeripheral listen(Path path, Behaviour behaviour) throws IOException {
        ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(path));
        return new HostilePeripheral(behaviour, server);
    }

    /** Every connection so far, oldest first. */
    List<Connection> connections() {
        return List.copyOf(connections);
    }

    @Override
    public void close() throws Exception {
        server.close();
        for (SocketChannel ch : open) {
            ch.close();
        }
        acceptor.join(5_000);
    }

    private void acceptLoop() {
        try {
            while (true) {
                SocketChannel ch = server.accept();
                Connection c = new Connection();
                connections.add(c);
                open.add(ch);
                Thread.ofPlatform().daemon().name("hostile-serve").start(() -> serve(ch, c));
            }
        } catch (IOException closed) {
            // the test is over
        }
    }

    private void serve(SocketChannel ch, Connection c) {
        try (ch) {
            if (behaviour == Behaviour.CLOSES_AT_ONCE) {
                return;
            }
            while (true) {
                ByteBuffer header = readFully(ch, HEADER);
                int psid = header.get(0) & 0xFF;
                int ssid = header.get(1) & 0xFF;
                int length = (header.get(2) & 0xFF) << 8 | (header.get(3) & 0xFF);
                if (length < HEADER) {
                    throw new IOException("the host sent a header with LENGTH " + length);
                }
                ByteBuffer body = readFully(ch, length - HEADER);
                if (psid != 0 || ssid != 0) {
                    c.add(body);
                    if (behaviour == Behaviour.VANISHES_MID_PACKET) {
                        ch.write(ByteBuffer.wrap(new byte[] {0, 0, 0})); // the start of a header, then gone
                        return;
                    }
                    continue;
                }
                byte[] reply = answer(body, c);
                if (reply != null) {
                    ch.write(ByteBuffer.wrap(reply));
                }
            }
        } catch (IOException ended) {
            // the host closed the link, or we did
        } finally {
            c.ended = true;
        }
    }

    /** The reply to one transaction (reference §3.3), or null for commands that get none. */
    private byte[] answer(ByteBuffer body, Connection c) {
        int command = body.get(0) & 0xFF;
        return switch (command) {
            case 0x00 -> transaction(0x80, 0x00, body.get(1) & 0xFF); // InitReply: success, the revision asked
            case 0x09 -> {
                byte[] name = new byte[body.remaining() - 1];
                body.get(1, name);
                boolean print = java.util.Arrays.equals(name, PRINT);
                yield transaction(concat(new byte[] {(byte) 0x89, (byte) (print ? 0x00 : 0x0A), (byte) (print ? PRINT_SOCKET : 0)}, name));
            }
            case 0x0A -> transaction(concat(new byte[] {(byte) 0x8A, 0x00, (byte) PRINT_SOCKET}, PRINT));
            case 0x01 -> {
                int credit = switch (behaviour) {
                    case NO_CREDIT -> 0;
                    case CREDIT_FOR_FOUR_PACKETS -> 4;
                    default -> PLENTY;
                };
                // OpenChannelReply: success, the sockets, the sizes and MaximumOutstandingCredit asked, credit
                yield transaction(0x81, 0x00, body.get(1), body.get(2), body.get(3), body.get(4), body.get(5), body.get(6),
                        body.get(7), body.get(8), credit >> 8, credit & 0xFF);
            }
            case 0x02 -> {
                c.closedChannel = true;
                yield transaction(0x82, 0x00, body.get(1), body.get(2));
            }
            case 0x03 -> transaction(0x83, 0x00, body.get(1), body.get(2)); // CreditReply: thanks
            case 0x04 -> {
                int credit = behaviour == Behaviour.WELL_BEHAVED ? PLENTY : 0;
                yield transaction(0x84, 0x00, body.get(1), body.get(2), credit >> 8, credit & 0xFF);
            }
            case 0x08 -> transaction(0x88, 0x00);
            default -> command >= 0x80 ? null : transaction(command | 0x80, 0x01); // replies to nothing we sent
        };
    }

    private static byte[] transaction(int... body) {
        byte[] b = new byte[body.length];
        for (int i = 0; i < body.length; i++) {
            b[i] = (byte) body[i];
        }
        return transaction(b);
    }

    /** A transaction packet: PSID 0, SSID 0, credit 1, control 0 (reference §3.2). */
    private static byte[] transaction(byte[] body) {
        byte[] p = new byte[HEADER + body.length];
        p[2] = (byte) (p.length >> 8);
        p[3] = (byte) p.length;
        p[4] = 1;
        System.arraycopy(body, 0, p, HEADER, body.length);
        return p;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static ByteBuffer readFully(SocketChannel ch, int n) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(n);
        while (b.hasRemaining()) {
            if (ch.read(b) < 0) {
                throw new EOFException("the host closed the link");
            }
        }
        return b.flip();
    }
}
