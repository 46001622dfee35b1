package org.dot4j.sim;

import java.io.IOException;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.dot4j.driver.ByteLink;
import org.dot4j.driver.LinkListener;
import org.dot4j.driver.MemoryLink;

/** A listener whose hosts connect in process: {@link #connect} hands the peripheral end to {@link #accept}. */
final class MemoryListener implements LinkListener {

    private final BlockingQueue<MemoryLink> pending = new LinkedBlockingQueue<>();
    private volatile boolean closed;
    private int connections;

    /** A new host: returns its end of a fresh link. */
    synchronized MemoryLink connect() {
        MemoryLink[] pair = MemoryLink.pair("listener-" + ++connections);
        pending.add(pair[1]);
        return pair[0];
    }

    @Override
    public ByteLink accept() throws IOException {
        while (!closed) {
            try {
                MemoryLink link = pending.poll(20, TimeUnit.MILLISECONDS);
                if (link != null) {
                    return link;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while accepting", e);
            }
        }
        throw new IOException("listener closed");
    }

    @Override
    public String address() {
        return "mem:listener";
    }

    @Override
    public void close() {
        closed = true;
    }
}
