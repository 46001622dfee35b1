package org.dot4j.daemon;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.dot4j.api.Activity;
import org.dot4j.api.ChannelHandleData;
import org.dot4j.api.CreateSocketData;
import org.dot4j.api.DestroySocketData;
import org.dot4j.api.Dot4Constants;
import org.dot4j.api.Dot4Exception;
import org.dot4j.api.DriverCommand;
import org.dot4j.api.IoResult;
import org.dot4j.api.Ioctl;
import org.dot4j.api.NtStatus;
import org.dot4j.api.OpenChannelData;
import org.dot4j.capture.TraceBuffer;
import org.dot4j.daemon.ControlProtocol.Reply;
import org.dot4j.daemon.ControlProtocol.Request;
import org.dot4j.driver.HostClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries out one control request for a {@link ClientSession}: decodes the Windows input structure, enforces
 * the client's limits, calls the session's {@link HostClient} for the device, and encodes the reply as
 * {@code docs/control-protocol.md} defines it per IOCTL.
 *
 * <p>Stateless apart from the session; many requests of one session run in parallel on their own threads.
 */
final class RequestHandler {

    private static final Logger log = LoggerFactory.getLogger(RequestHandler.class);
    /** Error messages are diagnostics, not data: keep them short. */
    private static final int MAX_MESSAGE = 4096;
    private static final byte[] NOTHING = new byte[0];
    /** A TRACE waits at most this long for bytes, so a request thread is never held for good. */
    private static final long MAX_TRACE_WAIT_MILLIS = 10_000;

    private final ClientSession session;
    private final DaemonConfig.Limits limits;

    RequestHandler(ClientSession session, DaemonConfig.Limits limits) {
        this.session = session;
        this.limits = limits;
    }

    /**
     * How far a WRITE got: {@code taken} bytes queued, and its reply once it has one.
     *
     * @param request the WRITE
     * @param taken bytes of it queued so far
     * @param reply the answer, or null while bytes remain
     */
    record Progress(Request request, int taken, Reply reply) {
        /** A WRITE not yet begun. */
        static Progress of(Request request) {
            return new Progress(request, 0, null);
        }

        boolean answered() {
            return reply != null;
        }

        /** This progress with the request's own copy of its data (see {@link Request#detached()}). */
        Progress detached() {
            return new Progress(request.detached(), taken, reply);
        }
    }

    /** Carries out one request, the failures it throws answered by {@link #answer}. */
    @FunctionalInterface
    private interface Work {
        Reply run() throws Dot4Exception;
    }

    /** The reply to {@code r}; failures become error replies carrying their message. */
    Reply handle(Request r) {
        return answer(r, () -> switch (r.code()) {
            case ControlProtocol.HELLO -> hello(r);
            case ControlProtocol.STATUS -> status(r);
            case ControlProtocol.PROBE -> probe(r);
            case ControlProtocol.DEVICES -> devices(r);
            case ControlProtocol.TRACE -> trace(r);
            default -> ioctl(r, Ioctl.fromCode(r.code()).orElseThrow(() -> new Dot4Exception(
                    NtStatus.STATUS_INVALID_DEVICE_REQUEST, String.format("code 0x%08X is neither an IOCTL_DOT4_*"
                            + " code nor HELLO (1), STATUS (2), PROBE (3), DEVICES (4) or TRACE (5)", r.code()))));
        });
    }

    /**
     * A WRITE's first go, never waiting: queues what the channel's send queue takes at once. Answered when that was
     * every byte, the request allowed no wait, or it failed; otherwise the rest is for {@link #finishWrite}. Lets the
     * thread that reads requests queue a write itself while the send queue has room, without a hand-off to a worker.
     */
    Progress writeNow(Request r) {
        DriverCommand cmd;
        try {
            cmd = DriverCommand.decode(r.in());
        } catch (Dot4Exception e) {
            return new Progress(r, 0, error(r, e.status(), e.getMessage()));
        }
        Reply now = answer(r, () -> write(r, cmd, 0, Dot4Constants.NO_TIMEOUT));
        boolean waits = now.status() == NtStatus.STATUS_TIMEOUT.value() && cmd.timeout() != Dot4Constants.NO_TIMEOUT;
        return new Progress(r, now.information(), waits ? null : now);
    }

    /** The rest of a WRITE, waiting for room as its timeout allows; the reply counts the bytes taken before too. */
    Reply finishWrite(Progress p) {
        Request r = p.request();
        return answer(r, () -> {
            DriverCommand cmd = DriverCommand.decode(r.in());
            return write(r, cmd, p.taken(), cmd.timeout());
        });
    }

    private Reply answer(Request r, Work work) {
        try {
            return work.run();
        } catch (Dot4Exception e) {
            return error(r, e.status(), e.getMessage());
        } catch (RuntimeException e) {
            log.warn("{}: request {} (code 0x{}) failed", session.name(), r.requestId(), Integer.toHexString(r.code()), e);
            return error(r, NtStatus.STATUS_UNSUCCESSFUL, "internal error: " + e);
        }
    }

    /** Queues a WRITE's bytes from {@code taken} on, waiting up to {@code timeoutMillis}; the reply counts them all. */
    private Reply write(Request r, DriverCommand cmd, int taken, long timeoutMillis) throws Dot4Exception {
        HostClient client = session.device(r.device()).client();
        ByteBuffer data = r.data();
        int size = transferSize(cmd, data.remaining());
        ByteBuffer rest = data.slice(data.position() + (int) cmd.offset() + taken, size - taken);
        IoResult result = client.write(cmd.channelHandle(), rest, timeoutMillis);
        return ok(r, result.status(), taken + result.bytes(), NOTHING);
    }

    private Reply hello(Request r) throws Dot4Exception {
        if (r.in().length < 4) {
            throw Dot4Exception.bufferTooSmall("HELLO input (u32 version, u32 pid)", 4, r.in().length);
        }
        ByteBuffer in = ByteBuffer.wrap(r.in()).order(ByteOrder.LITTLE_ENDIAN);
        int version = in.getInt();
        if (version != ControlProtocol.VERSION) {
            throw new Dot4Exception(NtStatus.STATUS_NOT_SUPPORTED, "control protocol version " + version
                    + " is not supported; this daemon speaks version " + ControlProtocol.VERSION);
        }
        if (in.remaining() >= 4) {
            session.introduce(Integer.toUnsignedLong(in.getInt()));
        }
        byte[] out = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(ControlProtocol.VERSION).array();
        return ok(r, NtStatus.STATUS_SUCCESS, out.length, out);
    }

    private Reply status(Request r) {
        byte[] text = session.statusReport().getBytes(StandardCharsets.UTF_8);
        if (text.length > r.outLength()) {
            return ok(r, NtStatus.STATUS_BUFFER_OVERFLOW, text.length, Arrays.copyOf(text, r.outLength()));
        }
        return ok(r, NtStatus.STATUS_SUCCESS, text.length, text);
    }

    private Reply devices(Request r) throws Dot4Exception {
        byte[] out = DaemonDevice.encode(session.devices());
        if (out.length > r.outLength()) {
            throw Dot4Exception.bufferTooSmall("DEVICES output", out.length, r.outLength());
        }
        return ok(r, NtStatus.STATUS_SUCCESS, out.length, out);
    }

    private Reply probe(Request r) throws Dot4Exception {
        byte[] out = session.probe(r.device()).encode();
        if (out.length > r.outLength()) {
            throw Dot4Exception.bufferTooSmall("PROBE output", out.length, r.outLength());
        }
        return ok(r, NtStatus.STATUS_SUCCESS, out.length, out);
    }

    private Reply trace(Request r) throws Dot4Exception {
        if (r.in().length < 4 || r.outLength() < 4 + 1024) {
            throw Dot4Exception.bufferTooSmall("TRACE input (u32 wait ms) or output (4 + 1024 bytes at least)", 4 + 1024,
                    Math.min(r.in().length * 256, r.outLength()));
        }
        long wait = Integer.toUnsignedLong(ByteBuffer.wrap(r.in()).order(ByteOrder.LITTLE_ENDIAN).getInt());
        TraceBuffer.Taken taken = session.trace(r.device(), r.outLength() - 4, Math.min(wait, MAX_TRACE_WAIT_MILLIS));
        byte[] out = ByteBuffer.allocate(4 + taken.bytes().length).order(ByteOrder.LITTLE_ENDIAN)
                .putInt((int) Math.min(taken.droppedBlocks(), Integer.MAX_VALUE)).put(taken.bytes()).array();
        return ok(r, NtStatus.STATUS_SUCCESS, out.length, out);
    }

    private Reply ioctl(Request r, Ioctl ioctl) throws Dot4Exception {
        ClientSession.DeviceClient device = session.device(r.device());
        HostClient client = device.client();
        String name = device.name();
        return switch (ioctl) {
            case CREATE_SOCKET -> {
                requireOut(r, CreateSocketData.SIZE, "DOT4_DC_CREATE_DATA");
                CreateSocketData request = CreateSocketData.decode(r.in());
                long perChannel = DaemonConfig.Limits.channelBuffer(request.bufferSize());
                if (perChannel > limits.maxBufferedBytes()) {
                    throw Dot4Exception.insufficientResources("receive buffer: ulBufferSize " + perChannel
                            + " exceeds the limit of " + limits.maxBufferedBytes() + " bytes per client");
                }
                session.quota().requireSocketRoom();
                CreateSocketData created = client.createSocket(request);
                session.quota().socketCreated(name, created.hostSocketId(), request.bufferSize());
                yield ok(r, NtStatus.STATUS_SUCCESS, CreateSocketData.SIZE, created.encode());
            }
            case DESTROY_SOCKET -> {
                int socket = DestroySocketData.decode(r.in()).hostSocketId();
                client.destroySocket(socket);
                session.quota().socketDestroyed(name, socket);
                yield ok(r, NtStatus.STATUS_SUCCESS, 0, NOTHING);
            }
            case OPEN_CHANNEL, WAIT_FOR_CHANNEL -> open(r, ioctl, client, name);
            case CLOSE_CHANNEL -> {
                int handle = ChannelHandleData.decode(r.in()).channelHandle();
                try {
                    client.closeChannel(handle);
                } finally {
                    if (!client.handles().contains(handle)) {
                        session.quota().channelClosed(name, handle);
                    }
                }
                yield ok(r, NtStatus.STATUS_SUCCESS, 0, NOTHING);
            }
            case READ -> {
                DriverCommand cmd = DriverCommand.decode(r.in());
                int size = transferSize(cmd, r.outLength());
                byte[] buffer = new byte[size];
                IoResult result = client.read(cmd.channelHandle(), buffer, 0, size, cmd.timeout());
                yield ok(r, result.status(), result.bytes(), Arrays.copyOf(buffer, result.bytes()));
            }
            case WRITE -> {
                DriverCommand cmd = DriverCommand.decode(r.in());
                yield write(r, cmd, 0, cmd.timeout());
            }
            case ADD_ACTIVITY_BROADCAST -> {
                client.addActivityBroadcast(ChannelHandleData.decode(r.in()).channelHandle());
                yield ok(r, NtStatus.STATUS_SUCCESS, 0, NOTHING);
            }
            case REMOVE_ACTIVITY_BROADCAST -> {
                client.removeActivityBroadcast(ChannelHandleData.decode(r.in()).channelHandle());
                yield ok(r, NtStatus.STATUS_SUCCESS, 0, NOTHING);
            }
            case WAIT_ACTIVITY_BROADCAST -> {
                requireOut(r, Activity.SIZE, "DOT4_ACTIVITY");
                Activity activity = client.waitActivityBroadcast(optionalTimeout(r.in(), 0));
                yield ok(r, NtStatus.STATUS_SUCCESS, Activity.SIZE, activity.encode());
            }
        };
    }

    /** OPEN_CHANNEL and WAIT_FOR_CHANNEL: both reserve a channel against the limits first. */
    private Reply open(Request r, Ioctl ioctl, HostClient client, String device) throws Dot4Exception {
        requireOut(r, OpenChannelData.SIZE, "DOT4_DC_OPEN_DATA");
        OpenChannelData request = OpenChannelData.decode(r.in());
        ClientQuota.Reservation reservation = session.quota().reserve(device, request.hostSocketId());
        int handle;
        try {
            if (ioctl == Ioctl.OPEN_CHANNEL) {
                handle = client.openChannel(request.hostSocketId(), request.addActivity());
            } else {
                handle = client.waitForChannel(request.hostSocketId(), optionalTimeout(r.in(), OpenChannelData.SIZE));
                if (request.addActivity()) {
                    client.addActivityBroadcast(handle);
                }
            }
        } catch (Dot4Exception | RuntimeException e) {
            session.quota().cancel(reservation);
            throw e;
        }
        session.quota().commit(reservation, handle);
        return ok(r, NtStatus.STATUS_SUCCESS, OpenChannelData.SIZE, request.withChannelHandle(handle).encode());
    }

    /** The optional u32 ulTimeout at {@code offset} of the input, INFINITE when absent (dot4j extension). */
    private static long optionalTimeout(byte[] in, int offset) {
        if (in.length < offset + 4) {
            return Dot4Constants.INFINITE;
        }
        return Integer.toUnsignedLong(ByteBuffer.wrap(in).order(ByteOrder.LITTLE_ENDIAN).getInt(offset));
    }

    /** Checks {@code ulOffset + ulSize} lies within the data buffer; returns ulSize. */
    private static int transferSize(DriverCommand cmd, int bufferLength) throws Dot4Exception {
        if (cmd.offset() + cmd.size() > bufferLength) {
            throw Dot4Exception.invalidParameter("DOT4_DRIVER_CMD ulOffset " + cmd.offset() + " + ulSize " + cmd.size()
                    + " lies beyond the " + bufferLength + "-byte data buffer (outLength)");
        }
        return (int) cmd.size();
    }

    private static void requireOut(Request r, int size, String struct) throws Dot4Exception {
        if (r.outLength() < size) {
            throw Dot4Exception.bufferTooSmall(struct + " output (outLength)", size, r.outLength());
        }
    }

    private static Reply ok(Request r, NtStatus status, int information, byte[] out) {
        return new Reply(r.requestId(), status.value(), information, out);
    }

    /** An error reply to {@code r} carrying {@code message} (cut to the longest message a reply carries). */
    static Reply error(Request r, NtStatus status, String message) {
        byte[] text = message.getBytes(StandardCharsets.UTF_8);
        return new Reply(r.requestId(), status.value(), 0, Arrays.copyOf(text, Math.min(text.length, MAX_MESSAGE)));
    }
}
