package org.dot4j.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.dot4j.wire.Opcode;
import org.dot4j.wire.Revision;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A side that stops for longer than the reply timeout mid-job and then resumes (issue 9 defect 5: SIGSTOP of the
 * device for 15 s behind the daemon, a printer clearing a jam) must let the job finish, and the late replies of
 * commands that timed out must be recognised as stale: never answered with Error 0x82, never taken as the reply
 * to a later command. Seeded: the stall starts at a random point of the job, on either side, with the sleeper's
 * timers firing before or after it reads its backlog; a failing seed names itself.
 */
@Timeout(120)
class ReplyTimeoutStallTest {

    static final int SEEDS = Integer.getInteger("dot4j.stallSeeds", 40);
    static final long STALL_NANOS = 15_000_000_000L;

    @Test
    void aJobSurvivesAStallLongerThanTheReplyTimeoutAtAnyPoint() {
        List<String> failures = new ArrayList<>();
        for (long seed = 1; seed <= SEEDS; seed++) {
            try {
                runJob(seed);
            } catch (AssertionError | RuntimeException e) {
                failures.add("seed " + seed + ": " + e.getMessage());
            }
        }
        assertThat(failures).as("failing seeds of %d", SEEDS).isEmpty();
    }

    @Test
    void anOpenThatTimedOutAndSucceedsLateIsClosedOnTheWireAndItsReplyCountedNotRefused() {
        EnginePair pair = EnginePair.standard().initialized(LocalSocket.service(2, "PRINT", ChannelMode.STREAM));
        pair.host.registerSocket(LocalSocket.service(2, "", ChannelMode.STREAM));
        long open = pair.host.openChannel(2, 2);

        pair.stall(Role.PERIPHERAL, STALL_NANOS, true, () -> { });

        assertThat(EnginePair.outcome(pair.hostEvents, open)).as("the caller hears of the timeout")
                .isEqualTo(EngineEvent.Failed.of(Failure.TIMEOUT, "OPEN_CHANNEL got no reply within 10000 ms"));
        assertThat(pair.peripheralEvents).as("the late open succeeded at the peripheral, then the host closed it")
                .anyMatch(e -> e instanceof EngineEvent.ChannelAccepted)
                .anyMatch(e -> e instanceof EngineEvent.ChannelClosed c && c.cause() == CloseCause.CLOSED_BY_PEER);
        assertThat(pair.hostEvents).noneMatch(ReplyTimeoutStallTest::isFault);
        assertThat(pair.peripheralEvents).noneMatch(ReplyTimeoutStallTest::isFault);
        assertThat(pair.host.channels()).isEmpty();
        pair.peripheral.closeChannel(pair.acceptedOnPeripheral(new ChannelKey(2, 2)));
        assertThat(pair.open(LocalSocket.service(2, "", ChannelMode.STREAM), 2)).as("the pair opens again").isPositive();
    }

    @Test
    void aStoppedPeerIsSentAtMostTheBoundOfUnansweredCommands() {
        EnginePair pair = EnginePair.standard().initialized(LocalSocket.service(2, "PRINT", ChannelMode.STREAM));
        for (int i = 0; i < 200; i++) {
            pair.host.getSocketId("PRINT");
        }
        int[] sentWhileStopped = {-1};
        pair.stall(Role.PERIPHERAL, 300 * EngineConfig.DEFAULT_REPLY_TIMEOUT.toNanos(), true, () -> {
            if (sentWhileStopped[0] < 0) { // the peripheral wakes: what did the host send meanwhile?
                sentWhileStopped[0] = pair.toPeripheral.commandsSent.get(Opcode.GET_SOCKET_ID);
            }
        });

        assertThat(sentWhileStopped[0]).as("lookups sent to the stopped peer").isEqualTo(CommandQueue.MAX_LATE);
        assertThat(pair.toPeripheral.commandsSent.get(Opcode.GET_SOCKET_ID)).as("lookups sent in all")
                .isEqualTo(200);
        assertThat(pair.hostEvents).noneMatch(ReplyTimeoutStallTest::isFault);
    }

    private static void runJob(long seed) {
        Random random = new Random(seed * 0x9E3779B97F4A7C15L);
        int revision = random.nextInt(3) == 0 ? Revision.EPSON_DRAFT : Revision.IEEE_1284_4;
        EnginePair pair = EnginePair.of(revision, seed);
        int packet = 64 + random.nextInt(4096);
        pair.initialized(new LocalSocket(2, "PRINT", ChannelMode.STREAM, packet * (1 + random.nextInt(4)), packet, packet, true));
        long channel = pair.open(new LocalSocket(2, "", ChannelMode.STREAM, packet * 2, packet, packet, false), 2);
        long onPeripheral = pair.acceptedOnPeripheral(new ChannelKey(2, 2));
        byte[] job = new byte[20_000 + random.nextInt(100_000)];
        random.nextBytes(job);
        ByteBuffer src = ByteBuffer.wrap(job);
        ByteBuffer got = ByteBuffer.allocate(job.length);
        int stallAt = random.nextInt(40);
        Role frozen = random.nextBoolean() ? Role.PERIPHERAL : Role.HOST;
        boolean timersFirst = random.nextBoolean();
        Runnable printing = () -> { // the spooler reads as the device catches up
            ByteBuffer slice = got.slice(got.position(), Math.min(got.remaining(), 1 + random.nextInt(2 * packet)));
            got.position(got.position() + pair.peripheral.read(onPeripheral, slice).bytes());
        };
        for (int round = 0; got.hasRemaining(); round++) {
            assertThat(round).as("rounds before the job was through (%s stalled at %d, timers first %s)",
                    frozen, stallAt, timersFirst).isLessThan(5_000);
            pair.host.write(channel, src, false);
            if (round == stallAt) {
                pair.step(); // something in flight both ways when the side stops
                pair.stall(frozen, STALL_NANOS, timersFirst, printing);
            } else {
                pair.drive();
            }
            printing.run();
        }
        pair.drive();
        String where = frozen + " stalled at round " + stallAt + ", timers first " + timersFirst + ", revision " + revision;
        assertThat(Arrays.mismatch(got.array(), job)).as("first wrong byte, %s", where).isEqualTo(-1);
        ChannelStatus hostSide = pair.host.channels().getFirst();
        ChannelStatus peripheralSide = pair.peripheral.channels().getFirst();
        assertThat(hostSide.sendCredit()).as("credit the host holds = credit the peripheral thinks it granted, %s", where)
                .isEqualTo(peripheralSide.grantedToPeer());
        assertThat(peripheralSide.sendCredit()).as("and the other way, %s", where).isEqualTo(hostSide.grantedToPeer());
        assertThat(pair.hostEvents).as("host events, %s", where).noneMatch(ReplyTimeoutStallTest::isFault);
        assertThat(pair.peripheralEvents).as("peripheral events, %s", where).noneMatch(ReplyTimeoutStallTest::isFault);
    }

    private static boolean isFault(EngineEvent e) {
        return e instanceof EngineEvent.ViolationDetected || e instanceof EngineEvent.PeerError
                || e instanceof EngineEvent.LinkDown;
    }
}
