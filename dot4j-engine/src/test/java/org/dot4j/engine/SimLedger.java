package org.dot4j.engine;

import static org.dot4j.engine.SimulationTest.check;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.dot4j.engine.SimulationTest.Endpoint;
import org.dot4j.engine.SimulationTest.ModelChannel;
import org.dot4j.engine.SimulationTest.Phase;
import org.dot4j.wire.ResultCode;

/**
 * The books of a {@link Simulation}: the model's channels and requests, kept in step with the events both engines
 * report; every event is checked against them. Not thread-safe.
 */
final class SimLedger {

    private record Request(String what, Consumer<EngineEvent.Outcome> onDone) {}

    private final EnginePair pair;
    private final Consumer<String> record;
    /** Channels not yet forgotten by both sides, oldest first. */
    final List<ModelChannel> channels = new ArrayList<>();
    private final Map<Long, Endpoint> hostById = new LinkedHashMap<>();
    private final Map<Long, Endpoint> peripheralById = new LinkedHashMap<>();
    private final Map<Long, Request> hostRequests = new LinkedHashMap<>();
    private final Map<Long, Request> peripheralRequests = new LinkedHashMap<>();
    private int hostCursor;
    private int peripheralCursor;
    /** Init commands the host issued. */
    int epoch;
    /** Inits the peripheral has seen. */
    private int peripheralInits;

    SimLedger(EnginePair pair, Consumer<String> record) {
        this.pair = pair;
        this.record = record;
    }

    boolean allCompleted() {
        return hostRequests.isEmpty() && peripheralRequests.isEmpty();
    }

    String pendingRequests() {
        return "host " + hostRequests.values() + ", peripheral " + peripheralRequests.values();
    }

    /** Takes the engines' new events into the model; {@code idle} after a full drive, when nothing is in flight. */
    void settle(boolean idle) {
        // The pair fills its event lists only in its own transfers: poll the engines here too.
        for (var e = pair.host.pollEvent(); e.isPresent(); e = pair.host.pollEvent()) {
            pair.hostEvents.add(e.get());
        }
        for (var e = pair.peripheral.pollEvent(); e.isPresent(); e = pair.peripheral.pollEvent()) {
            pair.peripheralEvents.add(e.get());
        }
        for (; hostCursor < pair.hostEvents.size(); hostCursor++) {
            onEvent(Role.HOST, pair.hostEvents.get(hostCursor));
        }
        for (; peripheralCursor < pair.peripheralEvents.size(); peripheralCursor++) {
            onEvent(Role.PERIPHERAL, pair.peripheralEvents.get(peripheralCursor));
        }
        for (ModelChannel ch : idle ? channels : List.<ModelChannel>of()) {
            for (Endpoint e : ch.sides()) {
                // An open cancelled by Init may or may not have reached the peer; once idle, it never will.
                if (e.phase == Phase.AWAITING) {
                    check(e.peer().phase == Phase.DONE, e + ": the peer opened it but it was never accepted");
                    e.phase = Phase.DONE;
                }
            }
        }
        channels.removeIf(ModelChannel::done);
    }

    void onEvent(Role side, EngineEvent event) {
        record.accept(side + " " + event);
        Map<Long, Endpoint> byId = side == Role.HOST ? hostById : peripheralById;
        switch (event) {
            case EngineEvent.Completed c -> {
                Request r = (side == Role.HOST ? hostRequests : peripheralRequests).remove(c.requestId());
                check(r != null, side + " completed request " + c.requestId() + ", which nobody issued or which completed twice");
                r.onDone().accept(c.outcome());
            }
            case EngineEvent.ChannelAccepted a -> {
                Endpoint e = channels.stream().filter(c -> c.key.equals(a.key())).map(c -> c.side(side))
                        .filter(ep -> ep.phase == Phase.AWAITING).findFirst().orElse(null);
                check(e != null, side + " accepted " + a.key() + ", which the model did not open");
                check(a.localSocket() == a.key().localSocket(side) && a.sendPacketSize() == e.expectedSend
                        && a.receivePacketSize() == e.expectedReceive, e + ": accepted as " + a);
                adopt(e, a.channelId());
            }
            case EngineEvent.ChannelClosed c -> {
                Endpoint e = byId.get(c.channelId());
                check(e != null && e.phase == Phase.OPEN, side + " reports " + c + " but the model has " + e);
                e.phase = Phase.PEER_CLOSED;
            }
            case EngineEvent.Initialized i -> peripheralInits += side == Role.PERIPHERAL ? 1 : 0;
            case EngineEvent.DataReceived d -> check(byId.containsKey(d.channelId()), side + " got data on an unknown channel: " + d);
            case EngineEvent.ViolationDetected v -> throw new AssertionError(side + " detected a violation on an honest run: " + v);
            case EngineEvent.PeerError p -> throw new AssertionError(side + " received an Error packet on an honest run: " + p);
            case EngineEvent.LinkDown d -> throw new AssertionError(side + " link went down: " + d);
            default -> { }
        }
    }

    void issue(Role side, long requestId, String what, Consumer<EngineEvent.Outcome> onDone) {
        Request previous = (side == Role.HOST ? hostRequests : peripheralRequests).put(requestId, new Request(what, onDone));
        check(previous == null, side + " reused request id " + requestId);
    }

    void adopt(Endpoint e, long channelId) {
        e.id = channelId;
        e.phase = Phase.OPEN;
        check((e.role == Role.HOST ? hostById : peripheralById).put(channelId, e) == null, e.role + " reused channel id " + channelId);
    }

    /** The Inits {@code side} had seen: its requests may be cancelled by any later one. */
    int seen(Role side) {
        return side == Role.HOST ? epoch : peripheralInits;
    }

    /**
     * A request fails by a re-Init exactly when an Init came after it was issued ({@link #seen}): cancelled, or
     * refused with "unable to begin" by a host that is initialising.
     */
    boolean cancelledByInit(EngineEvent.Outcome o, int seen) {
        return o instanceof EngineEvent.Failed f && epoch > seen && (f.failure() == Failure.CANCELLED
                || (f.failure() == Failure.REFUSED && f.result() == ResultCode.UNABLE_TO_BEGIN));
    }

    static boolean refused(EngineEvent.Outcome o) {
        return o instanceof EngineEvent.Failed f && f.failure() == Failure.REFUSED;
    }
}
