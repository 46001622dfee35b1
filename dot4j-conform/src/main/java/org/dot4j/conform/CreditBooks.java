package org.dot4j.conform;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.dot4j.wire.PacketHeader;

/**
 * The judge's credit books for one link, both directions (reference §5.1): what the peer granted us, what we
 * granted the peer, the size the peer may send on each open channel; and every data rule the peer broke. Channels
 * are keyed by their socket pair. "Peer" is whoever is judged: a peripheral, or a host in the host role.
 *
 * <p>Not thread-safe: the case's thread keeps them.
 */
public final class CreditBooks {

    /**
     * A rule of the data stream the peer broke.
     *
     * @param kind which rule
     * @param text what happened, with the packet
     */
    public record DataViolation(Kind kind, String text) {
        /** The rules. */
        public enum Kind {
            /** Data without credit (§5.1, Error 0x81). */
            NO_CREDIT,
            /** Data above the agreed packet size (§3.6, 0x83). */
            TOO_LARGE,
            /** Data for a channel that is not open (§3.6, 0x84). */
            NOT_OPEN,
            /** Bytes that cannot start a packet (LENGTH below 6, §1.1). */
            JUNK
        }
    }

    /** Credit the peer granted us and we have not spent. */
    private final Map<Integer, Integer> fromPeer = new HashMap<>();
    /** Credit we granted the peer and it has not used, per open channel. */
    private final Map<Integer, Integer> toPeer = new HashMap<>();
    /** The largest packet the peer may send on each open channel. */
    private final Map<Integer, Integer> peerPacketSize = new HashMap<>();
    private final List<DataViolation> violations = new ArrayList<>();

    /** A channel the peer agreed to open (or we opened for it): it may send packets of up to {@code peerSends}. */
    public void opened(int psid, int ssid, int peerSends, int creditFromPeer) {
        peerPacketSize.put(key(psid, ssid), peerSends);
        toPeer.putIfAbsent(key(psid, ssid), 0);
        addFromPeer(psid, ssid, creditFromPeer);
    }

    /** True while {@code psid/ssid} is open by the books. */
    public boolean isOpen(int psid, int ssid) {
        return peerPacketSize.containsKey(key(psid, ssid));
    }

    /** Forgets a channel. */
    public void closed(int psid, int ssid) {
        peerPacketSize.remove(key(psid, ssid));
        toPeer.remove(key(psid, ssid));
        fromPeer.remove(key(psid, ssid));
    }

    /** Forgets every channel, as Init and Exit do. */
    public void closedAll() {
        peerPacketSize.clear();
        toPeer.clear();
        fromPeer.clear();
    }

    /** Credit the peer granted us (a reply, a Credit command, piggy-backed); negative when we spend it. */
    public void addFromPeer(int psid, int ssid, int credit) {
        fromPeer.merge(key(psid, ssid), credit, Integer::sum);
    }

    /** Credit we hold to send on {@code psid/ssid}. */
    public int fromPeer(int psid, int ssid) {
        return fromPeer.getOrDefault(key(psid, ssid), 0);
    }

    /** Credit we granted the peer, by any means. */
    public void grantedToPeer(int psid, int ssid, int credit) {
        toPeer.merge(key(psid, ssid), credit, Integer::sum);
    }

    /** Credit the peer holds on {@code psid/ssid}. */
    public int toPeer(int psid, int ssid) {
        return toPeer.getOrDefault(key(psid, ssid), 0);
    }

    /** Books a data packet from the peer: spends its credit, takes piggy-backed credit, records what it broke. */
    void received(Packet p) {
        PacketHeader h = p.header();
        int k = key(h.primarySocket(), h.secondarySocket());
        Integer size = peerPacketSize.get(k);
        if (size == null) {
            violations.add(new DataViolation(DataViolation.Kind.NOT_OPEN, "data packet for channel " + h.primarySocket()
                    + "/" + h.secondarySocket() + ", which is not open (§3.6, 0x84): " + p.hex()));
            return;
        }
        if (h.length() > size) {
            violations.add(new DataViolation(DataViolation.Kind.TOO_LARGE, "data packet of " + h.length()
                    + " bytes above the agreed " + size + " (§3.6, 0x83): " + p.hex()));
        }
        int left = toPeer.getOrDefault(k, 0);
        if (left <= 0) {
            violations.add(new DataViolation(DataViolation.Kind.NO_CREDIT, "data packet on " + h.primarySocket() + "/"
                    + h.secondarySocket() + " without credit (§5.1, 0x81): " + p.hex()));
        } else {
            toPeer.put(k, left - 1);
        }
        if (h.credit() > 0) {
            addFromPeer(h.primarySocket(), h.secondarySocket(), h.credit()); // piggy-backed (§5.1 item 4)
        }
    }

    /** Records bytes from the peer that could not start a packet. */
    void junk(String what) {
        violations.add(new DataViolation(DataViolation.Kind.JUNK, what + " (LENGTH below 6, §1.1)"));
    }

    /** Every data rule the peer broke so far. */
    public List<DataViolation> violations() {
        return List.copyOf(violations);
    }

    private static int key(int psid, int ssid) {
        return psid << 8 | ssid;
    }
}
