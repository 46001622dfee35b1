package org.dot4j.conform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.dot4j.links.LinkUri;
import org.dot4j.links.Links;
import org.dot4j.wire.Opcode;
import org.dot4j.wire.Revision;
import org.dot4j.wire.Transaction.*;
import org.dot4j.wire.WireFormat;
import org.junit.jupiter.api.Test;

/** The host role judges hosts written here from raw packets: a rude one and a polite one. */
class HostJudgeTest {

    static final Settings SETTINGS = new Settings(Revision.IEEE_1284_4, false, Duration.ofMillis(300), Duration.ofMillis(100), false, Duration.ZERO);

    @Test
    void aHostThatSendsDataWithoutCreditAndNeverClosesFailsThoseCases() throws Exception {
        // At 0x10 the peripheral pushes no credit (§12.5), so the host's second and third packets have none.
        Map<String, Outcome> r = judge("rude", host -> {
            host.speak(Revision.EPSON_DRAFT);
            host.send(new Init(Revision.EPSON_DRAFT));
            host.nextTransaction(Duration.ofSeconds(5));
            host.send(new OpenChannel(2, 2, 512, 512, 0, 0)); // no GetSocketID first
            host.nextTransaction(Duration.ofSeconds(5));
            for (int i = 0; i < 3; i++) { // the peripheral granted one credit
                host.sendData(2, 2, new byte[] {'x'}, 0, 0);
            }
        });
        assertThat(r.get("5.1.1").verdict()).as(r.get("5.1.1").toString()).isEqualTo(Outcome.Verdict.FAIL);
        assertThat(r.get("5.1.1").detail()).contains("without credit").contains("02 02 00 07 00 00 78");
        assertThat(r.get("4.1.1").verdict()).isEqualTo(Outcome.Verdict.FAIL);
        assertThat(r.get("4.1.2").verdict()).isEqualTo(Outcome.Verdict.FAIL);
        assertThat(r.get("4.1.3").verdict()).isEqualTo(Outcome.Verdict.FAIL);
        assertThat(r.get("3.2.1").verdict()).isEqualTo(Outcome.Verdict.PASS);
        assertThat(r.get("5.1.2").verdict()).isEqualTo(Outcome.Verdict.PASS);
    }

    @Test
    void aHostThatStartsWithoutInitAndSendsAShortOpenChannelFailsThoseCases() throws Exception {
        Map<String, Outcome> r = judge("sloppy", host -> {
            host.sendRaw(new byte[] {0, 0, 0, 8, 1, 0, 9, 'P'}, "GetSocketID before Init");
            host.nextTransaction(Duration.ofSeconds(5));
            host.sendRaw(new byte[] {0, 0, 0, 0x0D, 0, 0, 1, 2, 2, 2, 0, 2, 0}, "OpenChannel of 13 bytes, credit 0");
        });
        assertThat(r.get("3.2.1").verdict()).isEqualTo(Outcome.Verdict.FAIL);
        assertThat(r.get("3.2.1").detail()).contains("GetSocketId");
        assertThat(r.get("3.3.2").verdict()).as("13 bytes cannot hold OpenChannel").isEqualTo(Outcome.Verdict.FAIL);
        assertThat(r.get("2.1").verdict()).isEqualTo(Outcome.Verdict.SKIP);
    }

    @Test
    void aPoliteHostPassesEveryCaseThatApplies() throws Exception {
        Map<String, Outcome> r = judge("polite", host -> {
            host.send(new Init(Revision.IEEE_1284_4));
            host.nextTransaction(Duration.ofSeconds(5));
            host.send(new GetSocketId("PRINT"));
            host.nextTransaction(Duration.ofSeconds(5));
            host.send(new OpenChannel(2, 2, 512, 512, WireFormat.MAX_CREDIT, 0));
            host.nextTransaction(Duration.ofSeconds(5));
            host.sendData(2, 2, new byte[] {'x'}, 0, 0); // its one credit; the peripheral pushes more
            Packet push = host.nextTransaction(Duration.ofSeconds(5)).orElseThrow();
            assertThat(push.commandByte()).isEqualTo(Opcode.CREDIT.wire());
            host.send(new CreditReply(org.dot4j.wire.ResultCode.SUCCESS, 2, 2));
            host.sendData(2, 2, new byte[] {'y'}, 0, 0);
            host.send(new CloseChannel(2, 2, 0));
            host.nextTransaction(Duration.ofSeconds(5));
            host.send(new Exit());
            host.nextTransaction(Duration.ofSeconds(5));
        });
        assertThat(r.values()).allSatisfy(o -> assertThat(o.verdict()).as(o.detail()).isEqualTo(Outcome.Verdict.PASS));
    }

    @Test
    void aHostThatNeverStopsIsJudgedAtTheLimit() throws Exception {
        HostJudge.Judgement j = judge("endless", Duration.ofMillis(300), host -> {
            host.send(new Init(Revision.IEEE_1284_4));
            host.nextTransaction(Duration.ofSeconds(5));
            try {
                for (int i = 0; i < 1_000_000 && host.ended().isEmpty(); i++) {
                    host.send(new GetServiceName(2));
                    host.nextTransaction(Duration.ofSeconds(5));
                }
            } catch (java.io.IOException e) {
                // the judge hung up: what this host waits for
            }
        });
        assertThat(j.summary()).contains("judged after the limit of 300 ms, the host still talking");
        assertThat(j.results()).hasSize(HostSuite.cases().size());
    }

    @Test
    void noHostInTimeIsAnErrorThatSaysWhere() throws Exception {
        LinkUri uri = LinkUri.parse("mem:conform-host-none");
        HostJudge judge = new HostJudge(SETTINGS, Duration.ofMillis(100), Duration.ofMinutes(1));
        assertThatThrownBy(() -> judge.judge(Links.listen(uri), HostSuite.cases(), a -> { }))
                .hasMessage("no host connected to mem:conform-host-none within 100 ms");
    }

    /** What a raw host does. */
    @FunctionalInterface
    interface Script {
        void run(Wire host) throws Exception;
    }

    private static Map<String, Outcome> judge(String name, Script script) throws Exception {
        return judge(name, Duration.ofMinutes(1), script).results().stream()
                .collect(Collectors.toMap(x -> x.conformCase().id(), CaseResult::outcome));
    }

    private static HostJudge.Judgement judge(String name, Duration limit, Script script) throws Exception {
        LinkUri uri = LinkUri.parse("mem:conform-host-" + name);
        CompletableFuture<String> listening = new CompletableFuture<>();
        CompletableFuture<HostJudge.Judgement> judged = CompletableFuture.supplyAsync(() -> {
            try {
                return new HostJudge(SETTINGS, Duration.ofSeconds(10), limit).judge(Links.listen(uri), HostSuite.cases(), listening::complete);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        listening.get(10, TimeUnit.SECONDS);
        try (Wire host = new Wire(Links.connect(uri, Duration.ofSeconds(5)))) {
            host.answerReverseCommands(false);
            script.run(host);
        }
        return judged.get(30, TimeUnit.SECONDS);
    }
}
