package org.dot4j.daemon;

import java.io.Closeable;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import org.dot4j.api.Dot4Exception;
import org.dot4j.api.NtStatus;
import org.dot4j.daemon.ControlProtocol.Reply;

/**
 * A client's connection to the daemon's control socket: sends request frames and matches replies to callers
 * by request id, so many threads can have calls outstanding at once (one blocked in a READ while another
 * writes). A reader thread receives the replies; when the connection ends, every pending and later call fails
 * with STATUS_DEVICE_NOT_CONNECTED.
 *
 * <p>Thread-safe.
 */
public final class DaemonConnection implements Closeable {

    private final SocketChannel channel;
    private final Path path;
    private final ReentrantLock writeLock = new ReentrantLock();
    private final Map<Integer, CompletableFuture<Reply>> pending = new ConcurrentHashMap<>();
    private final AtomicInteger nextId = new AtomicInteger(1);
    private volatile String lostReason;

    private DaemonConnection(SocketChannel channel, Path path) {
        this.channel = channel;
        this.path = path;
    }

    /**
     * Connects to the control socket.
     *
     * @throws Dot4Exception STATUS_DEVICE_NOT_CONNECTED when nobody serves it, saying what to check
     */
    public static DaemonConnection open(Path controlSocket) throws Dot4Exception {
        SocketChannel channel;
        try {
            channel = SocketChannel.open(StandardProtocolFamily.UNIX);
            try {
                channel.connect(UnixDomainSocketAddress.of(controlSocket));
            } catch (IOException e) {
                channel.close();
                throw e;
            }
        } catch (IOException e) {
            throw new Dot4Exception(NtStatus.STATUS_DEVICE_NOT_CONNECTED, "cannot connect to the dot4 daemon at "
                    + controlSocket + ": " + e.getMessage() + "; is dot4 serve running, and may you use its socket?", e);
        }
        DaemonConnection connection = new DaemonConnection(channel, controlSocket);
        Thread.ofPlatform().daemon().name("dot4-daemon-replies " + controlSocket).start(connection::readReplies);
        return connection;
    }

    /**
     * Sends one request and waits for its reply.
     *
     * @param code IOCTL or management code
     * @param device device name, empty for the daemon's first device
     * @param in input buffer
     * @param outLength output buffer size
     * @param data the output buffer's bytes for IOCTL_DOT4_WRITE (sent from it, not copied), else empty
     * @throws Dot4Exception STATUS_DEVICE_NOT_CONNECTED when the connection is lost; STATUS_CANCELLED when the
     *     calling thread is interrupted
     */
    public Reply call(int code, String device, byte[] in, int outLength, ByteBuffer data) throws Dot4Exception {
        return await(post(code, device, in, outLength, data));
    }

    /**
     * Sends one request without waiting for its reply; {@link #await} it. {@code data} has been sent when this returns.
     *
     * @throws Dot4Exception STATUS_DEVICE_NOT_CONNECTED when the connection is lost
     */
    CompletableFuture<Reply> post(int code, String device, byte[] in, int outLength, ByteBuffer data)
            throws Dot4Exception {
        int id = nextId.getAndIncrement();
        CompletableFuture<Reply> reply = new CompletableFuture<>();
        pending.put(id, reply);
        reply.whenComplete((r, e) -> pending.remove(id));
        ByteBuffer[] frame = {ControlProtocol.encodeRequestHead(id, code, device, in, outLength, data.remaining()), data};
        writeLock.lock();
        try {
            requireOpen();
            while (frame[0].hasRemaining() || frame[1].hasRemaining()) {
                channel.write(frame);
            }
        } catch (IOException e) {
            lost("sending failed: " + e.getMessage());
            throw lostException();
        } finally {
            writeLock.unlock();
            if (lostReason != null) {
                reply.cancel(false);
            }
        }
        return reply;
    }

    /**
     * The reply to a posted request.
     *
     * @throws Dot4Exception STATUS_DEVICE_NOT_CONNECTED when the connection was lost first; STATUS_CANCELLED when
     *     the calling thread is interrupted
     */
    Reply await(CompletableFuture<Reply> reply) throws Dot4Exception {
        try {
            return reply.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            reply.cancel(false);
            throw Dot4Exception.cancelled("a request to the dot4 daemon (interrupted)");
        } catch (ExecutionException | java.util.concurrent.CancellationException e) {
            throw lostException();
        }
    }

    /** Closes the connection; the daemon then closes every channel and socket opened through it. */
    @Override
    public void close() {
        lost("closed by the client");
        try {
            channel.close();
        } catch (IOException e) {
            // Already broken: nothing more to release.
        }
    }

    private void readReplies() {
        ControlProtocol.FrameReader frames = new ControlProtocol.FrameReader();
        try {
            while (true) {
                ByteBuffer body = frames.next(channel);
                if (body == null) {
                    lost("the daemon closed the connection");
                    return;
                }
                Reply reply = ControlProtocol.decodeReply(body);
                CompletableFuture<Reply> waiter = pending.get(reply.requestId());
                if (waiter != null) {
                    waiter.complete(reply);
                }
            }
        } catch (IOException e) {
            lost(e.getMessage());
        }
    }

    private void lost(String reason) {
        if (lostReason == null) {
            lostReason = reason;
        }
        pending.values().forEach(f -> f.completeExceptionally(new IOException(reason)));
    }

    private void requireOpen() throws Dot4Exception {
        if (lostReason != null) {
            throw lostException();
        }
    }

    private Dot4Exception lostException() {
        return new Dot4Exception(NtStatus.STATUS_DEVICE_NOT_CONNECTED, "the connection to the dot4 daemon at " + path
                + " is gone (" + lostReason + "); connect again");
    }
}
