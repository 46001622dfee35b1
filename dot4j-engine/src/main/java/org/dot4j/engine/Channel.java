package org.dot4j.engine;

import org.dot4j.wire.WireFormat;

/**
 * One channel's state, owned by the engine: plain fields, no listeners (STYLE "Credit and state").
 * Lives from the open until the application closes it, so data received before a peer's close stays
 * readable.
 */
final class Channel {

    /** Lifecycle; every move is in {@link Lifecycles#CHANNEL} and made by {@link #move}. */
    enum State {
        /** We sent OpenChannel and wait for the reply: nothing flows yet. */
        OPENING(false, false),
        /** Data flows both ways. */
        OPEN(true, true),
        /** We sent CloseChannel: nothing more is written, late data from the peer is still taken. */
        CLOSING(false, true),
        /** Gone from the wire (peer close, reset, Exit, link down); what was received can still be read. */
        CLOSED(false, false);

        final boolean canSend;
        final boolean canReceive;

        State(boolean canSend, boolean canReceive) {
            this.canSend = canSend;
            this.canReceive = canReceive;
        }
    }

    final long id;
    final ChannelKey key;
    final LocalSocket socket;
    final CreditLedger credit = new CreditLedger();
    /** Received and not yet read; bounded by the socket's buffer size through credit. */
    final SegmentQueue received;
    /** Written and not yet sent. */
    final SegmentQueue toSend;
    /** Bytes written that the channel's end on the wire dropped unsent (peer close, reset, link loss). */
    int droppedUnsent;
    State state;
    /** Largest packet (header included) we may send; 0 = direction disabled. */
    int sendPacketSize;
    /** Largest packet (header included) the peer may send us; 0 = direction disabled. */
    int receivePacketSize;
    /** A writer could not queue everything: tell it when room opens. */
    boolean writerWaiting;
    /** A Credit command for this channel waits in the command queue. */
    boolean grantQueued;
    /** A CreditRequest for this channel is queued or outstanding. */
    boolean creditRequestPending;
    /** Its open was cancelled while on the wire: a successful reply closes it again (LinkEngine.cancel). */
    boolean abandoned;
    /** The peer closed it while our OpenChannel awaited its reply: the reply's success ends it at once. */
    boolean closedWhileOpening;
    String closeReason = "";
    /** Set when the channel left the wire without our close command. */
    CloseCause closeCause;
    long bytesSent;
    long bytesReceived;
    long packetsSent;
    long packetsReceived;

    Channel(long id, ChannelKey key, LocalSocket socket, State state, int sendBufferSize, BufferPool buffers) {
        this.id = id;
        this.key = key;
        this.socket = socket;
        this.state = state;
        this.received = new SegmentQueue(socket.bufferSize(), buffers);
        this.toSend = new SegmentQueue(sendBufferSize, buffers);
    }

    /** The channel's one way to change state: through {@link Lifecycles#CHANNEL}. */
    void move(Lifecycles.ChannelEvent event) {
        state = Lifecycles.CHANNEL.next(state, event);
    }

    int sendPayload() {
        return Math.max(0, sendPacketSize - WireFormat.HEADER_SIZE);
    }

    int receivePayload() {
        return Math.max(0, receivePacketSize - WireFormat.HEADER_SIZE);
    }

    /** Credit we could grant the peer now, given free buffer space. */
    int grantable(int wanted) {
        return mayReceive() ? credit.grantable(received.free(), receivePayload(), wanted) : 0;
    }

    /** True when the peer should be granted credit now (see {@link CreditLedger#grantDue}). */
    boolean grantDue() {
        return mayReceive() && credit.grantDue(received.free(), receivePayload());
    }

    /** The credit our next data packet's header carries, recorded as granted. */
    int piggyback() {
        return mayReceive() ? credit.piggyback(received.free(), receivePayload()) : 0;
    }

    /**
     * True when data waits for credit that has been owed longer than the wait (see {@link CreditLedger}): at once
     * when there is no wait, else only when {@code timers} fire; starts the debt when the channel has just run dry,
     * and ends it when nothing waits any more. With {@code askEarly} (a peer that grants only when asked), also
     * when the channel is about to run dry ({@link CreditLedger#askEarly}).
     */
    boolean needsCredit(long now, long pushWait, boolean timers, boolean askEarly) {
        if (!waitsForCredit()) {
            if (!creditRequestPending) {
                credit.settle();
            }
            return askEarly && runningLow();
        }
        credit.owe(now);
        return credit.askDue(now, pushWait) && (timers || !credit.waits(pushWait));
    }

    private boolean runningLow() {
        if (!state.canSend || creditRequestPending || sendPacketSize <= 0) {
            return false;
        }
        int payload = sendPayload();
        return credit.askEarly((toSend.size() + payload - 1) / payload); // queue <= 1 GiB: no overflow
    }

    /** True when data waits for credit and no CreditRequest for it is queued or outstanding. */
    boolean waitsForCredit() {
        return state.canSend && !toSend.isEmpty() && !credit.canSend() && !creditRequestPending && sendPacketSize > 0;
    }

    private boolean mayReceive() {
        return state.canReceive && receivePacketSize > 0;
    }

    ChannelStatus status() {
        return new ChannelStatus(id, key, socket.id(), socket.mode(), state.name(), sendPacketSize, receivePacketSize,
                credit.sendCredit(), credit.grantedToPeer(), toSend.size(), received.size(), bytesSent, bytesReceived,
                packetsSent, packetsReceived, toSend.retainedBytes() + received.retainedBytes());
    }
}
