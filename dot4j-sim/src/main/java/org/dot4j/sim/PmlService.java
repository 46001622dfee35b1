package org.dot4j.sim;

import java.util.Arrays;
import java.util.function.Supplier;
import org.dot4j.api.Dot4Constants;
import org.dot4j.api.Dot4Exception;
import org.dot4j.api.IoResult;
import org.dot4j.driver.PeripheralChannel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * HP-MESSAGE (socket 1, a stream channel): answers HP's PML requests, the SNMP-like status queries HPLIP sends
 * over 1284.4 and MLC ({@code hpmud_get_pml} in HPLIP's io/hpmud/pml.c, its Python {@code base/pml.py}). A request
 * is {@code cmd, 0x00 (object id), oid length, oid bytes}; the reply {@code cmd|0x80, outcome, 0x00, oid length,
 * oid, type|length>>8, length, value}. HPLIP's LaserJet status (StatusType3 in base/status.py) asks for the four
 * objects of {@link PmlObjects}; anything else is answered "unknown object identifier", a SET "does not support
 * the action". One instance per channel, used by one thread.
 */
final class PmlService {

    private static final Logger log = LoggerFactory.getLogger(PmlService.class);
    private static final long WRITE_TIMEOUT_MILLIS = 60_000;

    private final String linkName;
    private final Supplier<SimConfig.PrinterState> state;

    PmlService(String linkName, Supplier<SimConfig.PrinterState> state) {
        this.linkName = linkName;
        this.state = state;
    }

    /**
     * Answers requests until the host closes {@code ch}. A request is at most 258 bytes (its length byte counts
     * the oid), so what is held between reads stays below that.
     */
    void serve(PeripheralChannel ch) throws Dot4Exception {
        log.info("{}: PML channel {} opened", linkName, ch.key());
        byte[] buffer = new byte[4096];
        byte[] held = new byte[0];
        int answered = 0;
        while (true) {
            IoResult r = ch.read(buffer, 0, buffer.length, Dot4Constants.INFINITE);
            if (r.isEndOfChannel()) {
                break;
            }
            byte[] bytes = Arrays.copyOf(held, held.length + r.bytes());
            System.arraycopy(buffer, 0, bytes, held.length, r.bytes());
            int used;
            while ((used = requestLength(bytes)) > 0) {
                byte[] reply = PmlObjects.answer(Arrays.copyOf(bytes, used), state.get());
                ch.writeFully(reply, 0, reply.length, WRITE_TIMEOUT_MILLIS);
                answered++;
                bytes = Arrays.copyOfRange(bytes, used, bytes.length);
            }
            held = bytes;
        }
        log.info("{}: PML channel {} closed after {} requests", linkName, ch.key(), answered);
    }

    /** Bytes of the first whole request in {@code bytes}, or 0 while it is incomplete. */
    static int requestLength(byte[] bytes) {
        if (bytes.length < 3) {
            return 0;
        }
        int length = 3 + Byte.toUnsignedInt(bytes[2]);
        return bytes.length >= length ? length : 0;
    }
}
