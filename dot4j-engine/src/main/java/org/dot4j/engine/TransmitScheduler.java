package org.dot4j.engine;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import org.dot4j.wire.PacketHeader;
import org.dot4j.wire.Transaction;
import org.dot4j.wire.WireFormat;

/**
 * What goes on the wire next, in this order: replies and Error packets (urgent: the peer waits for them), then our
 * commands as {@link CommandQueue} releases them (its credit lane first), then data packets, one per channel in turn (a fair round-robin
 * over the channels in id order, resumed where the last poll stopped, with nothing allocated per poll). Part of
 * {@link LinkEngine}; not thread-safe.
 */
final class TransmitScheduler {

    private final LinkEngine engine;
    /** Replies and Error packets: sent before anything else. */
    final ArrayDeque<Transaction> urgent = new ArrayDeque<>();
    /** Channels on the wire in id order (ids only grow, so appending keeps the order). */
    private final List<Channel> ring = new ArrayList<>();
    private int rotation;
    /** Payload bytes of every data packet we cut, on any channel, since the engine began; only grows. */
    long bytesSent;

    TransmitScheduler(LinkEngine engine) {
        this.engine = engine;
    }

    /** A channel came onto the wire: it takes its turn from now on. */
    void add(Channel ch) {
        ring.add(ch);
    }

    /** A channel left the wire. */
    void remove(Channel ch) {
        ring.remove(ch);
    }

    /** Queues a reply or Error packet to go before anything else. */
    void urgent(Transaction t) {
        urgent.add(t);
    }

    /** See {@link LinkEngine#pollTransmit}. */
    int poll(ByteBuffer dst, long now) {
        int start = dst.position();
        engine.held.release(now); // reads since the last poll may have made room for a held grant
        while (!urgent.isEmpty() && fits(urgent.peek(), dst)) {
            encode(urgent.poll(), dst);
        }
        engine.credit.askForCredit(now, false);
        engine.commands.transmit(dst, now);
        sendData(dst);
        engine.credit.askForCredit(now, false); // a channel the data just ran dry owes from now; the next poll asks
        return dst.position() - start;
    }

    boolean fits(Transaction t, ByteBuffer dst) {
        return dst.remaining() >= engine.dialect.encodedLength(t);
    }

    /** Puts one of our transactions on the wire (into {@code dst}, which it fits). */
    void encode(Transaction t, ByteBuffer dst) {
        engine.trace(true, t);
        engine.dialect.encode(t, dst);
    }

    /** Cuts data packets, one per channel in turn, while credit, data and room last. */
    private void sendData(ByteBuffer dst) {
        if (engine.state != LinkState.READY || ring.isEmpty()) {
            return;
        }
        int n = ring.size();
        boolean progress = true;
        while (progress) {
            progress = false;
            for (int i = 0; i < n; i++) {
                Channel ch = ring.get((rotation + i) % n);
                if (ch.state.canSend && ch.credit.canSend() && !ch.toSend.isEmpty() && ch.sendPacketSize > 0
                        && cutPacket(ch, dst)) {
                    progress = true;
                }
            }
            rotation = (rotation + 1) % n;
        }
    }

    private boolean cutPacket(Channel ch, ByteBuffer dst) {
        int payload = Math.min(ch.sendPayload(), ch.toSend.size());
        if (dst.remaining() < WireFormat.HEADER_SIZE + payload) {
            return false;
        }
        int piggy = engine.dialect.piggybacks() ? ch.piggyback() : 0;
        int headerAt = dst.position();
        dst.position(headerAt + WireFormat.HEADER_SIZE);
        boolean packet = ch.socket.mode() == ChannelMode.PACKET;
        // A zero-length message waiting alone is taken with room for one byte: it becomes an empty packet with the
        // end bit (with max 0 it stayed queued, and each poll sent another empty packet without the bit).
        boolean ends = ch.toSend.take(dst, Math.max(1, payload), packet) || (!packet && ch.toSend.isEmpty());
        int length = dst.position() - headerAt;
        int control = ends ? WireFormat.CONTROL_END_OF_DATA : 0;
        new PacketHeader(ch.key.primarySocket(), ch.key.secondarySocket(), length, piggy, control)
                .encode(dst.duplicate().position(headerAt));
        ch.credit.spendSendCredit();
        ch.bytesSent += length - WireFormat.HEADER_SIZE;
        bytesSent += length - WireFormat.HEADER_SIZE;
        ch.packetsSent++;
        // A waiting writer is woken once half the queue is free, not after every packet: each wake-up then refills
        // half a queue, where it refilled one packet (a context switch per packet each way). An empty queue always
        // says so, for callers waiting for everything to be sent.
        if (ch.writerWaiting && ch.toSend.belowLowWater() || ch.toSend.isEmpty()) {
            ch.writerWaiting = false;
            engine.emit(new EngineEvent.Writable(ch.id, ch.key));
        }
        return true;
    }
}
