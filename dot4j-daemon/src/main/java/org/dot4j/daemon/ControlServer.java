package org.dot4j.daemon;

import java.io.IOException;
import java.net.ConnectException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.dot4j.api.Dot4Exception;
import org.dot4j.api.NtStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The control socket: a Unix domain server socket (mode 0600, or 0660 with a configured group, from the moment it
 * appears at its path) whose
 * connections each become a {@link ClientSession}. A stale socket file left by a crashed daemon is replaced; a
 * live one (another daemon answers) is an error.
 *
 * <p>Thread-safe: one virtual thread accepts, one per session reads.
 */
final class ControlServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ControlServer.class);

    private final ServerSocketChannel server;
    private final Path path;
    private final Map<String, DeviceSupervisor> devices;
    private final DaemonConfig.Limits limits;
    private final Supplier<String> statusReport;
    private final SharedQuota sharedQuota;
    private final List<ClientSession> sessions = new CopyOnWriteArrayList<>();
    private final AtomicInteger connections = new AtomicInteger();
    private final Thread acceptor;

    private ControlServer(ServerSocketChannel server, Path path, Map<String, DeviceSupervisor> devices,
                          DaemonConfig.Limits limits, Supplier<String> statusReport) {
        this.server = server;
        this.path = path;
        this.devices = devices;
        this.limits = limits;
        this.statusReport = statusReport;
        this.sharedQuota = new SharedQuota(limits.maxChannels());
        this.acceptor = Thread.ofVirtual().name("dot4-control " + path).unstarted(this::acceptLoop);
    }

    /**
     * Binds the control socket and starts accepting.
     *
     * @param devices the devices by name, in configuration order (the first is the default)
     * @throws IOException when the socket cannot be bound or its permissions set, saying what to do
     */
    static ControlServer open(Path path, Optional<String> group, Map<String, DeviceSupervisor> devices,
                              DaemonConfig.Limits limits, Supplier<String> statusReport) throws IOException {
        Optional<GroupPrincipal> owner = group.isPresent() ? Optional.of(lookupGroup(group.get())) : Optional.empty();
        prepareDirectory(path.toAbsolutePath().getParent(), owner);
        removeStaleSocket(path);
        ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            bindPrivately(server, path, owner);
        } catch (IOException e) {
            server.close();
            throw new IOException("cannot create the control socket " + path + ": " + e.getMessage()
                    + "; check that the directory is writable, or choose another path with --socket", e);
        }
        ControlServer control = new ControlServer(server, path, devices, limits, statusReport);
        control.acceptor.start();
        log.info("control socket {} ready ({})", path, group.map(g -> "mode 0660, group " + g).orElse("mode 0600"));
        return control;
    }

    /** The socket's path. */
    Path path() {
        return path;
    }

    /** The connected clients. */
    List<ClientSession> sessions() {
        return List.copyOf(sessions);
    }

    /** The status report, for the STATUS request. */
    String statusReport() {
        return statusReport.get();
    }

    /**
     * The device a request names.
     *
     * @throws Dot4Exception STATUS_NO_SUCH_DEVICE naming the configured devices
     */
    DeviceSupervisor device(String name) throws Dot4Exception {
        DeviceSupervisor device = name.isEmpty() ? devices.values().iterator().next() : devices.get(name);
        if (device == null) {
            throw new Dot4Exception(NtStatus.STATUS_NO_SUCH_DEVICE, "no device named \"" + name
                    + "\"; this daemon serves " + devices.keySet());
        }
        return device;
    }

    /** Every device, in configuration order. */
    List<DeviceSupervisor> devices() {
        return List.copyOf(devices.values());
    }

    /** Channels held per user and per device over all sessions. */
    SharedQuota sharedQuota() {
        return sharedQuota;
    }

    /** A session ended. */
    void removed(ClientSession session) {
        sessions.remove(session);
    }

    /** Stops accepting, closes every session (closing their channels) and removes the socket file. */
    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException e) {
            log.debug("closing {}: {}", path, e.getMessage());
        }
        sessions.forEach(ClientSession::close);
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            log.warn("cannot remove the control socket {}: {}", path, e.getMessage());
        }
    }

    private void acceptLoop() {
        AcceptBackoff backoff = new AcceptBackoff(log, "control socket " + path);
        while (server.isOpen()) {
            SocketChannel accepted;
            try {
                accepted = server.accept();
            } catch (IOException | RuntimeException e) {
                if (!server.isOpen() || !backoff.failed(e)) {
                    return;
                }
                continue;
            }
            backoff.succeeded();
            try {
                ClientSession session = new ClientSession(connections.incrementAndGet(), accepted, this, limits);
                sessions.add(session);
                log.info("control client {} connected", session.name());
                Thread.ofPlatform().daemon().name("dot4-client " + session.name()).start(session::run);
            } catch (RuntimeException e) {
                // One connection that cannot be served (its peer credentials unreadable...) must not end the loop.
                log.warn("control socket {}: dropping a connection: {}", path, e.toString());
                closeQuietly(accepted);
            }
        }
    }

    private static void closeQuietly(SocketChannel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            log.debug("close: {}", e.getMessage());
        }
    }

    /**
     * Binds the socket where nobody else can reach it yet, a fresh 0700 directory beside {@code path}, sets its
     * group and mode there, then renames it into place: the socket is never reachable with the mode the umask
     * gave it.
     */
    private static void bindPrivately(ServerSocketChannel server, Path path, Optional<GroupPrincipal> owner)
            throws IOException {
        Path parent = path.toAbsolutePath().getParent();
        Path staging = Files.createTempDirectory(parent, ".dot4-bind-",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Path staged = staging.resolve("s");
        try {
            server.bind(UnixDomainSocketAddress.of(staged));
            PosixFileAttributeView view = Files.getFileAttributeView(staged, PosixFileAttributeView.class);
            if (owner.isPresent()) {
                view.setGroup(owner.get());
            }
            view.setPermissions(PosixFilePermissions.fromString(owner.isPresent() ? "rw-rw----" : "rw-------"));
            Files.move(staged, path, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(staged);
            Files.deleteIfExists(staging);
        }
    }

    private static GroupPrincipal lookupGroup(String group) throws IOException {
        try {
            return Path.of("/").getFileSystem().getUserPrincipalLookupService().lookupPrincipalByGroupName(group);
        } catch (IOException e) {
            throw new IOException("socket group \"" + group + "\" does not exist; create it (groupadd " + group
                    + ") or change socket-group", e);
        }
    }

    /** Creates a missing directory as private (0700, or 0750 with the group); an existing one is left as it is. */
    private static void prepareDirectory(Path directory, Optional<GroupPrincipal> group) throws IOException {
        if (Files.isDirectory(directory)) {
            return;
        }
        try {
            Files.createDirectories(directory.getParent());
            Files.createDirectory(directory, PosixFilePermissions.asFileAttribute(
                    PosixFilePermissions.fromString(group.isPresent() ? "rwxr-x---" : "rwx------")));
            if (group.isPresent()) {
                Files.getFileAttributeView(directory, PosixFileAttributeView.class).setGroup(group.get());
            }
        } catch (FileAlreadyExistsException e) {
            // Created concurrently: fine.
        } catch (IOException e) {
            throw new IOException("cannot create the control socket directory " + directory + ": " + e
                    + "; create it, or choose a writable path with --socket", e);
        }
    }

    /** Removes a socket file nobody answers on; refuses when a daemon answers or the path is no socket. */
    private static void removeStaleSocket(Path path) throws IOException {
        if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        if (Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS) || Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
            throw new IOException(path + " exists and is not a socket; remove it or choose another --socket path");
        }
        try (SocketChannel _ = SocketChannel.open(UnixDomainSocketAddress.of(path))) {
            throw new IOException("another dot4 daemon is serving " + path + "; stop it or choose another --socket path");
        } catch (ConnectException stale) {
            Files.deleteIfExists(path);
        }
    }
}
