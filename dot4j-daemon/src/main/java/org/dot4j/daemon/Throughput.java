package org.dot4j.daemon;

import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.dot4j.driver.Dot4Host;
import org.dot4j.engine.ChannelStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bytes moved per second over the last {@value #SAMPLES} seconds, per device and per open channel, for the status
 * page's graphs. Once every {@link #PERIOD} a virtual thread reads each device's counters (the link totals of
 * {@link Dot4Host#bytesSent()}, which include channels that came and went in between, and each open channel's) and
 * keeps what they grew by in a {@link RateRing}. A device that reconnected starts from zero again; the ring of a
 * channel that closed is dropped.
 *
 * <p>Thread-safe: the sampler writes and the page reads under one lock; the counters are read before taking it.
 */
final class Throughput implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Throughput.class);
    /** Samples kept per device and channel: five minutes. */
    static final int SAMPLES = 300;
    /** Time between samples. */
    static final Duration PERIOD = Duration.ofSeconds(1);

    /** What one device's counters were at the last sample, and its rings. */
    private static final class Track {
        final RateRing ring = new RateRing(SAMPLES);
        final Map<Long, ChannelTrack> channels = new HashMap<>();
        /** The conversation the counters belong to; null while the device is down. */
        Dot4Host host;
        long sent;
        long received;
    }

    /** One channel's counters at the last sample, and its ring. */
    private static final class ChannelTrack {
        final RateRing ring = new RateRing(SAMPLES);
        long sent;
        long received;
    }

    private final List<DeviceSupervisor> devices;
    private final Map<String, Track> tracks = new HashMap<>();
    private final ScheduledExecutorService timer;

    /** A sampler of {@code devices}; {@link #start()} begins sampling. */
    Throughput(List<DeviceSupervisor> devices) {
        this.devices = List.copyOf(devices);
        this.timer = Executors.newSingleThreadScheduledExecutor(Thread.ofVirtual().name("dot4-throughput").factory());
        for (DeviceSupervisor device : devices) {
            tracks.put(device.spec().name(), new Track());
        }
    }

    /** Samples every {@link #PERIOD} until closed. */
    void start() {
        timer.scheduleAtFixedRate(this::sampleQuietly, PERIOD.toMillis(), PERIOD.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Takes one sample of every device now (the timer's task; tests call it directly). */
    void sample() {
        for (DeviceSupervisor device : devices) {
            Dot4Host host = device.host().orElse(null);
            long sent = host == null ? 0 : host.bytesSent();
            long received = host == null ? 0 : host.bytesReceived();
            List<ChannelStatus> channels = host == null ? List.of() : host.channels();
            synchronized (tracks) {
                record(tracks.get(device.spec().name()), host, sent, received, channels);
            }
        }
    }

    /** The device's samples, oldest first. */
    RateRing.Samples device(String name) {
        synchronized (tracks) {
            return tracks.get(name).ring.samples();
        }
    }

    /** An open channel's samples, oldest first; empty when it was not open at the last sample. */
    Optional<RateRing.Samples> channel(String device, long channelId) {
        synchronized (tracks) {
            Track track = tracks.get(device);
            ChannelTrack channel = track == null ? null : track.channels.get(channelId);
            return channel == null ? Optional.empty() : Optional.of(channel.ring.samples());
        }
    }

    /** Stops sampling. */
    @Override
    public void close() {
        timer.shutdownNow();
    }

    private static void record(Track track, Dot4Host host, long sent, long received, List<ChannelStatus> channels) {
        if (track.host != host) {
            // A new conversation counts from zero; channel ids start again too.
            track.host = host;
            track.sent = 0;
            track.received = 0;
            track.channels.clear();
        }
        track.ring.add(sent - track.sent, received - track.received);
        track.sent = sent;
        track.received = received;
        Set<Long> open = new HashSet<>();
        for (ChannelStatus c : channels) {
            open.add(c.channelId());
            ChannelTrack channel = track.channels.computeIfAbsent(c.channelId(), id -> new ChannelTrack());
            channel.ring.add(c.bytesSent() - channel.sent, c.bytesReceived() - channel.received);
            channel.sent = c.bytesSent();
            channel.received = c.bytesReceived();
        }
        track.channels.keySet().retainAll(open);
    }

    private void sampleQuietly() {
        try {
            sample();
        } catch (RuntimeException e) {
            // One bad sample must not end the timer (an exception would cancel it).
            log.debug("throughput sample failed: {}", e.toString());
        }
    }
}
