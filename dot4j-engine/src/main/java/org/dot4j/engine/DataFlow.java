package org.dot4j.engine;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.dot4j.wire.PacketHeader;
import org.dot4j.wire.WireFormat;

/**
 * Data packets of one link: taking the peer's (checked against state, size and credit), cutting ours (one per
 * channel in turn, as credit allows), and the credit that keeps both going: grants for free buffer room, requests
 * when data waits. Part of {@link LinkEngine}; not thread-safe.
 */
final class DataFlow {

    private final LinkEngine engine;
    private int rotation;
    /** Payload bytes of every data packet we cut, on any channel, since the engine began; only grows. */
    long bytesSent;
    /** Payload bytes of every data packet taken from the peer, on any channel, since the engine began; only grows. */
    long bytesReceived;

    DataFlow(LinkEngine engine) {
        this.engine = engine;
    }

    /**
     * Grants the peer credit for free buffer room when it holds less than half of what the buffer allows:
     * piggy-backed on queued data, else by a Credit command, when this link lets us speak first.
     */
    void maybeGrant(Channel ch) {
        if (engine.state != LinkState.READY || ch.state != Channel.State.OPEN || !engine.mayGrant()) {
            return;
        }
        int grantable = ch.grantable(0);
        if (grantable == 0 || ch.credit.grantedToPeer() > (grantable + ch.credit.grantedToPeer()) / 2) {
            return;
        }
        if (engine.dialect.piggybacks() && !ch.toSend.isEmpty() && ch.credit.canSend()) {
            return; // the next data packet carries it
        }
        if (!ch.grantQueued && engine.ours.offer(new OurCommands.Pending.Grant(ch))) {
            ch.grantQueued = true;
        }
    }


    void onData(PacketHeader header, ByteBuffer body) {
        if (engine.state == LinkState.INITIALIZING) {
            // Data the peer sent before it saw our new Init belongs to the conversation we just ended.
            engine.junkBytes += header.length();
            return;
        }
        int psid = header.primarySocket();
        int ssid = header.secondarySocket();
        Channel ch = psid == 0 || ssid == 0 ? null : engine.live.get(new ChannelKey(psid, ssid));
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
                creditArrived(ch, header.credit());
            } else {
                engine.sendError(Violation.CREDIT_OVERFLOW, psid, ssid, "piggy-backed credit " + header.credit() + " on " + ch.key
                        + " overflows " + ch.credit.sendCredit());
            }
        }
        // Message boundaries are the end-of-message control bit (draft 2.00 added it for this; Epson and dot4j set
        // 0x01, DY/EZ 0x02). A peer that never sets it (HPLIP sends control 0) should be used with stream channels.
        boolean endOfMessage = header.endsMessage();
        int n = body.remaining();
        if (body.remaining() > ch.received.free() || ch.received.offer(body, endOfMessage) < n) {
            // Cannot happen with honest credit accounting; a peer that lies gets the credit error.
            engine.sendError(Violation.NO_CREDIT, psid, ssid, "no buffer room for " + n + " bytes on " + ch.key);
            return;
        }
        ch.bytesReceived += n;
        bytesReceived += n;
        ch.packetsReceived++;
        engine.emit(new EngineEvent.DataReceived(ch.id, ch.key, n, endOfMessage));
        maybeGrant(ch);
    }

    /** Credit the peer granted, by any means: the debt is settled, the back-off stays (issue 10 defect 4). */
    void creditArrived(Channel ch, int credit) {
        ch.creditWait.settle();
        engine.emit(new EngineEvent.CreditReceived(ch.id, ch.key, credit));
    }

    /** Queues a CreditRequest for each channel whose grant is overdue (see {@link CreditWait}). */
    void askForCredit(long now) {
        if (engine.state != LinkState.READY || !engine.mayCommand()) {
            return;
        }
        long pushWait = engine.mlc.pushWait();
        for (Channel ch : engine.live.values()) {
            if (ch.needsCredit(now, pushWait) && engine.ours.offer(new OurCommands.Pending.Ask(ch))) {
                ch.creditRequestPending = true;
                engine.mlc.asking();
            }
        }
    }

    /** Cuts data packets, one per channel in turn, while credit, data and room last. */
    void sendData(ByteBuffer dst) {
        if (engine.state != LinkState.READY || engine.live.isEmpty()) {
            return;
        }
        List<Channel> order = new ArrayList<>(engine.live.values());
        order.sort((a, b) -> Long.compare(a.id, b.id));
        boolean progress = true;
        while (progress) {
            progress = false;
            for (int i = 0; i < order.size(); i++) {
                Channel ch = order.get((rotation + i) % order.size());
                if (ch.state.canSend && ch.credit.canSend() && !ch.toSend.isEmpty() && ch.sendPacketSize > 0
                        && cutPacket(ch, dst)) {
                    progress = true;
                }
            }
            rotation = (rotation + 1) % order.size();
        }
    }

    private boolean cutPacket(Channel ch, ByteBuffer dst) {
        int payload = Math.min(ch.sendPayload(), ch.toSend.size());
        if (dst.remaining() < WireFormat.HEADER_SIZE + payload) {
            return false;
        }
        int piggy = 0;
        if (engine.dialect.piggybacks()) {
            piggy = Math.min(WireFormat.MAX_PIGGYBACK_CREDIT, ch.grantable(0));
            ch.credit.grant(piggy);
        }
        int headerAt = dst.position();
        dst.position(headerAt + WireFormat.HEADER_SIZE);
        boolean packet = ch.socket.mode() == ChannelMode.PACKET;
        boolean ends = ch.toSend.take(dst, payload, packet) || (!packet && ch.toSend.isEmpty());
        int length = dst.position() - headerAt;
        int control = ends ? WireFormat.CONTROL_END_OF_DATA : 0;
        new PacketHeader(ch.key.primarySocket(), ch.key.secondarySocket(), length, piggy, control)
                .encode(dst.duplicate().position(headerAt));
        ch.credit.spendSendCredit();
        ch.bytesSent += length - WireFormat.HEADER_SIZE;
        bytesSent += length - WireFormat.HEADER_SIZE;
        ch.packetsSent++;
        if (ch.writerWaiting || ch.toSend.isEmpty()) {
            ch.writerWaiting = false;
            engine.emit(new EngineEvent.Writable(ch.id, ch.key));
        }
        return true;
    }
}
