package org.dot4j.engine;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.dot4j.engine.Lifecycles.ChannelEvent;
import org.dot4j.wire.Transaction;

/**
 * The channels of one link: those on the wire by socket pair, those the application has not closed yet by id,
 * and the ways a channel leaves either (closed on the wire, forgotten, abandoned). Part of {@link LinkEngine};
 * not thread-safe.
 */
final class Channels {

    private final LinkEngine engine;
    /** Channels on the wire, by socket pair. */
    final Map<ChannelKey, Channel> live = new HashMap<>();
    /** Every channel the application has not closed yet, by id. */
    final Map<Long, Channel> byId = new LinkedHashMap<>();

    Channels(LinkEngine engine) {
        this.engine = engine;
    }

    /** True while {@code ch} is the channel on the wire for its socket pair. */
    boolean isOnWire(Channel ch) {
        return live.get(ch.key) == ch;
    }

    /** A new channel on the wire (OPENING: we open it; OPEN: the peer did). */
    Channel add(ChannelKey key, LocalSocket socket, Channel.State initial) {
        Channel ch = new Channel(engine.newId(), key, socket, initial, engine.config.sendBufferSize(), engine.buffers);
        live.put(key, ch);
        byId.put(ch.id, ch);
        engine.scheduler.add(ch);
        return ch;
    }

    /** Removes a channel from the wire; the application can still read what arrived. */
    void closeOnWire(Channel ch, CloseCause cause, String reason) {
        unlink(ch);
        ch.droppedUnsent += ch.toSend.size();
        ch.toSend.clear();
        boolean wasOpening = ch.state == Channel.State.OPENING;
        ch.move(ChannelEvent.ENDED_ON_WIRE);
        ch.closeReason = reason;
        ch.closeCause = cause;
        if (wasOpening) {
            forget(ch);
        } else {
            engine.emit(new EngineEvent.ChannelClosed(ch.id, ch.key, cause, reason));
        }
    }

    /** The application and the wire are done with a channel. */
    void forget(Channel ch) {
        unlink(ch);
        byId.remove(ch.id);
        ch.move(ChannelEvent.FORGOTTEN);
    }

    /** Init, Exit or link down: every channel leaves the wire. */
    void closeAll(CloseCause cause, String reason) {
        engine.mlc.reset(); // the session ends with its channels: ConfigSocket again in the next
        for (Channel ch : new ArrayList<>(byId.values())) {
            if (ch.state != Channel.State.CLOSED) {
                if (ch.state == Channel.State.CLOSING) {
                    forget(ch); // its close request fails or completes with the commands
                } else {
                    closeOnWire(ch, cause, reason);
                }
            }
        }
        engine.held.flush(); // before the reply that ended the channels
    }

    /** The application no longer sees a channel being opened; its pair stays taken until the peer answers. */
    void abandon(Channel ch) {
        byId.remove(ch.id);
        ch.abandoned = true; // a successful reply closes it on the wire (Replies.onOpenChannelReply)
    }

    /** Closes on the wire a channel whose open succeeded but that nobody wants (cancelled, unusable); silently. */
    void closeUnwanted(Channel ch) {
        byId.remove(ch.id);
        ch.move(ChannelEvent.UNWANTED_OPEN);
        engine.commands.main.queue.addFirst(new CommandQueue.Pending.Send(0,
                new Transaction.CloseChannel(ch.key.primarySocket(), ch.key.secondarySocket(), 0), ch));
    }

    private void unlink(Channel ch) {
        if (live.remove(ch.key, ch)) {
            engine.scheduler.remove(ch);
        }
    }
}
