package org.dot4j.conform;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import org.dot4j.driver.ByteLink;
import org.dot4j.sim.SimConfig;
import org.dot4j.wire.Revision;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fresh USB links that begin inside a packet (issue 14): the previous host's last bulk IN transfer took a packet
 * header and the body stayed queued in the device. Seen through the usb-e2e gadget as an InitReply that never came.
 * The links' own {@link ByteLink#dropStale} is tested with them (a pty here in TtyLinkStaleTest, the gadget in
 * usb-e2e); these tests show the judge drops before it frames, on every link, the probe's too.
 */
class StaleTailTest {

    /** The body of the simulator's CreditRequest for 6/6 at 0x20: as a header its LENGTH is 0x06FF. */
    static final byte[] CREDIT_REQUEST_BODY = HexFormat.of().parseHex("040606ffff");
    /** The body of an InitReply at 0x20: as a header, with the next InitReply's first bytes, LENGTH 0x2000. */
    static final byte[] INIT_REPLY_BODY = HexFormat.of().parseHex("800020");

    @TempDir
    Path spool;

    @Test
    void everyCaseGetsItsInitReplyAfterAStaleTailThatStartsInsideAPacket() throws Exception {
        for (byte[] tail : List.of(CREDIT_REQUEST_BODY, INIT_REPLY_BODY, new byte[] {0}, new byte[0])) {
            try (SimPeer sim = new SimPeer(spool, SimConfig.Profile.HP)) {
                Runner runner = new Runner(sim.connector(link -> new TailFirst(link, tail)), settings(Duration.ofMillis(200)));
                assertThat(runner.services()).as("the probe's links start with the tail too").contains("ECHO 6");
                List<CaseResult> results = runner.run(cases("7.6.1", "7.6.4", "3.3.1"), x -> { });
                assertThat(results).as(HexFormat.of().formatHex(tail)).allSatisfy(r ->
                        assertThat(r.outcome().verdict()).as(r.outcome().toString()).isEqualTo(Outcome.Verdict.PASS));
            }
        }
    }

    @Test
    void framedAsItComesTheSameTailSwallowsTheInitReply() throws Exception {
        try (SimPeer sim = new SimPeer(spool, SimConfig.Profile.HP)) {
            Runner runner = new Runner(sim.connector(link -> new TailFirst(link, CREDIT_REQUEST_BODY)), settings(Duration.ZERO));
            Outcome o = runner.run(cases("7.6.1"), x -> { }).getFirst().outcome();
            assertThat(o.verdict()).isEqualTo(Outcome.Verdict.FAIL);
            assertThat(o.detail()).contains("no INIT reply");
        }
    }

    @Test
    void theTranscriptSaysWhatWasDropped() throws Exception {
        try (SimPeer sim = new SimPeer(spool, SimConfig.Profile.HP)) {
            Connector tailed = sim.connector(link -> new TailFirst(link, CREDIT_REQUEST_BODY));
            Settings settings = settings(Duration.ofMillis(200));
            try (CaseContext c = new CaseContext(tailed, settings, new PeerFacts(tailed, settings))) {
                assertThat(c.wire().transcript()).anySatisfy(line -> assertThat(line)
                        .contains("dropped 5 stale bytes from an earlier conversation, then 200 ms of silence"));
            }
        }
    }

    private static List<ConformCase> cases(String... ids) {
        List<String> wanted = List.of(ids);
        return PeripheralSuite.cases().stream().filter(c -> wanted.contains(c.id())).toList();
    }

    private static Settings settings(Duration drain) {
        return new Settings(Revision.IEEE_1284_4, false, Duration.ofSeconds(2), Duration.ofMillis(100), true, drain);
    }

    /** A link whose first read brings what an earlier conversation left: {@code tail}, then the peer's bytes. */
    private static final class TailFirst implements ByteLink {
        private final ByteLink inner;
        private final ByteBuffer tail;

        TailFirst(ByteLink inner, byte[] tail) {
            this.inner = inner;
            this.tail = ByteBuffer.wrap(tail.clone());
        }

        @Override
        public int read(ByteBuffer dst) throws IOException {
            if (!tail.hasRemaining()) {
                return inner.read(dst);
            }
            int n = Math.min(tail.remaining(), dst.remaining());
            dst.put(tail.slice(tail.position(), n));
            tail.position(tail.position() + n);
            return n;
        }

        /** Drops the tail as a USB link drops what the device had queued; the peer behind has nothing stale. */
        @Override
        public long dropStale(Duration quiet, Duration limit) throws IOException {
            long n = tail.remaining();
            tail.position(tail.limit());
            return n + inner.dropStale(quiet, limit);
        }

        @Override
        public void write(ByteBuffer src) throws IOException {
            inner.write(src);
        }

        @Override
        public String describe() {
            return "stale-tailed " + inner.describe();
        }

        @Override
        public void close() throws IOException {
            inner.close();
        }
    }
}
