package org.dot4j.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import org.dot4j.wire.Revision;
import org.junit.jupiter.api.Test;

/**
 * Failures, violations and closes say what they affect and who caused them, so a program tells a caller's mistake
 * from a peer's fault, a lost link or a restarted conversation without reading the text.
 */
class ScopeAndCulpritTest {

    private static final LocalSocket PRINT = LocalSocket.service(2, "PRINT", ChannelMode.STREAM);

    @Test
    void aCallersMistakeIsTheCallers() {
        EnginePair pair = EnginePair.standard().initialized(PRINT);
        assertThatThrownBy(() -> pair.host.write(99, ByteBuffer.allocate(1), false))
                .isInstanceOfSatisfying(EngineException.class, e -> {
                    assertThat(e.failure()).isEqualTo(Failure.UNKNOWN_CHANNEL);
                    assertThat(e.culprit()).isEqualTo(Culprit.CALLER);
                    assertThat(e.scope()).isEqualTo(Scope.CHANNEL);
                });
        assertThatThrownBy(() -> pair.peripheral.init()).isInstanceOfSatisfying(EngineException.class,
                e -> assertThat(e.culprit()).isEqualTo(Culprit.CALLER));
    }

    @Test
    void aDownLinkIsTheLinksAndReachesEveryChannel() {
        EnginePair pair = EnginePair.standard().initialized(PRINT);
        pair.open(LocalSocket.service(2, "", ChannelMode.STREAM), 2);
        long lookup = pair.host.getSocketId("PRINT");
        pair.host.handleLinkDown("unplugged");
        pair.drainEvents();
        EngineEvent.Failed failed = (EngineEvent.Failed) EnginePair.outcome(pair.hostEvents, lookup);
        assertThat(failed.culprit()).isEqualTo(Culprit.LINK);
        assertThat(failed.scope()).isEqualTo(Scope.LINK);
        assertThat(pair.hostEvents).filteredOn(e -> e instanceof EngineEvent.ChannelClosed).singleElement()
                .satisfies(e -> {
                    CloseCause cause = ((EngineEvent.ChannelClosed) e).cause();
                    assertThat(cause.culprit()).isEqualTo(Culprit.LINK);
                    assertThat(cause.endsNormally()).isFalse();
                });
        assertThatThrownBy(pair.host::init).isInstanceOfSatisfying(EngineException.class,
                e -> assertThat(e.culprit()).isEqualTo(Culprit.LINK));
    }

    @Test
    void aRestartIsTheLifecyclesAndAPeerCloseEndsNormally() {
        EnginePair pair = EnginePair.standard().initialized(PRINT);
        pair.open(LocalSocket.service(2, "", ChannelMode.STREAM), 2);
        pair.host.init();
        pair.drive();
        assertThat(pair.hostEvents).filteredOn(e -> e instanceof EngineEvent.ChannelClosed).singleElement()
                .satisfies(e -> {
                    CloseCause cause = ((EngineEvent.ChannelClosed) e).cause();
                    assertThat(cause).isEqualTo(CloseCause.REINIT);
                    assertThat(cause.culprit()).isEqualTo(Culprit.LIFECYCLE);
                    assertThat(cause.scope()).isEqualTo(Scope.LINK);
                });
        assertThat(CloseCause.CLOSED_BY_PEER.endsNormally()).isTrue();
        assertThat(CloseCause.CLOSED_BY_PEER.scope()).isEqualTo(Scope.CHANNEL);
        assertThat(CloseCause.EXIT.endsNormally()).isTrue();
    }

    @Test
    void aRefusalIsThePeersAndOnlyTheRequests() {
        EnginePair pair = EnginePair.of(Revision.IEEE_1284_4, 3).initialized(PRINT);
        long lookup = pair.host.getSocketId("FAX");
        pair.drive();
        EngineEvent.Failed failed = (EngineEvent.Failed) EnginePair.outcome(pair.hostEvents, lookup);
        assertThat(failed.failure()).isEqualTo(Failure.REFUSED);
        assertThat(failed.culprit()).isEqualTo(Culprit.PEER);
        assertThat(failed.scope()).isEqualTo(Scope.REQUEST);
    }

    @Test
    void aNulFloodIsABenignRecoveryAndJunkAFaultOfThePeer() {
        RawWire.Answer nul = RawWire.toPeripheral(EnginePair.standard().initialized(PRINT),
                "00 00 00 00 00 00 00 00 00 00 00 00 05 05 00 08 00 00 41 42");
        RawWire.Answer junk = RawWire.toPeripheral(EnginePair.standard().initialized(PRINT), "07 07 00 00 00 00 05 05 00 08 00 00 41 42");
        RawWire.Answer data = RawWire.toPeripheral(EnginePair.standard().initialized(PRINT), "05 05 00 08 00 00 41 42");
        assertThat(nul.violations()).extracting(EngineEvent.ViolationDetected::kind).contains(Violation.NUL_FLOOD);
        assertThat(Violation.NUL_FLOOD.culprit()).isEqualTo(Culprit.PEER);
        assertThat(data.violations()).singleElement().satisfies(v -> {
            assertThat(v.kind()).isEqualTo(Violation.CHANNEL_NOT_OPEN);
            assertThat(v.scope()).as("data for a channel").isEqualTo(Scope.CHANNEL);
        });
        assertThat(junk.violations()).filteredOn(v -> v.kind() == Violation.JUNK_BYTES).singleElement().satisfies(v -> {
            assertThat(v.kind().benign()).isFalse();
            assertThat(v.scope()).isEqualTo(Scope.LINK);
        });
        for (Violation v : Violation.values()) {
            assertThat(v.benign()).as("%s benign", v).isEqualTo(v == Violation.NUL_FLOOD);
        }
    }
}
