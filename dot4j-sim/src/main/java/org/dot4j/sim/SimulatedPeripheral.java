package org.dot4j.sim;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.dot4j.driver.ByteLink;
import org.dot4j.driver.LinkListener;
import org.dot4j.engine.ChannelStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A simulated multifunction peripheral: PRINT (or EPSON-DATA) spooling to files, ECHO, EPSON-CTRL status and
 * identity, HP-SCAN test images, and a status notifier, served on one link or on every link a listener accepts.
 * Used by {@code dot4 sim}, {@code dot4 demo}, the daemon tests and the benchmarks.
 *
 * <pre>{@code
 * try (SimulatedPeripheral sim = SimulatedPeripheral.serve(listener, SimConfig.defaults(spoolDir))) {
 *     System.out.println("hosts connect to " + sim.address());
 *     List<Path> jobs = sim.awaitJobs(1, Duration.ofMinutes(1));
 * }
 * }</pre>
 *
 * <p>No host can exhaust it: {@link SimConfig.Limits} bounds the hosts served at once, the time a half-sent packet
 * may hold a link and the size of an ECHO message; nothing one connection does stops it accepting the next.
 *
 * <p>Thread-safe. Every channel is served by its own virtual thread; {@link #close()} ends them all.
 */
public final class SimulatedPeripheral implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SimulatedPeripheral.class);

    private final SimConfig config;
    private final Spool spool;
    private final LinkListener listener;
    private final String address;
    private final Set<LinkSession> sessions = ConcurrentHashMap.newKeySet();
    private final Set<Thread> threads = ConcurrentHashMap.newKeySet();
    private volatile SimConfig.EpsonStatus epsonStatus;
    private volatile boolean closed;

    private SimulatedPeripheral(SimConfig config, LinkListener listener, String address) {
        this.config = Objects.requireNonNull(config, "config");
        this.spool = new Spool(config.spoolDirectory());
        this.listener = listener;
        this.address = address;
        this.epsonStatus = config.epsonStatus();
    }

    /**
     * Serves every host {@code listener} accepts, one after another or several at once, until closed. Closing the
     * simulator closes the listener.
     *
     * @throws java.io.UncheckedIOException when the spool directory cannot be created
     */
    public static SimulatedPeripheral serve(LinkListener listener, SimConfig config) {
        SimulatedPeripheral sim = new SimulatedPeripheral(config, listener, listener.address());
        sim.spawn("sim-listen " + listener.address(), sim::acceptLoop);
        log.info("simulated {} peripheral listening on {}, spooling to {}", config.profile(), listener.address(),
                config.spoolDirectory());
        return sim;
    }

    /** Serves the one host on {@code link} (e.g. one end of a {@link org.dot4j.driver.MemoryLink}) until closed. */
    public static SimulatedPeripheral serveLink(ByteLink link, SimConfig config) {
        SimulatedPeripheral sim = new SimulatedPeripheral(config, null, link.describe());
        sim.sessions.add(LinkSession.start(sim, config, link));
        return sim;
    }

    /** Where hosts reach this simulator: the listener's address, or the link's name for {@link #serveLink}. */
    public String address() {
        return address;
    }

    /** The configuration it was started with (the Epson status may have changed since: {@link #epsonStatus()}). */
    public SimConfig config() {
        return config;
    }

    /**
     * Print jobs this simulator finished, in the order they ended: {@code job-NNNN.prn} for whole jobs,
     * {@code job-NNNN.prn.incomplete} for jobs whose host went away.
     */
    public List<Path> spooledJobs() {
        return spool.finished();
    }

    /**
     * Waits until {@code count} print jobs have finished and returns them (as {@link #spooledJobs()}).
     *
     * @throws TimeoutException when fewer arrived within {@code timeout}
     */
    public List<Path> awaitJobs(int count, Duration timeout) throws InterruptedException, TimeoutException {
        return spool.awaitFinished(count, timeout);
    }

    /** What {@code st} reports from now on. */
    public void setEpsonStatus(SimConfig.EpsonStatus status) {
        this.epsonStatus = Objects.requireNonNull(status, "status");
    }

    /** What {@code st} reports now. */
    public SimConfig.EpsonStatus epsonStatus() {
        return epsonStatus;
    }

    /** Stops listening, closes every link and waits for every thread to end. */
    @Override
    public void close() {
        closed = true;
        if (listener != null) {
            try {
                listener.close();
            } catch (IOException e) {
                log.debug("closing listener {}: {}", address, e.getMessage());
            }
        }
        for (LinkSession session : Set.copyOf(sessions)) {
            session.close();
        }
        for (Thread t : Set.copyOf(threads)) {
            try {
                t.join(Duration.ofSeconds(2));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        log.info("simulated peripheral on {} stopped; {} print jobs spooled", address, spool.finished().size());
    }

    /** The notifier's line, e.g. {@code STATUS READY ink=K:80,C:60 jobs=3\n}. */
    String statusLine() {
        SimConfig.EpsonStatus s = epsonStatus;
        String inks = s.inks().stream().map(i -> i.letter() + ":" + i.level()).collect(Collectors.joining(","));
        return "STATUS " + s.state() + " ink=" + inks + " jobs=" + spool.finished().size() + "\n";
    }

    Spool spool() {
        return spool;
    }

    /** Hosts served now. */
    int hosts() {
        return sessions.size();
    }

    /** The state of every open channel of every host served now. */
    List<ChannelStatus> channels() {
        return sessions.stream().flatMap(s -> s.channels().stream()).toList();
    }

    /**
     * Accepts hosts until closed. Nothing one connection does ends this loop: a host that connects and closes at once
     * (a port probe such as {@code nc -z}) just ends its session, a host beyond the limit is disconnected, and a
     * lasting listener failure (EMFILE) pauses accepting with a growing back-off and a log line for the 1st, 10th,
     * 100th... failure in a row.
     */
    private void acceptLoop() {
        AcceptBackoff backoff = new AcceptBackoff();
        RareLog refusals = new RareLog();
        while (!closed) {
            ByteLink link;
            try {
                link = listener.accept();
            } catch (IOException | RuntimeException e) {
                if (closed) {
                    return;
                }
                Duration pause = backoff.failed();
                if (RareLog.deservesLog(backoff.failures())) {
                    log.warn("accepting a host on {} failed ({} times in a row): {}; trying again in {} ms", address,
                            backoff.failures(), e.getMessage(), pause.toMillis());
                }
                pause(pause);
                continue;
            }
            long failed = backoff.succeeded();
            if (failed > 0) {
                log.info("accepting hosts on {} again after {} failed attempts", address, failed);
            }
            if (closed) {
                closeQuietly(link);
                return;
            }
            if (sessions.size() >= config.limits().maxHosts()) {
                refuse(link, refusals);
                continue;
            }
            if (!startSession(link)) {
                return;
            }
        }
    }

    /** Serves {@code link}; false when the simulator was closed meanwhile. */
    private boolean startSession(ByteLink link) {
        log.info("host connected on {}: {}", address, link.describe());
        LinkSession session;
        try {
            session = LinkSession.start(this, config, link);
        } catch (RuntimeException e) {
            log.info("host on {} could not be served, disconnecting it: {}", link.describe(), e.getMessage());
            closeQuietly(link);
            return true;
        }
        sessions.add(session);
        if (closed) {
            session.close(); // close() may have copied the sessions just before this one
            return false;
        }
        spawn("sim-session " + link.describe(), () -> awaitEnd(session));
        return true;
    }

    /** Disconnects a host beyond {@link SimConfig.Limits#maxHosts()} before it gets any resource of its own. */
    private void refuse(ByteLink link, RareLog refusals) {
        closeQuietly(link);
        if (refusals.occurred()) {
            log.warn("refused host {}: {} hosts are served already, the most at once ({} refused so far)",
                    link.describe(), config.limits().maxHosts(), refusals.count());
        }
    }

    /** Cleans a session up once its host went away, so the next host starts fresh. */
    private void awaitEnd(LinkSession session) {
        try {
            session.awaitDown();
            log.info("host on {} went away", session.name());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        session.close();
        sessions.remove(session);
    }

    private void pause(Duration pause) {
        try {
            Thread.sleep(pause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closed = true;
        }
    }

    private static void closeQuietly(ByteLink link) {
        try {
            link.close();
        } catch (IOException e) {
            log.debug("closing {}: {}", link.describe(), e.getMessage());
        }
    }

    private void spawn(String name, Runnable body) {
        Thread t = Thread.ofVirtual().name(name).unstarted(() -> {
            try {
                body.run();
            } finally {
                threads.remove(Thread.currentThread());
            }
        });
        threads.add(t);
        t.start();
    }
}
