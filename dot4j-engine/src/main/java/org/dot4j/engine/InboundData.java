package org.dot4j.engine;

import java.nio.ByteBuffer;
import org.dot4j.wire.PacketHeader;

/**
 * The peer's data packets, checked before they are taken: the channel is open, the packet within the agreed size,
 * the peer held credit for it and our buffer has room; piggy-backed credit must fit the counter. A packet that
 * fails a check is dropped and answered as a {@link Violation}. Part of {@link LinkEngine}; not thread-safe.
 */
final class InboundData {

    private final LinkEngine engine;
    /** Payload bytes of every data packet taken from the peer, on any channel, since the engine began; only grows. */
    long bytesReceived;

    InboundData(LinkEngine engine) {
        this.engine = engine;
    }

    /** Checks and takes one data packet of the peer's. */
    void onData(PacketHeader header, ByteBuffer body) {
        if (engine.state == LinkState.INITIALIZING) {
            return; // data the peer sent before it saw our new Init belongs to the conversation we just ended
        }
        int psid = header.primarySocket();
        int ssid = header.secondarySocket();
        Channel ch = psid == 0 || ssid == 0 ? null : engine.table.live.get(new ChannelKey(psid, ssid));
        if (ch == null || !ch.state.canReceive) {
            engine.sendError(Violation.CHANNEL_NOT_OPEN, psid, ssid, "data packet for channel " + psid + "/" + ssid + ", which is not open");
            return;
        }
        if (header.length() > ch.receivePacketSize) {
            engine.sendError(Violation.PACKET_TOO_LARGE, psid, ssid, "data packet of " + header.length() + " bytes on " + ch.key
                    + " exceeds the agreed " + ch.receivePacketSize);
            return;
        }
        if (!ch.credit.receivePacket()) {
            engine.sendError(Violation.NO_CREDIT, psid, ssid, "data packet on " + ch.key + " without credit");
            return;
        }
        if (header.credit() > 0) {
            if (ch.credit.addSendCredit(header.credit())) {
                engine.credit.creditArrived(ch, header.credit());
            } else {
                engine.sendError(Violation.CREDIT_OVERFLOW, psid, ssid, "piggy-backed credit " + header.credit() + " on " + ch.key
                        + " overflows " + ch.credit.sendCredit());
            }
        }
        // Message boundaries are the end-of-message control bit (draft 2.00 added it for this; Epson and dot4j set
        // 0x01, DY/EZ 0x02). A peer that never sets it (HPLIP sends control 0) should be used with stream channels.
        boolean endOfMessage = header.endsMessage();
        int n = body.remaining();
        boolean noRoom = n == 0 ? endOfMessage && !ch.received.fitsEmptyMessage() : n > ch.received.free();
        if (noRoom || ch.received.offer(body, endOfMessage) < n) {
            // Cannot happen with honest credit accounting; a peer that lies gets the credit error.
            engine.sendError(Violation.NO_CREDIT, psid, ssid, "no buffer room for " + n + " bytes on " + ch.key);
            return;
        }
        ch.bytesReceived += n;
        bytesReceived += n;
        ch.packetsReceived++;
        engine.emit(new EngineEvent.DataReceived(ch.id, ch.key, n, endOfMessage));
        engine.credit.maybeGrant(ch);
    }
}
