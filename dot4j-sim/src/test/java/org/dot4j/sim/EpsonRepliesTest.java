package org.dot4j.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The control channel's answers against the bytes escputil was observed to parse (reference §9). */
class EpsonRepliesTest {

    @Test
    void inkFieldIsTheOneDebianEscputilPrintedAsBlack80Cyan60Magenta40Yellow20() {
        byte[] status = EpsonReplies.status(SimConfig.EpsonStatus.defaults());
        byte[] inkField = RawHost.bytes("0F 0D 03 00 00 50 03 01 3C 04 02 28 05 03 14");
        assertThat(Arrays.copyOfRange(status, status.length - inkField.length, status.length)).isEqualTo(inkField);
    }

    @Test
    void statusAnswerIsPrefixLittleEndianLengthThenStatusAndErrorFields() {
        SimConfig.EpsonStatus s = new SimConfig.EpsonStatus(SimConfig.PrinterState.ERROR, 0x04, List.of());
        byte[] status = EpsonReplies.status(s);
        assertThat(new String(status, 0, 10, StandardCharsets.US_ASCII)).isEqualTo("@BDC ST2\r\n");
        assertThat(status[7]).isEqualTo((byte) '2');
        assertThat(Arrays.copyOfRange(status, 10, status.length))
                .isEqualTo(RawHost.bytes("09 00 01 01 00 02 01 04 0F 01 03"));
    }

    @Test
    void fortyInksStillFitOneEscputilPacket() {
        List<SimConfig.Ink> inks = java.util.Collections.nCopies(SimConfig.EpsonStatus.MAX_INKS, new SimConfig.Ink(0, 50));
        byte[] status = EpsonReplies.status(new SimConfig.EpsonStatus(SimConfig.PrinterState.READY, 0, inks));
        assertThat(status.length).isLessThanOrEqualTo(512 - 6);
    }

    @Test
    void identityTakesModelAndDescriptionFromTheDeviceId() {
        SimConfig config = SimConfig.defaults(Path.of("unused")).withProfile(SimConfig.Profile.EPSON);
        assertThat(new String(EpsonReplies.identity(config), StandardCharsets.US_ASCII)).isEqualTo(
                "@EJL ID\r\nMFG:EPSON;CMD:ESCPL2,BDC,D4,D4PX;MDL:Stylus C80;CLS:PRINTER;DES:EPSON Stylus C80 (dot4j simulated);\r\n");
    }

    @Test
    void unsupportedCommandIsNamedInItsAnswer() {
        assertThat(EpsonReplies.unsupported("vi")).isEqualTo("vi:NA;".getBytes(StandardCharsets.US_ASCII));
    }
}
