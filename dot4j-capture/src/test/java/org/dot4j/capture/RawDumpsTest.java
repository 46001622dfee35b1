package org.dot4j.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.dot4j.capture.Wire.H;
import static org.dot4j.capture.Wire.P;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.dot4j.wire.ResultCode;
import org.dot4j.wire.Revision;
import org.dot4j.wire.Transaction.*;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two dumps without times are interleaved by cause and decode like the conversation they came from. */
class RawDumpsTest {

    @TempDir
    Path dir;

    /** A job of two packets, the host waiting for credit between them (packets 4 and 7 of 10). */
    static Wire waitingOnceForCredit() {
        return new Wire()
                .send(H, new Init(Revision.IEEE_1284_4)).send(P, new InitReply(ResultCode.SUCCESS, Revision.IEEE_1284_4))
                .send(H, new OpenChannel(2, 2, 1024, 1024, 0xFFFF, 0))
                .send(P, new OpenChannelReply(ResultCode.SUCCESS, 2, 2, 1024, 1024, 0xFFFF, 1))
                .data(H, 2, 100) // the last credit: the next packet waits for the peripheral's Credit
                .send(P, new Credit(2, 2, 1)).send(H, new CreditReply(ResultCode.SUCCESS, 2, 2))
                .data(H, 2, 50)
                .send(H, new Exit()).send(P, new ExitReply(ResultCode.SUCCESS));
    }

    @Test
    void dumpsInterleaveByCauseWithoutViolations() throws Exception {
        Wire w = waitingOnceForCredit();
        Path h = Files.write(dir.resolve("h2p"), w.dump(H));
        Path p = Files.write(dir.resolve("p2h"), w.dump(P));
        List<DecodeEvent> events = new ArrayList<>();
        CaptureDecoder.Result r = RawDumps.decode(h, p, events::add);
        assertThat(events.stream().flatMap(e -> e.violations().stream()).toList()).isEmpty();
        assertThat(r.links().get(0).channels().get(0).hostToPeripheral().bytes()).isEqualTo(150);
        assertThat(r.links().get(0).packets()).isEqualTo(10);
    }

    @Test
    void emptyDumpsDecodeToNothing() throws Exception {
        Path h = Files.write(dir.resolve("h2p"), new byte[0]);
        CaptureDecoder.Result r = RawDumps.decode(h, h, e -> { });
        assertThat(r.links().get(0).packets()).isZero();
    }
}
