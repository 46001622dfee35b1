package org.dot4j.engine;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;

/**
 * The latent wire of a {@link Simulation}: what each engine transmits waits here until the simulation delivers it,
 * in pieces, so commands, replies and data of both sides cross each other. The pair's audits see bytes as they are
 * sent. Not thread-safe.
 */
final class SimWire {

    private final EnginePair pair;
    /** Bytes transmitted and not yet delivered, per direction. */
    private final ArrayDeque<ByteBuffer> toPeripheral = new ArrayDeque<>();
    private final ArrayDeque<ByteBuffer> toHost = new ArrayDeque<>();
    private final ByteBuffer transmitBuffer = ByteBuffer.allocate(256 * 1024);

    SimWire(EnginePair pair) {
        this.pair = pair;
    }

    /** Puts what {@code from} has to send on the wire. */
    void transmit(Role from) {
        transmitBuffer.clear();
        (from == Role.HOST ? pair.host : pair.peripheral).pollTransmit(transmitBuffer, pair.now);
        ByteBuffer sent = ByteBuffer.allocate(transmitBuffer.flip().remaining()).put(transmitBuffer).flip();
        (from == Role.HOST ? pair.toPeripheral : pair.toHost).observe(sent.duplicate());
        (from == Role.HOST ? pair.toHost : pair.toPeripheral).observeReverse(sent.duplicate());
        if (sent.hasRemaining()) {
            (from == Role.HOST ? toPeripheral : toHost).add(sent);
        }
    }

    /** Hands up to {@code max} bytes on the wire toward {@code to} to its engine. */
    void deliver(Role to, int max) {
        ArrayDeque<ByteBuffer> wire = to == Role.HOST ? toHost : toPeripheral;
        for (int left = max; left > 0 && !wire.isEmpty(); ) {
            ByteBuffer head = wire.peek();
            int n = Math.min(left, head.remaining());
            (to == Role.HOST ? pair.host : pair.peripheral).handleReceived(head.slice(head.position(), n), pair.now);
            head.position(head.position() + n);
            left -= n;
            if (!head.hasRemaining()) {
                wire.poll();
            }
        }
    }
}
