package org.dot4j.capture;

import java.nio.ByteBuffer;
import java.util.Optional;
import org.dot4j.wire.Opcode;
import org.dot4j.wire.WireFormat;

/**
 * Recognises the start of a 1284.4 conversation in bytes of unknown meaning (a USB endpoint, a TCP stream): a
 * transaction packet, socket pair 0/0, whose LENGTH is within the bounds Epson's engine accepts for transaction
 * packets (7..64, reference §1.1) and whose command byte is a known opcode or reply. The Wireshark dissector
 * (tools/wireshark/dot4.lua, plausible_start) uses the same test.
 */
final class PacketStart {

    private PacketStart() {}

    /** True when {@code bytes} (from its position) starts like a transaction packet. */
    static boolean isTransaction(ByteBuffer bytes) {
        int at = bytes.position();
        if (bytes.remaining() < WireFormat.HEADER_SIZE + 1 || bytes.get(at) != 0 || bytes.get(at + 1) != 0) {
            return false;
        }
        int length = ((bytes.get(at + 2) & 0xFF) << 8) | (bytes.get(at + 3) & 0xFF);
        if (length < WireFormat.HEADER_SIZE + 1 || length > WireFormat.MAX_TRANSACTION_PACKET) {
            return false;
        }
        Optional<Opcode> op = Opcode.fromWire(bytes.get(at + 6) & ~Opcode.REPLY_BIT & 0xFF);
        return op.isPresent();
    }
}
