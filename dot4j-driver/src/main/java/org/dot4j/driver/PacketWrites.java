package org.dot4j.driver;

import java.io.IOException;
import java.nio.ByteBuffer;
import org.dot4j.wire.WireFormat;

/**
 * Hands the engine's transmit batch to a link: whole, or, for a link whose every write is one transfer
 * ({@link ByteLink#transferPerPacketPart()}), one call per packet header and one per packet body. The batch
 * holds whole packets only (the engine encodes a packet only where it fits), so each header's LENGTH says
 * where the next packet starts; both 1284.4 and MLC carry it in bytes 2-3.
 */
final class PacketWrites {

    private PacketWrites() {}

    /** Writes every remaining byte of {@code batch} to {@code link}. */
    static void write(ByteLink link, ByteBuffer batch) throws IOException {
        if (!link.transferPerPacketPart()) {
            link.write(batch);
            return;
        }
        while (batch.hasRemaining()) {
            int start = batch.position();
            int length = packetLength(batch, start);
            link.write(batch.slice(start, WireFormat.HEADER_SIZE));
            if (length > WireFormat.HEADER_SIZE) {
                link.write(batch.slice(start + WireFormat.HEADER_SIZE, length - WireFormat.HEADER_SIZE));
            }
            batch.position(start + length);
        }
    }

    private static int packetLength(ByteBuffer batch, int start) {
        if (batch.limit() - start < WireFormat.HEADER_SIZE) {
            throw new IllegalStateException("transmit batch ends inside a packet header at " + start);
        }
        int length = Short.toUnsignedInt(batch.getShort(start + 2));
        if (length < WireFormat.HEADER_SIZE || length > batch.limit() - start) {
            throw new IllegalStateException("transmit batch holds a packet of LENGTH " + length + " at " + start
                    + " with " + (batch.limit() - start) + " bytes left");
        }
        return length;
    }
}
