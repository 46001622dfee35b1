package org.dot4j.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** PML GETs and their replies as HPLIP writes and reads them (io/hpmud/pml.c). */
class PmlStatusTest {

    /** A reply to GET hrDeviceStatus: command|0x80, OK, object id type, oid, enumeration of 1 byte, 2 (running). */
    static final byte[] RUNNING = {(byte) 0x80, 0x00, 0x00, 6, 3, 3, 2, 1, 5, 1, 0x04, 1, 2};

    @Test
    void aGetNamesTheObjectInShortForm() {
        assertThat(PmlStatus.request(PmlStatus.DEVICE_STATUS)).containsExactly(0x00, 0x00, 6, 3, 3, 2, 1, 5, 1);
    }

    @Test
    void aWholeReplyGivesItsValue() {
        assertThat(PmlStatus.replyLength(RUNNING, RUNNING.length)).isEqualTo(RUNNING.length);
        assertThat(PmlStatus.value(RUNNING, RUNNING.length, PmlStatus.DEVICE_STATUS)).isEqualTo(2);
        assertThat(new PmlStatus(2, 3).deviceText()).isEqualTo("running");
        assertThat(new PmlStatus(2, 3).printerText()).isEqualTo("idle");
        assertThat(new PmlStatus(5, 4).deviceText() + " " + new PmlStatus(5, 4).printerText()).isEqualTo("down printing");
    }

    @Test
    void aPartOfAReplyIsNotWholeYet() {
        for (int n = 0; n < RUNNING.length; n++) {
            assertThat(PmlStatus.replyLength(RUNNING, n)).as("%d bytes", n).isZero();
        }
    }

    @Test
    void anErrorOutcomeOrAnotherObjectIsRefusedNamingIt() {
        byte[] unknown = RUNNING.clone();
        unknown[1] = (byte) 0x83;
        assertThatThrownBy(() -> PmlStatus.value(unknown, unknown.length, PmlStatus.DEVICE_STATUS)).hasMessageContaining("0x83");
        assertThatThrownBy(() -> PmlStatus.value(RUNNING, RUNNING.length, PmlStatus.PRINTER_STATUS))
                .hasMessageContaining("another object");
        byte[] notAReply = RUNNING.clone();
        notAReply[0] = 0x04;
        assertThatThrownBy(() -> PmlStatus.value(notAReply, notAReply.length, PmlStatus.DEVICE_STATUS))
                .hasMessageContaining("not a reply");
    }
}
