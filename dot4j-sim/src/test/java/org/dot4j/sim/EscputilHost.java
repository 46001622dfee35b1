package org.dot4j.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The conversation of {@code escputil -i} (reference §4.3) with the exact bytes of §3.4, checking each answer
 * byte for byte. Steps 1, 7 and 12 put nothing on the wire: the drains read nothing, and escputil exits without
 * CloseChannel or Exit (Q-G9).
 */
public final class EscputilHost {

    /** Epson's control socket, which escputil learns from GetSocketID. */
    static final int CTRL = 0x02;
    /** The status request {@code st 01 00 01} as escputil sends it: credit 0, control 0x01 (§4.3 step 10). */
    static final String STATUS_REQUEST = "02 02 00 0B 00 01 73 74 01 00 01";

    private EscputilHost() {}

    /** Runs steps 2–11 against a peripheral with the Epson profile; returns the payload of the status answer. */
    public static byte[] readInkLevels(RawHost host) throws Exception {
        assertThat(host.exchange(Wire.ENTRY)).as("step 2, entry").isEqualTo(RawHost.bytes(Wire.ENTRY_REPLY));
        assertThat(host.exchange("00 00 00 08 01 00 00 10")).as("step 3, Init 0x10")
                .isEqualTo(RawHost.bytes("00 00 00 09 01 00 80 00 10"));
        byte[] name = "EPSON-CTRL".getBytes(StandardCharsets.US_ASCII);
        assertThat(host.exchange(concat(RawHost.bytes("00 00 00 11 01 00 09"), name))).as("step 4, GetSocketID")
                .isEqualTo(concat(RawHost.bytes("00 00 00 13 01 00 89 00 02"), name));
        assertThat(host.exchange("00 00 00 11 01 00 01 02 02 02 00 02 00 00 00 00 00")).as("step 5, OpenChannel 512/512")
                .isEqualTo(RawHost.bytes("00 00 00 10 01 00 81 00 02 02 02 00 02 00 00 00"));
        assertThat(host.exchange("00 00 00 0B 01 00 03 02 02 00 01")).as("step 6, Credit 1 before the drain")
                .isEqualTo(RawHost.bytes("00 00 00 0A 01 00 83 00 02 02"));
        byte[] creditReply = host.exchange("00 00 00 0D 01 00 04 02 02 00 80 FF FF");
        assertThat(Arrays.copyOf(creditReply, 10)).as("step 8, CreditRequest")
                .isEqualTo(RawHost.bytes("00 00 00 0C 01 00 84 00 02 02"));
        assertThat(creditReply).hasSize(12);
        assertThat(Wire.u16(creditReply, 10)).as("credit granted").isPositive();
        assertThat(host.exchange("00 00 00 0B 01 00 03 02 02 00 01")).as("step 9, Credit 1")
                .isEqualTo(RawHost.bytes("00 00 00 0A 01 00 83 00 02 02"));
        byte[] answer = host.exchange(STATUS_REQUEST);
        assertThat(Arrays.copyOf(answer, 2)).as("step 11, answer on channel 2/2").containsExactly(CTRL, CTRL);
        assertThat(answer.length).as("the whole answer in one packet of at most 512 bytes").isLessThanOrEqualTo(512);
        assertThat(Wire.u8(answer, 5)).as("control: last (only) packet of the answer").isEqualTo(0x01);
        byte[] payload = Arrays.copyOfRange(answer, 6, answer.length);
        assertThat(new String(payload, 0, 10, StandardCharsets.US_ASCII)).isEqualTo("@BDC ST2\r\n");
        assertThat(payload[7]).as("escputil's binary-status test: byte 7 is '2'").isEqualTo((byte) '2');
        return payload;
    }

    /** The ink entries of a status payload as (colour code, second code, level) triples, parsed as escputil does. */
    public static List<int[]> inkEntries(byte[] payload) {
        int length = (payload[10] & 0xFF) | (payload[11] & 0xFF) << 8;
        assertThat(payload.length).as("declared length of the fields").isEqualTo(12 + length);
        List<int[]> inks = new ArrayList<>();
        for (int at = 12; at < payload.length; ) {
            int type = payload[at] & 0xFF;
            int size = payload[at + 1] & 0xFF;
            if (type == EpsonReplies.FIELD_INK) {
                int entry = payload[at + 2] & 0xFF;
                for (int e = at + 3; e + entry <= at + 2 + size; e += entry) {
                    inks.add(new int[] {payload[e] & 0xFF, payload[e + 1] & 0xFF, payload[e + 2] & 0xFF});
                }
            }
            at += 2 + size;
        }
        return inks;
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] c = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }
}
