package org.dot4j.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.dot4j.engine.RawWire.normalise;

import java.nio.ByteBuffer;
import org.dot4j.engine.RawWire.Answer;
import org.dot4j.wire.ResultCode;
import org.dot4j.wire.Revision;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The host in HP MLC (reference §4.2, §6), against a peripheral played with raw bytes: Init 3, ConfigSocket once per
 * socket and session before the first OpenChannel, the reply's credit as send credit, fixed socket ids instead of
 * GetSocketID, and HPLIP's two credit styles: "gusher" waits for pushed Credit and falls back to "miser", which asks
 * with CreditRequest(1).
 */
@Timeout(20)
class MlcHostRoleTest {

    static final LocalSocket HOST_4 = new LocalSocket(4, "", ChannelMode.STREAM, 4 * 16378, 16384, 16384, false);
    static final String CONFIG_4 = "00 00 00 0D 00 00 07 04 40 00 40 00 00";
    static final String CONFIGURED_4 = "00 00 00 0D 00 00 87 00 40 00 40 00 00";
    static final String OPEN_4 = "00 00 00 0B 00 00 01 04 04 00 00";

    static EnginePair mlcHost(MlcFlow flow) {
        EngineConfig host = EngineConfig.host(Revision.HP_MLC).withMlcFlow(flow);
        EnginePair pair = new EnginePair(host, EngineConfig.peripheral(), 3, 1500);
        long init = pair.host.init();
        assertThat(RawWire.hex(pair.hostTransmits())).isEqualTo(normalise("00 00 00 08 00 00 00 03"));
        // HPLIP does not check the revision in InitReply (§6.1): neither does dot4j.
        RawWire.toHost(pair, "00 00 00 09 00 00 80 00 20");
        assertThat(EnginePair.outcome(pair.hostEvents, init)).isEqualTo(new EngineEvent.InitDone(Revision.HP_MLC));
        pair.host.registerSocket(HOST_4);
        return pair;
    }

    /** Opens 4/4 with raw replies granting {@code credit}, then answers the host's grant; returns the channel id. */
    static long open4(EnginePair pair, int credit) {
        long open = pair.host.openChannel(4, 4);
        assertThat(RawWire.hex(pair.hostTransmits())).isEqualTo(normalise(CONFIG_4));
        assertThat(RawWire.toHost(pair, CONFIGURED_4).bytes()).isEqualTo(normalise(OPEN_4));
        Answer opened = RawWire.toHost(pair, String.format("00 00 00 0A 00 00 81 00 %02X %02X", credit >> 8, credit & 0xFF));
        // The host grants the device room for its reads by Credit, with no piggy-back (§6.1: HP1 sends credit 0).
        assertThat(opened.bytes()).isEqualTo(normalise("00 00 00 0B 00 00 03 04 04 00 04"));
        assertThat(RawWire.toHost(pair, "00 00 00 08 00 00 83 00").bytes()).isEmpty();
        EngineEvent.Outcome o = EnginePair.outcome(pair.hostEvents, open);
        assertThat(o).isInstanceOf(EngineEvent.ChannelOpened.class);
        return ((EngineEvent.ChannelOpened) o).channelId();
    }

    @Test
    void openSendsConfigSocketThenOpenChannelAndTheReplyCreditIsSendCredit() {
        EnginePair pair = mlcHost(MlcFlow.GUSHER);
        long ch = open4(pair, 2);
        assertThat(pair.host.channels()).singleElement().satisfies(c -> {
            assertThat(c.sendCredit()).isEqualTo(2);
            assertThat(c.sendPacketSize()).isEqualTo(16384);
        });
        pair.host.write(ch, ByteBuffer.wrap(new byte[] {9, 8}), false);
        assertThat(RawWire.hex(pair.hostTransmits())).isEqualTo(normalise("04 04 00 08 00 01 09 08"));
        long close = pair.host.closeChannel(ch);
        assertThat(RawWire.hex(pair.hostTransmits())).isEqualTo(normalise("00 00 00 09 00 00 02 04 04"));
        RawWire.toHost(pair, "00 00 00 08 00 00 82 00"); // MLC replies name no sockets
        assertThat(EnginePair.outcome(pair.hostEvents, close)).isInstanceOf(EngineEvent.ChannelClosedDone.class);
        long exit = pair.host.exit();
        assertThat(RawWire.hex(pair.hostTransmits())).isEqualTo(normalise("00 00 00 07 00 00 08"));
        RawWire.toHost(pair, "00 00 00 08 00 00 88 00");
        assertThat(EnginePair.outcome(pair.hostEvents, exit)).isInstanceOf(EngineEvent.ExitDone.class);
    }

    @Test
    void configSocketGoesOncePerSocketAndSession() {
        EnginePair pair = mlcHost(MlcFlow.GUSHER);
        long ch = open4(pair, 0);
        pair.host.closeChannel(ch);
        pair.hostTransmits();
        RawWire.toHost(pair, "00 00 00 08 00 00 82 00");
        pair.host.openChannel(4, 4);
        assertThat(RawWire.hex(pair.hostTransmits())).as("no second ConfigSocket").isEqualTo(normalise(OPEN_4));
        RawWire.toHost(pair, "00 00 00 0A 00 00 81 06 00 00"); // "already open" counts as opened (§3.5)
        pair.hostTransmits();
        pair.host.init();
        assertThat(RawWire.hex(pair.hostTransmits())).isEqualTo(normalise("00 00 00 08 00 00 00 03"));
        RawWire.toHost(pair, "00 00 00 09 00 00 80 00 03");
        pair.host.openChannel(4, 4);
        assertThat(RawWire.hex(pair.hostTransmits())).as("a new session configures again").isEqualTo(normalise(CONFIG_4));
    }

    @Test
    void aRefusedConfigSocketFailsTheOpenBehindItWithoutSendingIt() {
        EnginePair pair = mlcHost(MlcFlow.GUSHER);
        long open = pair.host.openChannel(4, 4);
        pair.hostTransmits();
        Answer a = RawWire.toHost(pair, "00 00 00 08 00 00 87 09");
        assertThat(a.bytes()).isEmpty();
        assertThat(EnginePair.outcome(pair.hostEvents, open)).isInstanceOfSatisfying(EngineEvent.Failed.class, f -> {
            assertThat(f.failure()).isEqualTo(Failure.REFUSED);
            assertThat(f.result()).isEqualTo(ResultCode.SERVICE_NOT_AVAILABLE);
        });
        assertThat(pair.host.channels()).isEmpty();
    }

    @Test
    void aSocketTakingSmallerPacketsThanTheSessionAgreedCannotOpenTheChannel() {
        EnginePair pair = mlcHost(MlcFlow.GUSHER);
        open4(pair, 0);
        LocalSocket small = new LocalSocket(9, "", ChannelMode.STREAM, 4096, 512, 512, false);
        pair.host.registerSocket(small);
        long open = pair.host.openChannel(9, 4);
        assertThat(RawWire.hex(pair.hostTransmits())).isEqualTo(normalise("00 00 00 0B 00 00 01 09 04 00 00"));
        // Socket 4 sends 16384-byte packets toward the host this session: our socket 9 takes 512, so it closes again.
        Answer a = RawWire.toHost(pair, "00 00 00 0A 00 00 81 00 00 01");
        assertThat(a.bytes()).isEqualTo(normalise("00 00 00 09 00 00 02 09 04"));
        assertThat(EnginePair.outcome(pair.hostEvents, open)).isInstanceOfSatisfying(EngineEvent.Failed.class,
                f -> assertThat(f.result()).isEqualTo(ResultCode.INVALID_PACKET_SIZE));
    }

    @Test
    void serviceNamesResolveToHpsFixedSocketIdsWithoutATransaction() {
        // §8.1: no GetSocketID in MLC; HPLIP's static numbers (and Windows' ECHO 6).
        EnginePair pair = mlcHost(MlcFlow.GUSHER);
        assertThat(resolve(pair, "PRINT")).isEqualTo(new EngineEvent.SocketIdFound(2));
        assertThat(resolve(pair, "hp-scan")).isEqualTo(new EngineEvent.SocketIdFound(4));
        assertThat(resolve(pair, "HP-MESSAGE")).isEqualTo(new EngineEvent.SocketIdFound(1));
        assertThat(resolve(pair, "ECHO")).isEqualTo(new EngineEvent.SocketIdFound(6));
        assertThat(resolve(pair, "EPSON-CTRL")).isInstanceOfSatisfying(EngineEvent.Failed.class,
                f -> assertThat(f.result()).isEqualTo(ResultCode.SERVICE_NAME_NOT_FOUND));
        long name = pair.host.getServiceName(4);
        assertThat(RawWire.hex(pair.hostTransmits())).isEmpty();
        pair.drainEvents();
        assertThat(EnginePair.outcome(pair.hostEvents, name)).isEqualTo(new EngineEvent.ServiceNameFound("HP-SCAN"));
    }

    private static EngineEvent.Outcome resolve(EnginePair pair, String name) {
        long id = pair.host.getSocketId(name);
        assertThat(RawWire.hex(pair.hostTransmits())).as("nothing goes on the wire").isEmpty();
        pair.drainEvents();
        return EnginePair.outcome(pair.hostEvents, id);
    }

    @Test
    void aMiserAsksForOneCreditAtOnce() {
        EnginePair pair = mlcHost(MlcFlow.MISER);
        long ch = open4(pair, 0);
        pair.host.write(ch, ByteBuffer.wrap(new byte[100]), false);
        assertThat(RawWire.hex(pair.hostTransmits())).isEqualTo(normalise("00 00 00 0B 00 00 04 04 04 00 01"));
        assertThat(RawWire.toHost(pair, "00 00 00 0A 00 00 84 00 00 01").bytes()).startsWith(normalise("04 04 00 6A 00 01"));
    }

    @Test
    void aGusherWaitsForPushedCreditAndFallsBackToMiserForGoodWhenNoneComes() {
        EnginePair pair = mlcHost(MlcFlow.GUSHER);
        long ch = open4(pair, 0);
        pair.host.write(ch, ByteBuffer.wrap(new byte[100]), false);
        assertThat(RawWire.hex(pair.hostTransmits())).as("a gusher does not ask").isEmpty();
        // A pushed Credit is what it waits for.
        assertThat(RawWire.toHost(pair, "00 00 00 0B 00 00 03 04 04 00 01").bytes())
                .isEqualTo(normalise("00 00 00 08 00 00 83 00 04 04 00 6A 00 01") + " " + "00 ".repeat(100).trim());
        pair.host.write(ch, ByteBuffer.wrap(new byte[100]), false);
        assertThat(RawWire.hex(pair.hostTransmits())).isEmpty();
        long due = pair.host.nextDeadline().orElseThrow();
        assertThat(due - pair.now).as("it waits one reply timeout").isEqualTo(EngineConfig.DEFAULT_REPLY_TIMEOUT.toNanos());
        pair.now = due;
        pair.host.handleTimeout(pair.now);
        assertThat(RawWire.hex(pair.hostTransmits())).isEqualTo(normalise("00 00 00 0B 00 00 04 04 04 00 01"));
        assertThat(pair.host.mlc.isMiser()).isTrue();
        RawWire.toHost(pair, "00 00 00 0A 00 00 84 00 00 01");
        pair.host.write(ch, ByteBuffer.wrap(new byte[100]), false);
        assertThat(RawWire.hex(pair.hostTransmits())).as("a miser from now on").isEqualTo(normalise("00 00 00 0B 00 00 04 04 04 00 01"));
    }
}
