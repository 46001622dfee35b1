package org.dot4j.conform;

import java.util.ArrayList;
import java.util.List;

/**
 * What a host did in one conversation with the judge playing a peripheral ({@link PlayedPeripheral}): the facts
 * the host cases ({@link HostSuite}) judge. Each list holds one line per offence, with the packet.
 *
 * <p>Not thread-safe: filled on the judge's thread, read after the conversation.
 */
public final class HostObservations {

    /** Revisions the host's Init packets named, in order. */
    final List<Integer> initRevisions = new ArrayList<>();
    /** The first transaction the host sent that was not the Epson entry packet: should be Init. */
    String firstCommand;
    boolean sentEntry;
    /** Commands whose LENGTH differs from their layout. */
    final List<String> wrongLengths = new ArrayList<>();
    /** Commands whose header credit is not the transaction credit (§3.2). */
    final List<String> wrongTransactionCredit = new ArrayList<>();
    /** Transaction packets that did not decode, or replies to nothing. */
    final List<String> undecodable = new ArrayList<>();
    /** OpenChannel with PSID different from SSID. */
    final List<String> unpairedSockets = new ArrayList<>();
    /** OpenChannel asking sizes that cannot carry data. */
    final List<String> badSizes = new ArrayList<>();
    /** OpenChannel of a socket the host had not asked GetSocketID for. */
    final List<String> openedUnasked = new ArrayList<>();
    int channelsOpened;
    int channelsClosed;
    int exits;
    long dataBytes;
    int dataPackets;
    /** Times the host used up its credit with data still to send, and times it sent data after more credit. */
    int ranOutOfCredit;
    int dataAfterRunningOut;
    int creditRequests;
    /** Credit commands we pushed, and the host's CreditReply answers to them (§3.7). */
    int creditsPushed;
    int creditRepliesFromHost;
    /** Data rules the host broke (the wire's books). */
    List<CreditBooks.DataViolation> violations = List.of();
    /** Why the conversation ended. */
    String ending = "";
    /** Every packet both ways, for failures. */
    List<String> transcript = List.of();

    /** One line on the conversation: revision, channels, data, credit asked, how it ended. */
    public String summary() {
        String revisions = initRevisions.stream().map(org.dot4j.wire.Revision::describe).toList().toString();
        return "Init " + revisions + (sentEntry ? " after the Epson entry packet" : "") + "; " + channelsOpened
                + " channel(s) opened, " + channelsClosed + " closed; " + dataBytes + " data bytes in " + dataPackets
                + " packets; " + creditRequests + " CreditRequests, " + creditsPushed + " Credit pushed; ended: " + ending;
    }
}
