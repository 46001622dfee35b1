package org.dot4j.engine;

import org.dot4j.wire.WireFormat;

/**
 * Credit counters of one channel, both directions (reference §5). One credit lets its holder send one
 * packet of any size up to the agreed maximum. The ledger only decides; the engine sends.
 *
 * <p>Counters:
 * <ul>
 *   <li>{@code sendCredit}: packets we may still send; raised by the peer (Credit, CreditRequestReply,
 *       OpenChannelReply, piggy-back), lowered by one per data packet we send.</li>
 *   <li>{@code grantedToPeer}: packets the peer may still send us; raised when we grant, lowered by one per
 *       data packet received. Never more than our free buffer can hold at the peer's packet size.</li>
 *   <li>{@code peerLimit}: the most outstanding credit the peer said it wants (MaximumOutstandingCredit);
 *       0 means it named no limit (Epson sends 0; §13 leaves 0 unconfirmed, so we read it as "no limit").</li>
 * </ul>
 * Not thread-safe; owned by the engine.
 */
final class CreditLedger {

    private int sendCredit;
    private int grantedToPeer;
    private int peerLimit;

    /** True when we hold credit for one more packet. */
    boolean canSend() {
        return sendCredit > 0;
    }

    int sendCredit() {
        return sendCredit;
    }

    int grantedToPeer() {
        return grantedToPeer;
    }

    /** Spends one send credit for a packet we are sending. */
    void spendSendCredit() {
        if (sendCredit == 0) {
            throw new IllegalStateException("no send credit");
        }
        sendCredit--;
    }

    /** Adds credit the peer granted; false (and nothing added) when it would pass the 16-bit counter. */
    boolean addSendCredit(int credit) {
        if ((long) sendCredit + credit > WireFormat.MAX_CREDIT) {
            return false;
        }
        sendCredit += credit;
        return true;
    }

    /** Records that a data packet arrived; false when the peer held no credit for it (Error 0x81). */
    boolean receivePacket() {
        if (grantedToPeer == 0) {
            return false;
        }
        grantedToPeer--;
        return true;
    }

    /** Sets the peer's MaximumOutstandingCredit (0 = none named). */
    void setPeerLimit(int limit) {
        peerLimit = limit;
    }

    /**
     * How many more packets we can let the peer send: buffer room for whole packets beyond what is already
     * granted, capped by the peer's limit, {@code wanted} (0 = any) and the 16-bit field.
     *
     * @param freeBytes receive buffer not yet holding data
     * @param payloadSize the largest payload the peer may put in one packet (at least 1)
     */
    int grantable(long freeBytes, int payloadSize, int wanted) {
        long room = freeBytes / Math.max(1, payloadSize) - grantedToPeer;
        if (peerLimit > 0) {
            room = Math.min(room, peerLimit - grantedToPeer);
        }
        if (wanted > 0) {
            room = Math.min(room, wanted);
        }
        return (int) Math.max(0, Math.min(room, WireFormat.MAX_CREDIT - grantedToPeer));
    }

    /** Records credit we granted the peer. */
    void grant(int credit) {
        grantedToPeer += credit;
    }

    /** Takes back a grant the peer refused (CreditReply 0x07: its previous credit stays valid). */
    void revoke(int credit) {
        grantedToPeer = Math.max(0, grantedToPeer - credit);
    }
}
