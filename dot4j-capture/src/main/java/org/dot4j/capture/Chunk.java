package org.dot4j.capture;

import java.nio.ByteBuffer;

/**
 * Bytes that went one way on one 1284.4 link at one time: a USB bulk transfer, a TCP segment's payload, one read or
 * write of a traced link.
 *
 * @param link which link (conversation) of the capture, e.g. "usb 1.2" or "tcp 127.0.0.1:40312"
 * @param timeNanos when, nanoseconds since the epoch
 * @param direction which way
 * @param bytes the bytes (a view valid only during the call that receives the chunk)
 * @param lostAfter bytes that went on the wire right after these but are not in the capture (snap length, a TCP
 *     segment missing); 0 normally
 */
public record Chunk(String link, long timeNanos, Direction direction, ByteBuffer bytes, long lostAfter) {}
