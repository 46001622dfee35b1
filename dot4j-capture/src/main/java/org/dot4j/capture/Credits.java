package org.dot4j.capture;

/**
 * Both sides' credit on one channel after a packet: how many packets each may still send (reference §5.1).
 *
 * @param primarySocket PSID of the channel
 * @param secondarySocket SSID of the channel
 * @param host packets the host may send to the peripheral, -1 when unknown (the channel was opened before the capture)
 * @param peripheral packets the peripheral may send to the host, -1 when unknown
 */
public record Credits(int primarySocket, int secondarySocket, long host, long peripheral) {

    /** The credit of the sender of {@code dir}. */
    public long of(Direction dir) {
        return dir == Direction.HOST_TO_PERIPHERAL ? host : peripheral;
    }

    /** "credit H 3 P 1" ("?" for unknown). */
    @Override
    public String toString() {
        return "credit H " + (host < 0 ? "?" : host) + " P " + (peripheral < 0 ? "?" : peripheral);
    }
}
