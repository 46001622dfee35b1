package org.dot4j.engine;

import java.util.OptionalLong;
import org.dot4j.wire.WireFormat;

/**
 * Credit of one channel, both directions (reference §5), and the policy that spends and asks for it. One credit
 * lets its holder send one packet of any size up to the agreed maximum. The ledger only decides; the engine sends.
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
 *
 * <p>Decisions: {@link #grantable} (how much room there is to grant), {@link #grantDue} (whether a grant is worth a
 * Credit command now), {@link #piggyback} (how much rides in a data header), {@link #revoke} (a refused grant), and
 * when a channel with data and no credit asks with CreditRequest (issue 10 defect 4). A grant is <em>owed</em> from
 * the moment the channel runs dry with data waiting; a CreditRequest goes out only once it has been owed for
 * longer than the wait, the larger of
 * <ul>
 *   <li>the back-off: 0 at first, raised by each request answered with nothing (doubling from the engine's
 *       credit retry up to {@link #MAX_RETRY_NANOS}), back to 0 only when a request brings credit (asking works
 *       with this peer); credit the peer pushes (Credit, piggy-back) settles the debt but leaves the back-off
 *       alone. A peer that grants by Credit(1) per read and answers every request with 0 (HPLIP as host, Q-H6) is
 *       thus asked about once, then only when a push is overdue, not after nearly every packet;</li>
 *   <li>the push wait: how long the dialect gives a peer to push credit on its own (an MLC "gusher", §6.2).</li>
 * </ul>
 * Times are compared as differences (any long is a valid time; clocks wrap). Not thread-safe; owned by the engine.
 */
final class CreditLedger {

    /** Longest back-off between CreditRequests that were answered with 0. */
    static final long MAX_RETRY_NANOS = 1_000_000_000L;
    /**
     * Credits left at which {@link #askEarly} asks: two, since one poll of the driver's 128 KiB transmit buffer cuts
     * up to two full-size packets, so a channel seen with more than that is not yet running out.
     */
    static final int LOW_WATER = 2;

    private int sendCredit;
    private int grantedToPeer;
    private int peerLimit;
    /** A grant is owed since {@link #owedSince}. */
    private boolean owed;
    private long owedSince;
    /** Current back-off after zero answers. */
    private long backoff;
    /** The peer pushed credit while our CreditRequest was out. */
    private boolean crossed;

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

    // ---- granting

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

    /**
     * True when a grant is worth sending: there is room to grant, and the peer holds at most half of what it could
     * hold (so one Credit command covers many packets, and the peer never runs dry while we still have room).
     */
    boolean grantDue(long freeBytes, int payloadSize) {
        int grantable = grantable(freeBytes, payloadSize, 0);
        return grantable > 0 && grantedToPeer <= (grantable + grantedToPeer) / 2;
    }

    /** The credit a data header carries (at most its 8-bit field), recorded as granted. */
    int piggyback(long freeBytes, int payloadSize) {
        int credit = Math.min(WireFormat.MAX_PIGGYBACK_CREDIT, grantable(freeBytes, payloadSize, 0));
        grant(credit);
        return credit;
    }

    /** Records credit we granted the peer. */
    void grant(int credit) {
        grantedToPeer += credit;
    }

    /** Takes back a grant the peer refused (CreditReply 0x07: its previous credit stays valid). */
    void revoke(int credit) {
        grantedToPeer = Math.max(0, grantedToPeer - credit);
    }

    // ---- asking

    /** The channel ran dry with data waiting: the debt starts now unless it already runs. */
    void owe(long now) {
        if (!owed) {
            owed = true;
            owedSince = now;
        }
    }

    /** Credit arrived, or nothing waits any more: nothing is owed; the back-off stays. */
    void settle() {
        owed = false;
    }

    /**
     * True when a peer that grants only when asked (Epson's 0x10) should be asked before we run dry: at most
     * {@link #LOW_WATER} credits left, more packets waiting than they cover, and asking works with this peer (no
     * back-off). The reply then comes while the last packets go, instead of a round trip of silence after them. A
     * request answered with nothing backs off as usual, so a peer with no room is not asked again per packet.
     */
    boolean askEarly(int waitingPackets) {
        return sendCredit > 0 && sendCredit <= LOW_WATER && waitingPackets > sendCredit && backoff == 0;
    }

    /** True when the grant has been owed longer than the wait. */
    boolean askDue(long now, long pushWait) {
        return owed && now - owedSince - patience(pushWait) >= 0;
    }

    /**
     * When an owed grant becomes overdue: the ask timer, if the grant is owed and the wait is not 0 (with no wait
     * it is asked for as soon as it is owed, with no timer).
     */
    OptionalLong askDeadline(long pushWait) {
        long wait = patience(pushWait);
        return owed && wait > 0 ? OptionalLong.of(owedSince + wait) : OptionalLong.empty();
    }

    /** True when an owed grant is asked for only after a wait (a back-off or a push wait): by a timer. */
    boolean waits(long pushWait) {
        return patience(pushWait) > 0;
    }

    /** A CreditRequest brought nothing (or no reply): back off, doubling up to a second, and owe from now. */
    void refused(long now, long firstDelay) {
        backoff = backoff == 0 ? firstDelay : Math.min(MAX_RETRY_NANOS, backoff * 2);
        owed = true;
        owedSince = now;
    }

    /** Our CreditRequest is on its way. */
    void asking() {
        crossed = false;
    }

    /** The peer pushed credit (Credit, piggy-back) while our CreditRequest was out. */
    void pushedWhileAsking() {
        crossed = true;
    }

    /**
     * A CreditRequest was answered with nothing: {@link #refused}, unless a push crossed it on the wire. A peer that
     * pushes gives all its room in the Credit it sends before our request reaches it, so its answer is 0; backing off
     * for that left the channels it happened to (a third of 64 in FairShareTest) waiting for pushes alone while the
     * others kept asking, and one channel took a third of the link. Excused only if the peer answers requests
     * ({@code peerAnswers}: it has granted credit in a reply on this link): one that pushes but answers every
     * request with 0 (HPLIP as host, Q-H6) is still asked about once, not per packet.
     */
    void nothingGranted(long now, long firstDelay, boolean peerAnswers) {
        boolean excused = crossed && peerAnswers;
        crossed = false;
        if (!excused) {
            refused(now, firstDelay);
        }
    }

    /** A CreditRequest brought credit: the next shortage is asked about at once. */
    void answered() {
        backoff = 0;
        owed = false;
    }

    /** The back-off now (0 when asking works). */
    long backoff() {
        return backoff;
    }

    private long patience(long pushWait) {
        return Math.max(backoff, pushWait);
    }
}
