package org.dot4j.capture;

import java.io.IOException;
import org.dot4j.driver.ByteLink;
import org.dot4j.driver.LinkListener;

/**
 * A {@link LinkListener} whose accepted links are traced, each as a link of its own in one trace, seen from the
 * peripheral's end. The trace outlives the listener: its owner closes it.
 */
public final class TracingListener implements LinkListener {

    private final LinkListener inner;
    private final TraceWriter trace;

    /** Traces the links {@code inner} accepts into {@code trace}. */
    public TracingListener(LinkListener inner, TraceWriter trace) {
        this.inner = inner;
        this.trace = trace;
    }

    @Override
    public ByteLink accept() throws IOException {
        ByteLink link = inner.accept();
        try {
            return new TracingLink(link, trace.link("peripheral end of " + link.describe()), TracingLink.End.PERIPHERAL);
        } catch (IOException e) {
            return link; // the trace failed (disk full, stopped): serve the host untraced
        }
    }

    @Override
    public String address() {
        return inner.address();
    }

    @Override
    public void close() throws IOException {
        inner.close();
    }
}
