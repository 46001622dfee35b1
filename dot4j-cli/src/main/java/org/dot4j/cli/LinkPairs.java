package org.dot4j.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.dot4j.driver.ByteLink;
import org.dot4j.driver.LinkListener;
import org.dot4j.driver.MemoryLink;
import org.dot4j.links.LinkUri;
import org.dot4j.links.Links;
import org.dot4j.links.sim.LinkProfile;
import org.dot4j.links.sim.SimulatedLink;

/** Connected link pairs of each kind {@code dot4 bench} measures: [host end, peripheral end]. */
enum LinkPairs {
    MEM("mem"),
    TCP("tcp"),
    UNIX("unix"),
    USB_SIM("usb2-sim");



    final String label;

    LinkPairs(String label) {
        this.label = label;
    }

    /** A fresh connected pair. */
    ByteLink[] open(long seed) throws IOException {
        return switch (this) {
            case MEM -> MemoryLink.pair("bench");
            case TCP -> socketPair("tcp-listen://127.0.0.1:0");
            case UNIX -> {
                Path dir = Files.createTempDirectory("dot4-bench");
                dir.toFile().deleteOnExit();
                Path sock = dir.resolve("link.sock");
                sock.toFile().deleteOnExit();
                yield socketPair("unix-listen:" + sock);
            }
            case USB_SIM -> SimulatedLink.pair(LinkProfile.usb2(), seed);
        };
    }

    static LinkPairs parse(String label) {
        for (LinkPairs p : values()) {
            if (p.label.equals(label)) {
                return p;
            }
        }
        throw new IllegalArgumentException("unknown link kind '" + label + "'; use mem, tcp, unix, usb2-sim");
    }

    private static ByteLink[] socketPair(String listenUri) throws IOException {
        LinkListener listener = Links.listen(LinkUri.parse(listenUri));
        try {
            CompletableFuture<ByteLink> accepted = CompletableFuture.supplyAsync(() -> {
                try {
                    return listener.accept();
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            }, BenchCommand.BLOCKING);
            ByteLink host = Links.connect(LinkUri.parse(listener.address()), Duration.ofSeconds(5));
            return new ByteLink[] {host, accepted.join()};
        } finally {
            listener.close();
        }
    }
}
