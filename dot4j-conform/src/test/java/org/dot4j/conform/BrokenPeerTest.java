package org.dot4j.conform;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.dot4j.sim.SimConfig;
import org.dot4j.wire.Revision;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Peers that break a rule fail exactly the cases about that rule, with the bytes that broke it. */
class BrokenPeerTest {

    static final int OPEN_CHANNEL_REPLY = 0x81;
    static final int CLOSE_CHANNEL_REPLY = 0x82;

    @TempDir
    Path spool;

    @Test
    void aPeerThatSendsDataWithoutCreditFailsTheCreditCases() throws Exception {
        // After each OpenChannelReply, an unasked data packet on that channel.
        Function<Packet, List<byte[]>> rogue = p -> isReply(p, OPEN_CHANNEL_REPLY) && p.bytes()[7] == 0
                ? List.of(p.bytes(), new byte[] {p.bytes()[8], p.bytes()[9], 0, 8, 0, 1, 'h', 'i'}) : List.of(p.bytes());
        Map<String, Outcome> r = run(rogue, settings(Duration.ofSeconds(5)), "5.1.1", "5.1.3", "3.3.1");
        assertThat(r.get("5.1.1").verdict()).as(r.get("5.1.1").toString()).isEqualTo(Outcome.Verdict.FAIL);
        assertThat(r.get("5.1.1").detail()).contains("without credit (§5.1, 0x81)").contains("06 06 00 08 00 01 68 69");
        assertThat(r.get("5.1.3").verdict()).as("the rogue packet is read with the echo").isEqualTo(Outcome.Verdict.FAIL);
        assertThat(r.get("3.3.1").verdict()).as("no channel, no rogue data").isEqualTo(Outcome.Verdict.PASS);
    }

    @Test
    void aPeerThatAsksAnEpsonHostForCreditFailsTheEpsonCase() throws Exception {
        // After each OpenChannelReply, a CreditRequest of the peripheral's own (fine at 0x20, fatal to Epson hosts).
        Function<Packet, List<byte[]>> asking = p -> isReply(p, OPEN_CHANNEL_REPLY) && p.bytes()[7] == 0
                ? List.of(p.bytes(), new byte[] {0, 0, 0, 0x0D, 1, 0, 4, p.bytes()[8], p.bytes()[9], 0, (byte) 0x80, -1, -1})
                : List.of(p.bytes());
        Map<String, Outcome> r = run(asking, settings(Duration.ofSeconds(5)), "3.7.1", "5.1.1");
        assertThat(r.get("3.7.1").verdict()).as(r.get("3.7.1").toString()).isEqualTo(Outcome.Verdict.FAIL);
        assertThat(r.get("3.7.1").detail()).contains("CreditRequest");
        assertThat(r.get("5.1.1").verdict()).as("at 0x20 a peripheral may ask").isEqualTo(Outcome.Verdict.PASS);
    }

    @Test
    void aPeerThatAnswersWithAWrongLengthFailsThatTransactionsCaseOnly() throws Exception {
        // CloseChannelReply one byte too long.
        Function<Packet, List<byte[]>> longer = p -> {
            if (!isReply(p, CLOSE_CHANNEL_REPLY)) {
                return List.of(p.bytes());
            }
            byte[] b = Arrays.copyOf(p.bytes(), p.bytes().length + 1);
            b[3]++;
            return List.of(b);
        };
        Map<String, Outcome> r = run(longer, settings(Duration.ofSeconds(5)), "3.3.6", "3.3.7", "3.4.6");
        assertThat(r.get("3.3.6").verdict()).isEqualTo(Outcome.Verdict.FAIL);
        assertThat(r.get("3.3.6").detail()).contains("CloseChannelReply has LENGTH 11 where the 0x20 (IEEE 1284.4) layout has 10");
        assertThat(r.get("3.3.6").evidence()).anyMatch(l -> l.contains("<- CloseChannelReply SUCCESS  00 00 00 0b"));
        assertThat(r.get("3.4.6").verdict()).isEqualTo(Outcome.Verdict.FAIL);
        assertThat(r.get("3.3.7").verdict()).isEqualTo(Outcome.Verdict.PASS);
    }

    @Test
    void aPeerThatNeverAnswersFailsEachCaseAtItsDeadline() throws Exception {
        Map<String, Outcome> r = run(p -> List.of(), settings(Duration.ofMillis(200)), "3.3", "2.1");
        assertThat(r).hasSize(11);
        assertThat(r.values()).allSatisfy(o -> {
            assertThat(o.verdict()).isEqualTo(Outcome.Verdict.FAIL);
            assertThat(o.detail()).contains("reply within 200 ms");
        });
    }

    @Test
    void aPeerThatRefusesMlcAndRevision0x10SkipsThoseSectionsSayingWhy() throws Exception {
        // InitReply to Init 3 or 0x10 turned into "revision not supported" (0x02), as a 1284.4-only HP device answers.
        Function<Packet, List<byte[]>> only0x20 = p -> {
            if (!isReply(p, 0x80) || p.bytes()[8] == 0x20) {
                return List.of(p.bytes());
            }
            byte[] b = p.bytes().clone();
            b[7] = 0x02;
            return List.of(b);
        };
        Map<String, Outcome> r = run(only0x20, settings(Duration.ofSeconds(5)), "6", "3.4", "3.7.1", "2.3", "3.3.1");
        assertThat(r).hasSize(9 + 10 + 3);
        r.forEach((id, o) -> {
            if (id.startsWith("6.")) {
                assertThat(o).as(id).isEqualTo(new Outcome(Outcome.Verdict.SKIP, "skipped: peer does not speak MLC", List.of(), o.millis()));
            } else if (id.startsWith("3.4.") || id.equals("3.7.1")) {
                assertThat(o.detail()).as(id).isEqualTo("skipped: peer does not speak revision 0x10 (Epson draft)");
            }
        });
        assertThat(r.get("2.3").verdict()).as("a SHOULD: accept both").isEqualTo(Outcome.Verdict.FAIL);
        assertThat(r.get("3.3.1").verdict()).isEqualTo(Outcome.Verdict.PASS);
    }

    @Test
    void aCaseThatFailsDoesNotFailTheNextOneEachHasAFreshLink() throws Exception {
        AtomicInteger links = new AtomicInteger();
        try (SimPeer sim = new SimPeer(spool, SimConfig.Profile.HP)) {
            // Only the first link is dead: the case on it fails, the next case's new link works.
            Connector firstDead = sim.connector(link -> links.incrementAndGet() == 1 ? new RewritingLink(link, p -> List.of()) : link);
            List<ConformCase> cases = PeripheralSuite.cases().stream().filter(c -> c.id().equals("3.3.1") || c.id().equals("3.3.10")).toList();
            List<CaseResult> results = new Runner(firstDead, settings(Duration.ofMillis(300))).run(cases, x -> { });
            assertThat(results).extracting(x -> x.outcome().verdict()).containsExactly(Outcome.Verdict.FAIL, Outcome.Verdict.PASS);
        }
    }

    private Map<String, Outcome> run(Function<Packet, List<byte[]>> rewrite, Settings settings, String... selectors) throws Exception {
        try (SimPeer sim = new SimPeer(spool, SimConfig.Profile.HP)) {
            List<ConformCase> cases = PeripheralSuite.cases().stream()
                    .filter(c -> Arrays.stream(selectors).anyMatch(c::selectedBy)).toList();
            List<CaseResult> results = new Runner(sim.connector(link -> new RewritingLink(link, rewrite)), settings)
                    .run(cases, x -> { });
            return results.stream().collect(Collectors.toMap(x -> x.conformCase().id(), CaseResult::outcome));
        }
    }

    private static Settings settings(Duration timeout) {
        return new Settings(Revision.IEEE_1284_4, false, timeout, Duration.ofMillis(100), true, Duration.ZERO);
    }

    private static boolean isReply(Packet p, int replyByte) {
        return p.isTransaction() && p.commandByte() == replyByte;
    }
}
