package org.dot4j.sim;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.dot4j.api.Dot4Exception;
import org.dot4j.api.NtStatus;
import org.dot4j.driver.Dot4Peripheral;
import org.dot4j.driver.PeripheralChannel;
import org.dot4j.wire.Revision;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pushes a status line to the host every period: opens a channel from our notifier socket to the host's socket,
 * writes one line, closes it. Only with an IEEE 1284.4 (0x20) host: Epson hosts take any command from the
 * peripheral as a reply (§12.5). A host without that socket refuses the channel; that is logged at debug and
 * tried again next period.
 *
 * <p>{@link #run()} on one thread; {@link #stop()} from any.
 */
final class StatusNotifier {

    private static final Logger log = LoggerFactory.getLogger(StatusNotifier.class);
    private static final long WRITE_TIMEOUT_MILLIS = 10_000;

    private final Dot4Peripheral peripheral;
    private final SimConfig.Notifier settings;
    private final Supplier<String> statusLine;
    private final CountDownLatch stopped = new CountDownLatch(1);

    StatusNotifier(Dot4Peripheral peripheral, SimConfig.Notifier settings, Supplier<String> statusLine) {
        this.peripheral = peripheral;
        this.settings = settings;
        this.statusLine = statusLine;
    }

    /** Notifies every period until stopped or the link goes down. */
    void run() {
        try {
            while (!stopped.await(settings.period().toNanos(), TimeUnit.NANOSECONDS)) {
                if (peripheral.downReason() != null) {
                    return;
                }
                notifyOnce();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Ends {@link #run()}. */
    void stop() {
        stopped.countDown();
    }

    private void notifyOnce() {
        try {
            if (peripheral.revision() != Revision.IEEE_1284_4) {
                return;
            }
            byte[] line = statusLine.get().getBytes(StandardCharsets.US_ASCII);
            try (PeripheralChannel ch = peripheral.openToHost(settings.serviceSocket(), settings.hostSocket())) {
                ch.writeFully(line, 0, line.length, WRITE_TIMEOUT_MILLIS);
            }
            log.info("{}: status sent to host socket {}", peripheral.linkName(), settings.hostSocket());
        } catch (Dot4Exception e) {
            if (e.status() != NtStatus.STATUS_DEVICE_NOT_CONNECTED) {
                log.debug("{}: status notification to host socket {} failed (retried next period): {}",
                        peripheral.linkName(), settings.hostSocket(), e.getMessage());
            }
        }
    }
}
