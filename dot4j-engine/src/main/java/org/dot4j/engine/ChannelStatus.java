package org.dot4j.engine;

/**
 * A snapshot of one channel for status displays ({@code dot4 ctl status}).
 *
 * @param channelId the engine's id for the channel
 * @param key the socket pair on the wire
 * @param localSocket our socket
 * @param mode stream or packet
 * @param state OPENING, OPEN, CLOSING or CLOSED
 * @param sendPacketSize agreed largest packet we send, header included
 * @param receivePacketSize agreed largest packet we receive, header included
 * @param sendCredit packets we may still send
 * @param grantedToPeer packets the peer may still send us
 * @param queuedToSend bytes written but not yet sent
 * @param bufferedReceived bytes received but not yet read
 * @param bytesSent payload bytes sent
 * @param bytesReceived payload bytes received
 * @param packetsSent data packets sent
 * @param packetsReceived data packets received
 * @param bufferBytes bytes of the arrays this channel's queues hold now, both directions, used or not (an idle
 *     channel holds at most a few KiB; the link keeps large drained arrays for reuse apart from this)
 */
public record ChannelStatus(long channelId, ChannelKey key, int localSocket, ChannelMode mode, String state,
                            int sendPacketSize, int receivePacketSize, int sendCredit, int grantedToPeer,
                            int queuedToSend, int bufferedReceived, long bytesSent, long bytesReceived,
                            long packetsSent, long packetsReceived, int bufferBytes) {}
