package org.dot4j.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.time.Duration;
import org.dot4j.driver.ByteLink;
import org.dot4j.driver.MemoryLink;
import org.junit.jupiter.api.Test;

/** The guard must be invisible to the driver: it passes the USB transfer rule of the link it wraps through. */
class StalledPacketGuardTest {

    /** A link that says its writes are USB transfers, as the gadget link does. */
    private static final class TransferLink implements ByteLink {
        @Override
        public int read(ByteBuffer dst) {
            return -1;
        }

        @Override
        public void write(ByteBuffer src) {
            src.position(src.limit());
        }

        @Override
        public boolean transferPerPacketPart() {
            return true;
        }

        @Override
        public String describe() {
            return "transfers";
        }

        @Override
        public void close() {}
    }

    @Test
    void aGuardedGadgetLinkStillGetsEachHeaderAndBodyAsATransferOfItsOwn() throws Exception {
        // Without this the gadget behind the sim's guard wrote whole batches, and HPLIP lost every InitReply.
        assertThat(new StalledPacketGuard(new TransferLink(), Duration.ofSeconds(30)).transferPerPacketPart()).isTrue();
        MemoryLink[] stream = MemoryLink.pair("guard");
        assertThat(new StalledPacketGuard(stream[0], Duration.ofSeconds(30)).transferPerPacketPart()).isFalse();
        stream[0].close();
        stream[1].close();
    }
}
