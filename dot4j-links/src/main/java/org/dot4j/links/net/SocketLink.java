package org.dot4j.links.net;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.SocketTimeoutException;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.channels.UnresolvedAddressException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.dot4j.driver.ByteLink;
import org.dot4j.links.LinkUri;
import org.dot4j.links.LinkUri.LinkKind;

/**
 * A {@link ByteLink} over a connected stream socket: TCP (with {@code TCP_NODELAY}, since 1284.4 packets are small
 * and latency-bound) or a Unix domain socket.
 *
 * <p>Threading: one reader and one writer at a time; {@link #close()} from any thread unblocks both (a closed
 * {@link SocketChannel} wakes its blocked threads). Interrupting a blocked reader or writer also closes the link,
 * as it does for every NIO channel.
 */
public final class SocketLink implements ByteLink {

    private final SocketChannel channel;
    private final String description;

    SocketLink(SocketChannel channel, String description) {
        this.channel = channel;
        this.description = description;
    }

    /**
     * Connects to a {@code tcp:} or {@code unix:} URI, giving up after {@code timeout}.
     *
     * @throws IOException saying why the peer could not be reached and how to start one
     */
    public static SocketLink connect(LinkUri uri, Duration timeout) throws IOException {
        if (uri.kind() != LinkKind.TCP && uri.kind() != LinkKind.UNIX) {
            throw new IllegalArgumentException("SocketLink connects tcp: and unix: URIs, not " + uri);
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("connect timeout must be positive, got " + timeout);
        }
        boolean tcp = uri.kind() == LinkKind.TCP;
        SocketAddress address = tcp
                ? new InetSocketAddress(uri.host(), uri.port())
                : UnixDomainSocketAddress.of(uri.path());
        SocketChannel channel = tcp ? SocketChannel.open() : SocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            if (tcp) {
                channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            }
            connectWithin(channel, address, timeout);
            return new SocketLink(channel, uri.toString());
        } catch (IOException | UnresolvedAddressException e) {
            channel.close();
            throw new IOException("cannot connect to " + uri + " : " + reason(uri, e), e);
        }
    }

    /** Non-blocking connect raced against a selector, because a blocking one cannot be bounded in time. */
    private static void connectWithin(SocketChannel channel, SocketAddress address, Duration timeout)
            throws IOException {
        channel.configureBlocking(false);
        if (!channel.connect(address)) {
            long deadline = System.nanoTime() + timeout.toNanos();
            try (Selector selector = Selector.open()) {
                channel.register(selector, SelectionKey.OP_CONNECT);
                while (!channel.finishConnect()) {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        throw new SocketTimeoutException("no answer within " + timeout.toMillis() + " ms (timed out)");
                    }
                    selector.select(Math.max(1, left / 1_000_000));
                }
            }
            // Closing the selector deregistered the channel, so it may block again.
        }
        channel.configureBlocking(true);
    }

    private static String reason(LinkUri uri, Exception e) {
        String listen = uri.kind() == LinkKind.TCP
                ? "tcp-listen://" + (uri.host().indexOf(':') >= 0 ? "[" + uri.host() + "]" : uri.host()) + ":" + uri.port()
                : "unix-listen:" + uri.path();
        String hint = "; is `dot4 sim --listen " + listen + "` running?";
        if (e instanceof UnresolvedAddressException) {
            return "unknown host " + uri.host();
        }
        if (e instanceof SocketTimeoutException) {
            return e.getMessage() + hint;
        }
        if (uri.kind() == LinkKind.UNIX) {
            Path path = Path.of(uri.path());
            if (!Files.exists(path)) {
                return "no socket file " + path + hint;
            }
            if (!Files.isReadable(path) || !Files.isWritable(path)) {
                return "permission denied on " + path + "; check its owner and mode";
            }
        }
        if (e instanceof ConnectException) {
            return "connection refused" + hint;
        }
        return e.getMessage() + hint;
    }

    /** Reads what the socket has, at least one byte; -1 when the peer closed its end. */
    @Override
    public int read(ByteBuffer dst) throws IOException {
        try {
            return channel.read(dst);
        } catch (IOException e) {
            throw failure("read", e);
        }
    }

    @Override
    public void write(ByteBuffer src) throws IOException {
        try {
            while (src.hasRemaining()) {
                channel.write(src);
            }
        } catch (IOException e) {
            throw failure("write", e);
        }
    }

    @Override
    public String describe() {
        return description;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }

    private IOException failure(String operation, IOException e) {
        if (e instanceof ClosedChannelException) {
            return new IOException(description + " was closed during " + operation, e);
        }
        return new IOException(description + ": " + operation + " failed: " + e.getMessage(), e);
    }
}
