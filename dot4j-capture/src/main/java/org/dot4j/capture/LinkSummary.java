package org.dot4j.capture;

import java.util.List;

/**
 * What one link of a capture carried.
 *
 * @param link the link, e.g. "usb 1.2"
 * @param dialect the dialect in force at the end, e.g. "IEEE 1284.4 (0x20)", or "unknown (no Init seen)"
 * @param packets packets decoded, both ways
 * @param violations protocol violations found (capture gaps not counted)
 * @param firstNanos time of its first bytes
 * @param lastNanos time of its last bytes
 * @param channels every data channel seen, by socket pair
 */
public record LinkSummary(String link, String dialect, long packets, long violations, long firstNanos, long lastNanos,
                          List<ChannelSummary> channels) {}
