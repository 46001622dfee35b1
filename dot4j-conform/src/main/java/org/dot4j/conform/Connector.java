package org.dot4j.conform;

import java.io.IOException;
import org.dot4j.driver.ByteLink;

/** Opens a fresh link to the peer under test, once per case, so one case's failure cannot spill into the next. */
@FunctionalInterface
public interface Connector {
    /** A new link to the peer. */
    ByteLink open() throws IOException;
}
