package org.dot4j.daemon;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.dot4j.api.ChannelType;
import org.dot4j.api.CreateSocketData;
import org.dot4j.api.Dot4Exception;
import org.dot4j.driver.Dot4Host;
import org.dot4j.driver.HostClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks devices what they say about themselves, for the status page: the printer's state and ink levels on
 * EPSON-CTRL (the {@code st} request escputil sends, {@link EpsonStatus}) and HP's device and printer status over PML
 * on HP-MESSAGE ({@link PmlStatus}), each where the device has the service. Only while the page is watched
 * ({@link #refresh} comes with each of its requests), at most every {@link #REFRESH} per device, and once per
 * conversation for a device with neither service; each question is a channel of its own (client
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
    /** Epson's status service. */
    static final String EPSON_CTRL = "EPSON-CTRL";
    /** HP's PML service. */
    static final String HP_MESSAGE = "HP-MESSAGE";
    /** The problem of a device with neither service: it is not asked again in the same conversation. */
    static final String NO_SERVICE = "neither " + EPSON_CTRL + " nor " + HP_MESSAGE;
    private static final long ANSWER_TIMEOUT_MILLIS = 5_000;

    /**
     * What a device said.
     *
     * @param at when it answered (or failed to)
     * @param epson its EPSON-CTRL status, when it has the service and answered
     * @param pml its PML status, when it has HP-MESSAGE and answered
     * @param problem what went wrong (no such services, no answer), empty when nothing did
     */
    record Report(Instant at, Optional<EpsonStatus> epson, Optional<PmlStatus> pml, String problem) {}

    /** One question on a channel of a service. */
    @FunctionalInterface
    private interface Question<T> {
        T ask(HostClient client, int hostSocket) throws Dot4Exception;
    }

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
                        .start(() -> askAndKeep(device.spec().name(), host));
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

    private void askAndKeep(String device, Dot4Host host) {
        Report report = null;
        try {
            report = question(host);
            if (!report.problem().isEmpty()) {
                log.debug("device {}: printer status: {}", device, report.problem());
            }
        } finally {
            synchronized (entries) {
                Entry e = entries.get(device);
                e.report = report == null ? e.report : report;
                e.asking = false;
            }
        }
    }

    /** Asks each service the device has, on a client of its own. */
    private static Report question(Dot4Host host) {
        List<String> problems = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        HostClient client = null;
        try {
            client = host.newClient(CLIENT);
            Optional<EpsonStatus> epson = ask(host, client, EPSON_CTRL,
                    (c, socket) -> EpsonStatus.query(c, socket, ANSWER_TIMEOUT_MILLIS), problems, missing);
            Optional<PmlStatus> pml = ask(host, client, HP_MESSAGE,
                    (c, socket) -> PmlStatus.query(c, socket, ANSWER_TIMEOUT_MILLIS), problems, missing);
            String problem = missing.size() == 2 ? NO_SERVICE : String.join("; ", problems);
            return new Report(Instant.now(), epson, pml, problem);
        } catch (Dot4Exception e) {
            return new Report(Instant.now(), Optional.empty(), Optional.empty(), e.getMessage());
        } finally {
            if (client != null) {
                client.close();
            }
        }
    }

    /** Asks {@code service} if the device has it (else it goes to {@code missing}); a failure goes to {@code problems}. */
    private static <T> Optional<T> ask(Dot4Host host, HostClient client, String service, Question<T> question,
                                       List<String> problems, List<String> missing) throws Dot4Exception {
        if (host.socketIdOf(service).isEmpty()) {
            missing.add(service);
            return Optional.empty();
        }
        int hostSocket = client.createSocket(CreateSocketData.forService(service, ChannelType.STREAM, 4096, 512, 512))
                .hostSocketId();
        try {
            return Optional.of(question.ask(client, hostSocket));
        } catch (Dot4Exception e) {
            problems.add(service + ": " + e.getMessage());
            return Optional.empty();
        } finally {
            client.destroySocket(hostSocket);
        }
    }
}
