package org.dot4j.engine;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.dot4j.wire.MalformedTransactionException;
import org.dot4j.wire.PacketFramer;
import org.dot4j.wire.ResultCode;
import org.dot4j.wire.Revision;
import org.dot4j.wire.Transaction;
import org.dot4j.wire.TransactionCodec;

/**
 * A host engine alone, and a peer played by the test one transaction at a time (revision 0x20 unless told): what
 * the engine sends is decoded and returned, what the peer says is encoded and fed in, all at a clock the test sets.
 */
final class ScriptedPeer {

    final LinkEngine host;
    private final int revision;
    long now;
    private final PacketFramer framer = new PacketFramer();
    private final ByteBuffer out = ByteBuffer.allocate(256 * 1024);
    final List<EngineEvent> events = new ArrayList<>();

    ScriptedPeer(long origin) {
        this(origin, Revision.IEEE_1284_4);
    }

    /** A host speaking {@code revision} (0x20 or Epson's 0x10). */
    ScriptedPeer(long origin, int revision) {
        this.revision = revision;
        host = new LinkEngine(EngineConfig.host(revision));
        now = origin;
    }

    /** The host after Init, with channel 2/2 open (sending only, packets of 512, no credit) and its id. */
    long openChannel() {
        host.init();
        transmit();
        peer(new Transaction.InitReply(ResultCode.SUCCESS, revision));
        return open(2);
    }

    /** Opens channel {@code socket}/{@code socket} (sending only, packets of 512, no credit); returns its id. */
    long open(int socket) {
        host.registerSocket(new LocalSocket(socket, "", ChannelMode.STREAM, 4096, 512, 0, false));
        host.openChannel(socket, socket);
        transmit();
        peer(new Transaction.OpenChannelReply(ResultCode.SUCCESS, socket, socket, 512, 512, 0xFFFF, 0));
        return host.channels().getLast().channelId();
    }

    /** Feeds one transaction of the peer's. */
    void peer(Transaction t) {
        ByteBuffer b = ByteBuffer.allocate(TransactionCodec.encodedLength(t, revision));
        TransactionCodec.encode(t, revision, b);
        host.handleReceived(b.flip(), now);
        drainEvents();
    }

    /** What one pollTransmit sends: the opcodes of its transactions, and "DATA p/s" per data packet. */
    List<String> transmit() {
        return transmit(out.capacity());
    }

    /** {@link #transmit()} into a buffer of {@code room} bytes. */
    List<String> transmit(int room) {
        out.clear().limit(room);
        host.pollTransmit(out, now);
        framer.feed(out.flip());
        List<String> sent = new ArrayList<>();
        for (var f = framer.next(); f instanceof PacketFramer.Frame.Packet p; f = framer.next()) {
            if (!p.header().isTransaction()) {
                sent.add("DATA " + p.header().primarySocket() + "/" + p.header().secondarySocket());
                continue;
            }
            try {
                Transaction t = TransactionCodec.decode(p.header(), p.body());
                sent.add(t.opcode().name());
            } catch (MalformedTransactionException e) {
                throw new AssertionError("the engine sent a transaction that does not decode", e);
            }
        }
        drainEvents();
        return sent;
    }

    /** Fires the host's timers at the current clock. */
    void fireTimers() {
        host.handleTimeout(now);
        drainEvents();
    }

    private void drainEvents() {
        for (var e = host.pollEvent(); e.isPresent(); e = host.pollEvent()) {
            events.add(e.get());
        }
    }

}
