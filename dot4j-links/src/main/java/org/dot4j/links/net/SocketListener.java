package org.dot4j.links.net;

import java.io.IOException;
import java.net.BindException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.channels.UnresolvedAddressException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import org.dot4j.driver.ByteLink;
import org.dot4j.driver.LinkListener;
import org.dot4j.links.LinkUri;
import org.dot4j.links.LinkUri.LinkKind;

/**
 * A {@link LinkListener} on a server socket: {@code tcp-listen://ADDRESS:PORT} or {@code unix-listen:/PATH}.
 *
 * <p>A Unix listener owns its socket file: it replaces a stale socket file that nobody accepts on (left by a
 * crashed run), refuses to touch anything else at that path, and deletes the file when closed.
 *
 * <p>Threading: one thread in {@link #accept()}; {@link #close()} from another unblocks it with an IOException.
 */
public final class SocketListener implements LinkListener {

    /** The file type bits of {@code st_mode} and the value that marks a socket (POSIX {@code S_IFSOCK}). */
    private static final int FILE_TYPE_MASK = 0170000;
    private static final int SOCKET_FILE_TYPE = 0140000;

    private final ServerSocketChannel channel;
    private final String address;
    private final Path socketFile;

    private SocketListener(ServerSocketChannel channel, String address, Path socketFile) {
        this.channel = channel;
        this.address = address;
        this.socketFile = socketFile;
    }

    /**
     * Binds a {@code tcp-listen:} or {@code unix-listen:} URI.
     *
     * @throws IOException when the address is taken, not ours to replace, or cannot be bound
     */
    public static SocketListener open(LinkUri uri) throws IOException {
        return switch (uri.kind()) {
            case TCP_LISTEN -> openTcp(uri);
            case UNIX_LISTEN -> openUnix(uri);
            default -> throw new IllegalArgumentException("SocketListener listens on tcp-listen: and unix-listen: URIs,"
                    + " not " + uri);
        };
    }

    private static SocketListener openTcp(LinkUri uri) throws IOException {
        ServerSocketChannel channel = ServerSocketChannel.open();
        try {
            // Lets a restarted peripheral rebind at once while old connections sit in TIME_WAIT.
            channel.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            channel.bind(new InetSocketAddress(uri.host(), uri.port()));
        } catch (IOException | UnresolvedAddressException e) {
            channel.close();
            String reason = e instanceof UnresolvedAddressException ? "unknown host " + uri.host()
                    : e instanceof BindException ? e.getMessage() + "; is another dot4 already listening there?"
                    : e.getMessage();
            throw new IOException("cannot listen on " + uri + " : " + reason, e);
        }
        InetSocketAddress bound = (InetSocketAddress) channel.getLocalAddress();
        String host = bound.getAddress().getHostAddress();
        int zone = host.indexOf('%');
        host = zone >= 0 ? host.substring(0, zone) : host;
        String connectAddress = "tcp://" + (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + bound.getPort();
        return new SocketListener(channel, connectAddress, null);
    }

    private static SocketListener openUnix(LinkUri uri) throws IOException {
        Path path = Path.of(uri.path());
        removeStaleSocket(uri, path);
        ServerSocketChannel channel = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            channel.bind(UnixDomainSocketAddress.of(path));
        } catch (IOException e) {
            channel.close();
            throw new IOException("cannot listen on " + uri + " : " + e.getMessage()
                    + "; check that the directory exists and is writable", e);
        }
        return new SocketListener(channel, "unix:" + path, path);
    }

    /** Deletes {@code path} only when it is a socket that refuses connections, i.e. left by a dead listener. */
    private static void removeStaleSocket(LinkUri uri, Path path) throws IOException {
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            return;
        }
        if (!attributes.isOther() || !isSocket(path)) {
            throw new IOException("cannot listen on " + uri + " : " + path
                    + " exists and is not a socket; refusing to delete it, choose another path or remove it yourself");
        }
        try (SocketChannel _ = SocketChannel.open(UnixDomainSocketAddress.of(path))) {
            throw new IOException("cannot listen on " + uri + " : another process accepts connections on " + path
                    + "; stop it or choose another path");
        } catch (ConnectException refused) {
            Files.deleteIfExists(path);
        }
    }

    private static boolean isSocket(Path path) throws IOException {
        Object mode = Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS);
        return ((Integer) mode & FILE_TYPE_MASK) == SOCKET_FILE_TYPE;
    }

    /**
     * Waits for the next host; the link describes the peer and this listener. A connection that fails before it is
     * handed out (a TCP peer that reset at once) is closed and skipped: only a failure of the listener itself throws.
     */
    @Override
    public ByteLink accept() throws IOException {
        while (true) {
            SocketChannel accepted;
            try {
                accepted = channel.accept();
            } catch (ClosedChannelException e) {
                throw new IOException("listener " + address + " was closed", e);
            }
            try {
                return link(accepted);
            } catch (IOException e) {
                accepted.close(); // this peer is gone already; the next one may be fine
            }
        }
    }

    private ByteLink link(SocketChannel accepted) throws IOException {
        String peer;
        if (socketFile == null) {
            accepted.setOption(StandardSocketOptions.TCP_NODELAY, true);
            InetSocketAddress remote = (InetSocketAddress) accepted.getRemoteAddress();
            peer = "tcp peer " + remote.getAddress().getHostAddress() + ":" + remote.getPort();
        } else {
            peer = "unix peer";
        }
        return new SocketLink(accepted, peer + " accepted on " + address);
    }

    /** The connect URI hosts use: {@code tcp://ADDRESS:REALPORT} or {@code unix:/PATH}. */
    @Override
    public String address() {
        return address;
    }

    /** Stops listening and, for Unix sockets, removes the socket file. */
    @Override
    public void close() throws IOException {
        if (!channel.isOpen()) {
            return;
        }
        channel.close();
        if (socketFile != null) {
            Files.deleteIfExists(socketFile);
        }
    }
}
