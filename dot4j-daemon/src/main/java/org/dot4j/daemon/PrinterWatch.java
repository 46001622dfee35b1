package org.dot4j.daemon;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.dot4j.api.ChannelType;
import org.dot4j.api.CreateSocketData;
import org.dot4j.api.Dot4Exception;
import org.dot4j.driver.Dot4Host;
import org.dot4j.driver.HostClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks devices what they say about themselves, for the status page: the printer's state and ink levels on
 * EPSON-CTRL (the {@code st} request escputil sends, {@link EpsonStatus}). Only while the page is watched
 * ({@link #refresh} comes with each of its requests), at most every {@link #REFRESH} per device, and once per
 * conversation for a device without the service; each question is a channel of its own (client
 * {@value #CLIENT}), opened and closed again, on a virtual thread, so a page request never waits for a device.
 *
 * <p>Thread-safe: the page's threads call {@link #refresh} and {@link #latest}; the questions run on their own.
 * No device is asked and nothing is logged while the lock is held.
 */
final class PrinterWatch {

    private static final Logger log = LoggerFactory.getLogger(PrinterWatch.class);
    /** How old an answer may be before the device is asked again. */
    static final Duration REFRESH = Duration.ofSeconds(30);
    /** The client name the channels carry in status reports. */
    static final String CLIENT = "status page";
    /** The service asked. */
    static final String EPSON_CTRL = "EPSON-CTRL";
    /** The problem of a device without the service: it is not asked again in the same conversation. */
    static final String NO_SERVICE = "no " + EPSON_CTRL + " service";
    private static final long ANSWER_TIMEOUT_MILLIS = 5_000;

    /**
     * What a device said.
     *
     * @param at when it answered (or failed to)
     * @param epson its EPSON-CTRL status, when it has the service and answered
     * @param problem why there is no status: no such service, no answer; empty when there is one
     */
    record Report(Instant at, Optional<EpsonStatus> epson, String problem) {}

    /** Per device: the last report, the conversation it came from, and whether a question is under way. */
    private static final class Entry {
        Report report;
        Dot4Host askedOf;
        boolean asking;
    }

    private final Map<String, Entry> entries = new HashMap<>();

    /** The last report of {@code device}, if it was ever asked. */
    Optional<Report> latest(String device) {
        synchronized (entries) {
            Entry e = entries.get(device);
            return e == null ? Optional.empty() : Optional.ofNullable(e.report);
        }
    }

    /** Starts a question to every device that is up and whose report is missing, stale or from an old conversation. */
    void refresh(List<DeviceSupervisor> devices) {
        Instant now = Instant.now();
        for (DeviceSupervisor device : devices) {
            Dot4Host host = device.host().orElse(null);
            if (host != null && claim(device.spec().name(), host, now)) {
                Thread.ofVirtual().name("dot4-printer-status " + device.spec().name())
                        .start(() -> ask(device.spec().name(), host));
            }
        }
    }

    /** Marks a question to {@code host} as under way when one is due; false when none is. */
    private boolean claim(String device, Dot4Host host, Instant now) {
        synchronized (entries) {
            Entry e = entries.computeIfAbsent(device, d -> new Entry());
            boolean sameConversation = e.askedOf == host && e.report != null;
            boolean noService = sameConversation && e.report.problem().equals(NO_SERVICE);
            if (e.asking || noService || (sameConversation && now.isBefore(e.report.at().plus(REFRESH)))) {
                return false;
            }
            e.asking = true;
            e.askedOf = host;
            return true;
        }
    }

    private void ask(String device, Dot4Host host) {
        Report report = question(host);
        if (!report.problem().isEmpty()) {
            log.debug("device {}: no printer status: {}", device, report.problem());
        }
        synchronized (entries) {
            Entry e = entries.get(device);
            e.report = report;
            e.asking = false;
        }
    }

    /** Asks EPSON-CTRL for the status on a client of its own. */
    private static Report question(Dot4Host host) {
        HostClient client = null;
        try {
            OptionalInt socket = host.socketIdOf(EPSON_CTRL);
            if (socket.isEmpty()) {
                return new Report(Instant.now(), Optional.empty(), NO_SERVICE);
            }
            client = host.newClient(CLIENT);
            int hostSocket = client.createSocket(CreateSocketData.forService(EPSON_CTRL, ChannelType.STREAM, 4096, 512,
                    512)).hostSocketId();
            return new Report(Instant.now(), Optional.of(EpsonStatus.query(client, hostSocket, ANSWER_TIMEOUT_MILLIS)), "");
        } catch (Dot4Exception e) {
            return new Report(Instant.now(), Optional.empty(), EPSON_CTRL + ": " + e.getMessage());
        } finally {
            if (client != null) {
                client.close();
            }
        }
    }
}
