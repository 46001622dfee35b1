package org.dot4j.driver;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.dot4j.api.Dot4Constants;
import org.dot4j.api.Dot4Exception;
import org.dot4j.api.IoResult;
import org.dot4j.api.NtStatus;

/** The driver tests' echo service: every byte read on a channel of {@code socket} is written back. */
final class EchoService {

    private EchoService() {}

    /**
     * Serves channels on {@code socket} one after another until the link goes down; any other failure is put in
     * {@code failure} for the test to assert on.
     */
    static void serve(Dot4Peripheral peripheral, int socket, AtomicReference<Throwable> failure) {
        try {
            while (true) {
                try (PeripheralChannel ch = peripheral.accept(socket, Duration.ofMinutes(1))) {
                    byte[] buf = new byte[70_000];
                    while (true) {
                        IoResult r = ch.read(buf, 0, buf.length, Dot4Constants.INFINITE);
                        if (r.isEndOfChannel()) {
                            break;
                        }
                        ch.writeFully(buf, 0, r.bytes(), 10_000);
                    }
                }
            }
        } catch (Dot4Exception e) {
            if (e.status() != NtStatus.STATUS_DEVICE_NOT_CONNECTED) {
                failure.set(e);
            }
        }
    }
}
