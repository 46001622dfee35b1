package org.dot4j.engine;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.dot4j.wire.ResultCode;
import org.dot4j.wire.Transaction.ConfigSocket;
import org.dot4j.wire.Transaction.ConfigSocketReply;
import org.dot4j.wire.Transaction.MlcOpenChannel;

/**
 * What HP MLC has and 1284.4 does not (reference §6.1, §4.2, §8.1): ConfigSocket, which sets a socket's packet
 * sizes once per session before its first OpenChannel; the fixed socket ids that stand in for GetSocketID; and the
 * host's choice between waiting for pushed credit ("gusher") and asking for it ("miser", §6.2). The transactions
 * MLC shares with 1284.4 (OpenChannel's outcome, Credit, CreditRequest, CloseChannel, Exit, Error) go through
 * {@link PeerTransactions} and {@link Replies}, with the sizes this class agreed.
 *
 * <p>Part of {@link LinkEngine}; not thread-safe.
 */
final class MlcTransactions {

    /**
     * HPLIP's static socket ids (§8.1: {@code hpmudi.h}), plus ECHO on 6 from Windows' table (d4drvif.md); in MLC
     * the host opens channels on these without asking (HP1 "assume static socket ids").
     */
    static final Map<String, Integer> STATIC_SOCKETS = Map.of(
            "HP-MESSAGE", 1, "PRINT", 2, "HP-SCAN", 4, "ECHO", 6, "HP-FAX-SEND", 7,
            "HP-CONFIGURATION-UPLOAD", 0x0E, "HP-CONFIGURATION-DOWNLOAD", 0x0F, "HP-CARD-ACCESS", 0x11,
            "HP-WIFICONFIG", 0x2B, "HP-DEVMGMT", 0x2C);
    /** The status level HP1 sends in ConfigSocket ("status level??": meaning unknown, §13). */
    static final int STATUS_LEVEL = 0;

    private final LinkEngine engine;
    /** Sizes agreed by ConfigSocket this session, by the peripheral's socket: {host→peripheral, peripheral→host}. */
    private final Map<Integer, int[]> configured = new HashMap<>();
    /** Host: peripheral sockets whose ConfigSocket is queued or awaited. */
    private final Set<Integer> configuring = new HashSet<>();
    /** Host: no longer waits for pushed credit but asks (HP1 falls back for good when a gusher pushes none, Q-H8). */
    private boolean miser;

    MlcTransactions(LinkEngine engine) {
        this.engine = engine;
        this.miser = engine.config.mlcFlow() == MlcFlow.MISER;
    }

    /** The session ended (Init, Exit, link down): every socket is configured again in the next one. */
    void reset() {
        configured.clear();
        configuring.clear();
    }

    /** How long a host with data and no credit waits for the peer to push some before asking (§6.2). */
    long pushWait() {
        boolean gusher = engine.dialect.configuresSockets() && engine.role == Role.HOST && !miser;
        return gusher ? engine.config.replyTimeoutNanos() : 0;
    }

    /** A CreditRequest is about to be asked in MLC: a gusher pushed none in time, so the host is a miser now. */
    void asking() {
        if (engine.dialect.configuresSockets()) {
            miser = true;
        }
    }

    /** True once the host asks for credit instead of waiting for it. */
    boolean isMiser() {
        return miser;
    }

    // ---- host

    /** Queues ConfigSocket ahead of the first OpenChannel on the peripheral's socket this session. */
    void configureBeforeOpen(Channel ch) {
        int socket = ch.key.peerSocket(engine.role);
        if (configured.containsKey(socket) || configuring.contains(socket)) {
            return;
        }
        ConfigSocket config = new ConfigSocket(socket, ch.socket.maxSendPacket(), ch.socket.maxReceivePacket(), STATUS_LEVEL);
        if (engine.commands.offer(new CommandQueue.Pending.Send(0, config, null))) {
            configuring.add(socket);
        } // else the queue is full and the open behind it is refused as well
    }

    /** The peripheral's answer to our ConfigSocket (also a late one: its sizes hold at the peripheral). */
    void onConfigSocketReply(ConfigSocket asked, ConfigSocketReply reply) {
        configuring.remove(asked.socket());
        if (!reply.succeeded()) {
            configFailed(asked, new EngineEvent.Failed(Failure.REFUSED, "ConfigSocket " + asked.socket() + " refused: "
                    + reply.result(), reply.result(), null));
            return;
        }
        configured.put(asked.socket(), new int[] {
                agreed(asked.maxHostToPeripheral(), reply.maxHostToPeripheral()),
                agreed(asked.maxPeripheralToHost(), reply.maxPeripheralToHost())});
    }

    /** Our ConfigSocket failed: each OpenChannel queued behind it for that socket fails the same way. */
    void configFailed(ConfigSocket asked, EngineEvent.Failed failed) {
        configuring.remove(asked.socket());
        List<CommandQueue.Pending.Send> opens = new ArrayList<>();
        for (CommandQueue.Pending p : engine.commands.main.queue) {
            if (p instanceof CommandQueue.Pending.Send send && send.command() instanceof MlcOpenChannel o
                    && o.peripheralSocket() == asked.socket()) {
                opens.add(send);
            }
        }
        for (CommandQueue.Pending.Send send : opens) {
            engine.commands.main.queue.remove(send);
            engine.commands.fail(send, failed);
        }
    }

    /**
     * Host: the sizes of a channel from our socket {@code ours} to the peripheral's {@code socket}, {send, receive}:
     * what ConfigSocket agreed for the socket this session, sending capped by {@code ours}. Receiving is not capped:
     * the peripheral sends up to the agreed size, so a socket taking less cannot use the channel (the open fails).
     */
    int[] hostSizes(int socket, LocalSocket ours) {
        // Not configured only when ConfigSocket was skipped by a full queue: our own sizes, as asked.
        int[] sizes = configured.getOrDefault(socket, new int[] {ours.maxSendPacket(), ours.maxReceivePacket()});
        return new int[] {agreed(sizes[0], ours.maxSendPacket()), sizes[1]};
    }

    /** GetSocketID's answer without GetSocketID: the fixed id of a service (case-insensitive, as HPLIP matches). */
    static EngineEvent.Outcome lookUp(String serviceName) {
        Integer id = STATIC_SOCKETS.get(serviceName.toUpperCase(Locale.ROOT));
        return id != null ? new EngineEvent.SocketIdFound(id) : new EngineEvent.Failed(Failure.REFUSED,
                "HP MLC has no fixed socket for \"" + serviceName + "\"", ResultCode.SERVICE_NAME_NOT_FOUND, null);
    }

    /** GetServiceName's answer without GetServiceName: the service of a fixed socket id. */
    static EngineEvent.Outcome lookUp(int socketId) {
        return STATIC_SOCKETS.entrySet().stream().filter(e -> e.getValue() == socketId).findFirst()
                .<EngineEvent.Outcome>map(e -> new EngineEvent.ServiceNameFound(e.getKey()))
                .orElse(new EngineEvent.Failed(Failure.REFUSED, "HP MLC has no fixed service on socket " + socketId,
                        ResultCode.SERVICE_NOT_AVAILABLE, null));
    }

    // ---- peripheral

    /**
     * ConfigSocket from the host: the sizes we agree to for the socket's channels this session, as a reply. A
     * second ConfigSocket for a socket replaces the sizes for later channels (HP1 never sends one: "attributes must
     * remain persistent while transport is up").
     */
    ConfigSocketReply onConfigSocket(ConfigSocket config) {
        LocalSocket socket = engine.sockets.get(config.socket());
        if (engine.role == Role.HOST) {
            return refusal(ResultCode.UNABLE_TO_BEGIN); // HP1 answers device commands it does not know with 1 (§3.7)
        }
        if (socket == null || !socket.acceptsChannels()) {
            return refusal(ResultCode.SERVICE_NOT_AVAILABLE);
        }
        if (PeerTransactions.isInvalidSize(config.maxHostToPeripheral()) || PeerTransactions.isInvalidSize(config.maxPeripheralToHost())) {
            return refusal(ResultCode.INVALID_PACKET_SIZE);
        }
        int toUs = agreed(config.maxHostToPeripheral(), socket.maxReceivePacket());
        int toHost = agreed(config.maxPeripheralToHost(), socket.maxSendPacket());
        if (toUs == 0 && toHost == 0) {
            return refusal(ResultCode.ZERO_PACKET_SIZES);
        }
        configured.put(config.socket(), new int[] {toUs, toHost});
        return new ConfigSocketReply(ResultCode.SUCCESS, toUs, toHost, config.statusLevel());
    }

    /**
     * Peripheral: the sizes the host asked for with ConfigSocket, {host→peripheral, peripheral→host}; our socket's
     * own when it sent none (lenient: HP1 always configures first).
     */
    int[] peripheralSizes(int socket) {
        int[] sizes = configured.get(socket);
        LocalSocket ours = engine.sockets.get(socket);
        if (sizes == null) {
            return ours == null ? new int[] {0, 0} : new int[] {ours.maxReceivePacket(), ours.maxSendPacket()};
        }
        return sizes.clone();
    }

    private static ConfigSocketReply refusal(ResultCode result) {
        return new ConfigSocketReply(result, 0, 0, STATUS_LEVEL);
    }

    private static int agreed(int asked, int granted) {
        return asked == 0 || granted == 0 ? 0 : Math.min(asked, granted);
    }
}
