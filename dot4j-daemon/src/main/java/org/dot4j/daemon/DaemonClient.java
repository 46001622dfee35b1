package org.dot4j.daemon;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.dot4j.api.Activity;
import org.dot4j.api.ChannelHandleData;
import org.dot4j.api.CreateSocketData;
import org.dot4j.api.DestroySocketData;
import org.dot4j.api.Dot4Constants;
import org.dot4j.api.Dot4Device;
import org.dot4j.api.Dot4Exception;
import org.dot4j.api.DriverCommand;
import org.dot4j.api.IoResult;
import org.dot4j.api.Ioctl;
import org.dot4j.api.NtStatus;
import org.dot4j.api.OpenChannelData;
import org.dot4j.capture.TraceBuffer;
import org.dot4j.daemon.ControlProtocol.Reply;
import org.dot4j.driver.Deadline;

/**
 * A {@link Dot4Device} served by a running daemon: each call is one request on the control socket, carrying the
 * same Windows structures a d4drvif caller passes to {@code DeviceIoControl}. Code written against
 * {@link Dot4Device} runs unchanged on this or on the in-process {@code HostClient}.
 *
 * <p>Differences from in-process use: a read returns at most {@link ControlProtocol#MAX_BUFFER} bytes per call,
 * and a write larger than {@link #MAX_WRITE_REQUEST} bytes is sent as several requests (on a packet channel,
 * several messages). A write with an INFINITE timeout returns once its data is on its way to the daemon, as an
 * in-process write returns once queued ({@link PostedWrites}); if the daemon then fails it, the next such write
 * on the channel or its CLOSE_CHANNEL throws, so CLOSE_CHANNEL succeeds only when every byte was taken. Closing the
 * client closes the connection, and the daemon closes everything it opened.
 *
 * <p>Thread-safe: calls from many threads are outstanding at once.
 */
public final class DaemonClient implements Dot4Device {

    /** Largest write sent in one request; leaves room in a frame for the header, a 255-byte name and the struct. */
    public static final int MAX_WRITE_REQUEST = ControlProtocol.MAX_BUFFER - 1024;
    private static final byte[] NOTHING = new byte[0];
    private static final ByteBuffer NO_DATA = ByteBuffer.allocate(0);

    private final DaemonConnection connection;
    private final String device;
    private final PostedWrites posted;

    private DaemonClient(DaemonConnection connection, String device) {
        this.connection = connection;
        this.device = device;
        this.posted = new PostedWrites(connection, DaemonClient::checkTaken);
    }

    /**
     * Connects to the daemon at {@code controlSocket} and says hello.
     *
     * @param device the device name, or empty for the daemon's first device
     * @throws Dot4Exception STATUS_DEVICE_NOT_CONNECTED when no daemon answers; STATUS_NOT_SUPPORTED when it speaks
     *     another protocol version
     */
    public static DaemonClient connect(Path controlSocket, String device) throws Dot4Exception {
        DaemonConnection connection = DaemonConnection.open(controlSocket);
        DaemonClient client = new DaemonClient(connection, device);
        try {
            byte[] hello = le(8).putInt(ControlProtocol.VERSION).putInt((int) ProcessHandle.current().pid()).array();
            client.expectSuccess(connection.call(ControlProtocol.HELLO, "", hello, 4, NO_DATA));
            return client;
        } catch (Dot4Exception e) {
            connection.close();
            throw e;
        }
    }

    /** The device this client talks to (empty: the daemon's first). */
    public String device() {
        return device;
    }

    /** The daemon's status report, as {@code dot4 ctl status} prints it. */
    public String status() throws Dot4Exception {
        Reply reply = connection.call(ControlProtocol.STATUS, "", NOTHING, ControlProtocol.MAX_BUFFER, NO_DATA);
        NtStatus status = statusOf(reply);
        if (status.isError()) {
            throw failure(status, reply);
        }
        return new String(reply.out(), StandardCharsets.UTF_8);
    }

    /** The devices the daemon serves, with their links and whether each is up. */
    public List<DaemonDevice> devices() throws Dot4Exception {
        Reply reply = connection.call(ControlProtocol.DEVICES, "", NOTHING, ControlProtocol.MAX_BUFFER, NO_DATA);
        NtStatus status = statusOf(reply);
        if (status.isError()) {
            throw failure(status, reply);
        }
        return DaemonDevice.decode(reply.out());
    }

    /** The device's link, revision and services, as {@code dot4 probe} shows them (the daemon asks the device). */
    public DeviceProbe probe() throws Dot4Exception {
        Reply reply = connection.call(ControlProtocol.PROBE, device, NOTHING, ControlProtocol.MAX_BUFFER, NO_DATA);
        NtStatus status = statusOf(reply);
        if (status.isError()) {
            throw failure(status, reply);
        }
        return DeviceProbe.decode(reply.out());
    }

    /**
     * The next part of a pcapng trace of the device's link (docs/trace-format.md), waiting up to {@code waitMillis} for
     * bytes; the first call starts the trace and closing this client stops it.
     *
     * @return the bytes (possibly none) and how many records the daemon dropped because they were not read in time
     */
    public TraceBuffer.Taken trace(long waitMillis) throws Dot4Exception {
        byte[] in = le(4).putInt(ulong(waitMillis)).array();
        Reply reply = expectSuccess(connection.call(ControlProtocol.TRACE, device, in, ControlProtocol.MAX_BUFFER, NO_DATA));
        ByteBuffer out = ByteBuffer.wrap(reply.out()).order(ByteOrder.LITTLE_ENDIAN);
        if (out.remaining() < 4) {
            throw new Dot4Exception(NtStatus.STATUS_UNSUCCESSFUL, "the daemon's TRACE reply has " + out.remaining()
                    + " bytes, fewer than its 4-byte count");
        }
        long dropped = Integer.toUnsignedLong(out.getInt());
        byte[] bytes = new byte[out.remaining()];
        out.get(bytes);
        return new TraceBuffer.Taken(bytes, dropped);
    }

    @Override
    public CreateSocketData createSocket(CreateSocketData request) throws Dot4Exception {
        Reply reply = ioctl(Ioctl.CREATE_SOCKET, request.encode(), CreateSocketData.SIZE);
        return CreateSocketData.decode(reply.out());
    }

    @Override
    public void destroySocket(int hostSocketId) throws Dot4Exception {
        ioctl(Ioctl.DESTROY_SOCKET, new DestroySocketData(hostSocketId).encode(), 0);
    }

    @Override
    public int openChannel(int hostSocketId, boolean addActivity) throws Dot4Exception {
        Reply reply = ioctl(Ioctl.OPEN_CHANNEL, new OpenChannelData(hostSocketId, addActivity, 0).encode(),
                OpenChannelData.SIZE);
        return OpenChannelData.decode(reply.out()).channelHandle();
    }

    @Override
    public int waitForChannel(int hostSocketId, long timeoutMillis) throws Dot4Exception {
        byte[] in = le(OpenChannelData.SIZE + 4).put(new OpenChannelData(hostSocketId, false, 0).encode())
                .putInt(ulong(timeoutMillis)).array();
        return OpenChannelData.decode(ioctl(Ioctl.WAIT_FOR_CHANNEL, in, OpenChannelData.SIZE).out()).channelHandle();
    }

    @Override
    public void closeChannel(int channelHandle) throws Dot4Exception {
        Dot4Exception unwritten = null;
        try {
            posted.settle(channelHandle);
        } catch (Dot4Exception e) {
            unwritten = e;      // the channel is closed all the same, and the caller told the job was not whole
        }
        try {
            ioctl(Ioctl.CLOSE_CHANNEL, new ChannelHandleData(channelHandle).encode(), 0);
        } catch (Dot4Exception e) {
            if (unwritten == null) {
                throw e;
            }
            unwritten.addSuppressed(e);
        } finally {
            posted.forget(channelHandle);
        }
        if (unwritten != null) {
            throw unwritten;
        }
    }

    @Override
    public IoResult read(int channelHandle, byte[] buffer, int offset, int size, long timeoutMillis) throws Dot4Exception {
        checkRange(buffer, offset, size);
        int asked = Math.min(size, ControlProtocol.MAX_BUFFER);
        byte[] cmd = new DriverCommand(channelHandle, asked, 0, Integer.toUnsignedLong(ulong(timeoutMillis))).encode();
        Reply reply = connection.call(Ioctl.READ.code(), device, cmd, asked, NO_DATA);
        NtStatus status = statusOf(reply);
        if (status.isError()) {
            throw failure(status, reply);
        }
        int n = Math.min(reply.out().length, asked);
        System.arraycopy(reply.out(), 0, buffer, offset, n);
        return new IoResult(status, n);
    }

    @Override
    public IoResult write(int channelHandle, byte[] buffer, int offset, int size, long timeoutMillis) throws Dot4Exception {
        checkRange(buffer, offset, size);
        long unsignedTimeout = Integer.toUnsignedLong(ulong(timeoutMillis));
        if (unsignedTimeout == Dot4Constants.INFINITE) {
            int done = 0;
            do {
                int chunk = Math.min(size - done, MAX_WRITE_REQUEST);
                byte[] cmd = new DriverCommand(channelHandle, chunk, 0, unsignedTimeout).encode();
                ByteBuffer data = ByteBuffer.wrap(buffer, offset + done, chunk);
                posted.post(channelHandle, chunk, () -> connection.post(Ioctl.WRITE.code(), device, cmd, chunk, data));
                done += chunk;
            } while (done < size);
            return IoResult.success(done);
        }
        posted.settle(channelHandle);       // a timed write's count is its answer: it waits for the ones before
        Deadline deadline = Deadline.ofMillis(unsignedTimeout);
        int done = 0;
        do {
            int chunk = Math.min(size - done, MAX_WRITE_REQUEST);
            long left = done == 0 ? unsignedTimeout : Math.max(0, TimeUnit.NANOSECONDS.toMillis(deadline.remainingNanos()));
            byte[] cmd = new DriverCommand(channelHandle, chunk, 0, left).encode();
            Reply reply = connection.call(Ioctl.WRITE.code(), device, cmd, chunk, ByteBuffer.wrap(buffer, offset + done, chunk));
            NtStatus status = statusOf(reply);
            if (status.isError()) {
                throw failure(status, reply);
            }
            done += reply.information();
            if (status != NtStatus.STATUS_SUCCESS || reply.information() < chunk) {
                return new IoResult(status, done);
            }
        } while (done < size);
        return IoResult.success(done);
    }

    @Override
    public void addActivityBroadcast(int channelHandle) throws Dot4Exception {
        ioctl(Ioctl.ADD_ACTIVITY_BROADCAST, new ChannelHandleData(channelHandle).encode(), 0);
    }

    @Override
    public void removeActivityBroadcast(int channelHandle) throws Dot4Exception {
        ioctl(Ioctl.REMOVE_ACTIVITY_BROADCAST, new ChannelHandleData(channelHandle).encode(), 0);
    }

    @Override
    public Activity waitActivityBroadcast(long timeoutMillis) throws Dot4Exception {
        byte[] in = le(4).putInt(ulong(timeoutMillis)).array();
        return Activity.decode(ioctl(Ioctl.WAIT_ACTIVITY_BROADCAST, in, Activity.SIZE).out());
    }

    /** Closes the connection; the daemon closes every channel and destroys every socket this client made. */
    @Override
    public void close() {
        connection.close();
    }

    /** A call that must succeed; its reply. */
    private Reply ioctl(Ioctl ioctl, byte[] in, int outLength) throws Dot4Exception {
        return expectSuccess(connection.call(ioctl.code(), device, in, outLength, NO_DATA));
    }

    /** A posted write's answer: every byte taken, or the failure the caller learns of now. */
    private static void checkTaken(Reply reply, int size) throws Dot4Exception {
        NtStatus status = statusOf(reply);
        if (status.isError()) {
            Dot4Exception e = failure(status, reply);
            throw new Dot4Exception(status, "an earlier write on this channel failed: " + e.getMessage());
        }
        if (reply.information() != size) {
            throw new Dot4Exception(NtStatus.STATUS_UNSUCCESSFUL, "the daemon took " + reply.information() + " of the "
                    + size + " bytes of an earlier write on this channel (" + status.describe() + ")");
        }
    }

    private Reply expectSuccess(Reply reply) throws Dot4Exception {
        NtStatus status = statusOf(reply);
        if (!status.isSuccess()) {
            throw failure(status, reply);
        }
        return reply;
    }

    private static NtStatus statusOf(Reply reply) throws Dot4Exception {
        return NtStatus.fromValue(reply.status()).orElseThrow(() -> new Dot4Exception(NtStatus.STATUS_UNSUCCESSFUL,
                String.format("the daemon answered with NTSTATUS 0x%08X, which dot4j does not know; %s", reply.status(),
                        new String(reply.out(), StandardCharsets.UTF_8))));
    }

    /** The daemon's failure as an exception; its message already starts with the status, which is not repeated. */
    private static Dot4Exception failure(NtStatus status, Reply reply) {
        String message = new String(reply.out(), StandardCharsets.UTF_8);
        String prefix = status.describe() + ": ";
        return new Dot4Exception(status, message.startsWith(prefix) ? message.substring(prefix.length()) : message);
    }

    private static int ulong(long timeoutMillis) {
        if (timeoutMillis < 0 || timeoutMillis > Dot4Constants.INFINITE) {
            throw new IllegalArgumentException("timeout " + timeoutMillis + " ms is outside the unsigned 32-bit range");
        }
        return (int) timeoutMillis;
    }

    private static void checkRange(byte[] buffer, int offset, int size) throws Dot4Exception {
        if (offset < 0 || size < 0 || (long) offset + size > buffer.length) {
            throw Dot4Exception.invalidParameter("ulOffset " + offset + " + ulSize " + size + " beyond the "
                    + buffer.length + "-byte buffer");
        }
    }

    private static ByteBuffer le(int size) {
        return ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
    }
}
