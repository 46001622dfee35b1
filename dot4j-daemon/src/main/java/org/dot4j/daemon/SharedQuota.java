package org.dot4j.daemon;

import java.util.HashMap;
import java.util.Map;
import org.dot4j.api.Dot4Exception;
import org.dot4j.engine.EngineConfig;

/**
 * Channels held by control clients across connections: one user (uid) may hold at most its per-client limit in
 * total however many connections it opens, and control clients together leave {@link #PORT_RESERVE} of a device's
 * {@link EngineConfig#DEFAULT_MAX_CHANNELS} channels free, so service ports (and other users, within their own limits)
 * still get channels when one user grabs all it may.
 *
 * <p>Thread-safe (synchronized); callers may hold their own {@link ClientQuota} lock, never the reverse.
 */
final class SharedQuota {

    /** Channels per device that control clients cannot take: kept for service-port connections. */
    static final int PORT_RESERVE = 32;
    /** Channels per device that control clients may hold together. */
    static final int CONTROL_CHANNELS = EngineConfig.DEFAULT_MAX_CHANNELS - PORT_RESERVE;

    private final int perUser;
    private final Map<String, Integer> byUser = new HashMap<>();
    private final Map<String, Integer> byDevice = new HashMap<>();

    /** A quota allowing each user {@code perUser} channels over all its connections. */
    SharedQuota(int perUser) {
        this.perUser = perUser;
    }

    /**
     * Takes one channel for {@code user} on {@code device}.
     *
     * @throws Dot4Exception STATUS_INSUFFICIENT_RESOURCES naming the limit reached
     */
    synchronized void acquire(String user, String device) throws Dot4Exception {
        int userHolds = byUser.getOrDefault(user, 0);
        if (userHolds >= perUser) {
            throw Dot4Exception.insufficientResources("channels for " + user + " (it holds " + userHolds
                    + " over all its connections; the limit is " + perUser + " per user)");
        }
        int deviceHolds = byDevice.getOrDefault(device, 0);
        if (deviceHolds >= CONTROL_CHANNELS) {
            throw Dot4Exception.insufficientResources("channels on device " + device + " for control clients ("
                    + CONTROL_CHANNELS + " held; " + PORT_RESERVE + " are kept for service ports)");
        }
        byUser.put(user, userHolds + 1);
        byDevice.put(device, deviceHolds + 1);
    }

    /** Gives back {@code count} channels of {@code user} on {@code device}. */
    synchronized void release(String user, String device, int count) {
        byUser.merge(user, -count, Integer::sum);
        byDevice.merge(device, -count, Integer::sum);
        byUser.values().removeIf(n -> n <= 0);
        byDevice.values().removeIf(n -> n <= 0);
    }

    /** Channels {@code user} holds over all its connections. */
    synchronized int heldBy(String user) {
        return byUser.getOrDefault(user, 0);
    }
}
