package org.dot4j.conform;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import org.dot4j.driver.ByteLink;
import org.dot4j.driver.LinkListener;
import org.dot4j.links.LinkUri;
import org.dot4j.links.Links;
import org.dot4j.sim.SimConfig;
import org.dot4j.sim.SimulatedPeripheral;

/** The real simulator on an in-memory link, and connectors to it that may pass each link through a fault. */
final class SimPeer implements AutoCloseable {

    private static final AtomicInteger NAMES = new AtomicInteger();

    private final SimulatedPeripheral sim;
    private final LinkUri uri;

    SimPeer(Path spool, SimConfig.Profile profile) throws IOException {
        uri = LinkUri.parse("mem:conform-" + NAMES.incrementAndGet());
        LinkListener listener = Links.listen(uri);
        sim = SimulatedPeripheral.serve(listener, SimConfig.defaults(spool).withProfile(profile));
    }

    /** Connects straight to the simulator. */
    Connector connector() {
        return connector(UnaryOperator.identity());
    }

    /** Connects through {@code fault}, which wraps each new link. */
    Connector connector(UnaryOperator<ByteLink> fault) {
        return () -> fault.apply(Links.connect(uri, Duration.ofSeconds(5)));
    }

    @Override
    public void close() {
        sim.close();
    }
}
