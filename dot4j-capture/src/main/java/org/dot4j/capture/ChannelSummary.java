package org.dot4j.capture;

/**
 * What one channel carried over the whole capture.
 *
 * @param link the capture's link
 * @param primarySocket PSID
 * @param secondarySocket SSID
 * @param service the service name when the capture shows it, else ""
 * @param opens how many times the channel was opened (0 when it was open before the capture began)
 * @param hostToPeripheral data the host sent
 * @param peripheralToHost data the peripheral sent
 * @param violations violations found on this channel
 */
public record ChannelSummary(String link, int primarySocket, int secondarySocket, String service, int opens,
                             Flow hostToPeripheral, Flow peripheralToHost, int violations) {

    /**
     * One direction of a channel.
     *
     * @param bytes payload bytes of data packets (headers not counted)
     * @param packets data packets
     * @param firstNanos time of the first data packet, 0 when there was none
     * @param lastNanos time of the last data packet
     * @param stalledNanos time the sender spent with no credit before packets it then sent ({@link DecodeEvent.Stall})
     */
    public record Flow(long bytes, long packets, long firstNanos, long lastNanos, long stalledNanos) {

        /** Bytes per second from the first data packet to the last; -1 with fewer than two packets. */
        public double bytesPerSecond() {
            long span = lastNanos - firstNanos;
            return packets < 2 || span <= 0 ? -1 : bytes * 1e9 / span;
        }
    }
}
