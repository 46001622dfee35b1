package org.dot4j.links.usb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** IEEE 1284 device id text and GET_DEVICE_ID answers. No USB bus here; the emulated-bus test is elsewhere. */
@Timeout(10)
class DeviceIdTest {

    private static final String HP = "MFG:HP;MDL:Officejet Pro 8600;CMD:MLC,PCL,PML,DW-PCL,DESKJET,DYN;CLS:PRINTER;"
            + "DES:CM749A;SN:CN1234567;S:038080C484001021002c1f0005;Z:0102,05000001,0600;";
    private static final String EPSON = "MFG:EPSON;CMD:ESCPL2,BDC,D4,D4PX,ESCPR7,END4,GENEP,URF;MDL:XP-455 Series;"
            + "CLS:PRINTER;DES:EPSON XP-455 Series;CID:EpsonRGB;FID:FXN,DPA,WFA,ETN,AFN,DAN;RID:40;";

    @Test
    void hpIdGivesManufacturerModelAndCommandSet() {
        DeviceId id = DeviceId.parse(HP);

        assertThat(id.manufacturer()).isEqualTo("HP");
        assertThat(id.model()).isEqualTo("Officejet Pro 8600");
        assertThat(id.commandSet()).containsExactly("MLC", "PCL", "PML", "DW-PCL", "DESKJET", "DYN");
        assertThat(id.deviceClass()).isEqualTo("PRINTER");
        assertThat(id.description()).isEqualTo("CM749A");
        assertThat(id.get("sn")).contains("CN1234567");
        assertThat(id.mentions1284_4()).isTrue();
    }

    @Test
    void epsonIdAnnouncesD4AmongItsCommandSets() {
        DeviceId id = DeviceId.parse(EPSON);

        assertThat(id.commandSet()).containsExactly("ESCPL2", "BDC", "D4", "D4PX", "ESCPR7", "END4", "GENEP", "URF");
        assertThat(id.mentions1284_4()).isTrue();
        assertThat(id.model()).isEqualTo("XP-455 Series");
    }

    @Test
    void onlyWholeTransportTokensCount() {
        assertThat(DeviceId.parse("MFG:EPSON;CMD:ESCPL2,END4,D4PX;").mentions1284_4()).isFalse();
        assertThat(DeviceId.parse("MFG:HP;CMD:PCL,dot4;").mentions1284_4()).isTrue();
        assertThat(DeviceId.parse("MFG:HP;MDL:LaserJet;").mentions1284_4()).isFalse();
    }

    @Test
    void longKeysAreAliasesAndKeysIgnoreCaseAndBlanks() {
        DeviceId id = DeviceId.parse(" MANUFACTURER:Hewlett-Packard; model : LaserJet 3330 ;COMMAND SET:MLC,PCL;"
                + "description:HP LaserJet 3330;Class:PRINTER;junk;");

        assertThat(id.manufacturer()).isEqualTo("Hewlett-Packard");
        assertThat(id.model()).isEqualTo("LaserJet 3330");
        assertThat(id.commandSet()).containsExactly("MLC", "PCL");
        assertThat(id.description()).isEqualTo("HP LaserJet 3330");
        assertThat(id.get("CLS")).contains("PRINTER");
        assertThat(id.get("Command Set")).contains("MLC,PCL");
        assertThat(id.fields()).containsOnlyKeys("MFG", "MDL", "CMD", "DES", "CLS");
    }

    @Test
    void answerWithACorrectLengthIsCutAtThatLength() {
        byte[] answer = answer(EPSON.length() + 2, EPSON + "trailing garbage");

        assertThat(DeviceId.fromAnswer(answer, answer.length).text()).isEqualTo(EPSON.strip());
    }

    @Test
    void answerWithALengthLargerThanTheDataUsesWhatArrived() {
        byte[] answer = answer(900, HP);

        assertThat(DeviceId.fromAnswer(answer, answer.length).model()).isEqualTo("Officejet Pro 8600");
    }

    @Test
    void answerWithALittleEndianLengthUsesWhatArrived() {
        int length = HP.length() + 2;
        byte[] answer = answer(0, HP);
        answer[0] = (byte) length; // low byte first: reads as a huge big-endian length
        answer[1] = (byte) (length >> 8);

        assertThat(DeviceId.fromAnswer(answer, answer.length).text()).isEqualTo(HP);
    }

    @Test
    void answerIsCappedAtHplipsLimitAndStopsAtNul() {
        byte[] big = answer(0xffff, "MFG:X;MDL:" + "y".repeat(2000) + ";");
        assertThat(DeviceId.fromAnswer(big, big.length).model()).hasSize(DeviceId.MAX_ANSWER - 2 - "MFG:X;MDL:".length());
        byte[] padded = answer(0, "MFG:X;MDL:Y;\0\0\0garbage");
        assertThat(DeviceId.fromAnswer(padded, padded.length).text()).isEqualTo("MFG:X;MDL:Y;");
    }

    @Test
    void onlyTheBytesReceivedCountEvenInALargerBuffer() {
        byte[] buffer = new byte[1024];
        byte[] answer = answer(HP.length() + 2, HP);
        System.arraycopy(answer, 0, buffer, 0, 20);

        assertThat(DeviceId.fromAnswer(buffer, 20).text()).isEqualTo(HP.substring(0, 18));
    }

    @Test
    void answerWithoutLengthPrefixIsRejected() {
        assertThatThrownBy(() -> DeviceId.fromAnswer(new byte[] {0}, 1)).hasMessageContaining("no length prefix");
    }

    private static byte[] answer(int declaredLength, String text) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(declaredLength >> 8 & 0xff);
        out.write(declaredLength & 0xff);
        out.writeBytes(text.getBytes(StandardCharsets.ISO_8859_1));
        return out.toByteArray();
    }
}
