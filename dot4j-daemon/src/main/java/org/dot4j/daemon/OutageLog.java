package org.dot4j.daemon;

import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;

/**
 * What the log says while a device is down. An outage begins with one WARN (the device was lost, or the first
 * attempt to reach it failed); each failed attempt after that is DEBUG, and a WARN summary follows the 4th, 8th,
 * 16th ... failed attempt, every {@value #SUMMARY_CAP}th beyond {@value #SUMMARY_CAP}. With the default back-off
 * that is a summary after about 4 s, 1.5 min, 5 min, 14 min, 30 min, 1 h and then hourly: a printer switched off
 * for a weekend costs a few dozen lines, not one WARN per attempt, and {@code journalctl -p warning} still shows
 * that it is down.
 *
 * <p>Not thread-safe: the device's connect loop owns it. It logs and keeps no lock.
 */
final class OutageLog {

    /** Summaries come at powers of two of failed attempts up to this many, then every this many. */
    static final int SUMMARY_CAP = 128;
    /** The first summary: after this many failed attempts. */
    static final int FIRST_SUMMARY = 4;

    private final Logger log;
    private final String device;
    /** When the current outage began; null while the device is up (or before the first attempt). */
    private Instant began;
    /** Failed attempts in the current outage. */
    private int failures;

    /** @param device how log lines name the device, e.g. {@code mfp (unix:/run/mfp.sock)} */
    OutageLog(Logger log, String device) {
        this.log = log;
        this.device = device;
    }

    /** Whether failed attempt number {@code n} of an outage (from 1) is followed by a summary. */
    static boolean summarises(int n) {
        if (n < FIRST_SUMMARY) {
            return false;
        }
        return n <= SUMMARY_CAP ? Integer.bitCount(n) == 1 : n % SUMMARY_CAP == 0;
    }

    /** The device was up and its link went away: the outage begins. */
    void lost(String reason, Instant now) {
        began = now;
        failures = 0;
        log.warn("device {} went down: {}; reconnecting", device, reason);
    }

    /** An attempt failed; {@code retryIn} until the next. Returns the failed attempts of this outage so far. */
    int failed(String reason, Instant now, Duration retryIn) {
        failures++;
        if (began == null) {
            began = now;
            log.warn("device {}: cannot connect: {}; trying again in the background", device, reason);
        } else if (summarises(failures)) {
            log.warn("device {} still down after {} attempt(s) over {} s: {}; next attempt in {} s", device, failures,
                    Duration.between(began, now).toSeconds(), reason, seconds(retryIn));
        } else {
            log.debug("device {}: attempt {} failed: {}", device, failures, reason);
        }
        return failures;
    }

    /** The device is up: the outage (if any) is over; says how long it took. */
    void up(int revision, Instant now) {
        String after = began == null ? "" : String.format(java.util.Locale.ROOT, " after %d failed attempt(s) over %d s",
                failures, Duration.between(began, now).toSeconds());
        log.info("device {} is up, revision 0x{}{}", device, Integer.toHexString(revision), after);
        began = null;
        failures = 0;
    }

    private static String seconds(Duration d) {
        return String.format(java.util.Locale.ROOT, "%.1f", d.toMillis() / 1000.0);
    }
}
