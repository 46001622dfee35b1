package org.dot4j.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.dot4j.capture.CaptureFiles.Rec;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** pcap and pcapng read in both byte orders and every time resolution; damaged files fail with a clear message. */
class CaptureReaderTest {

    private static final long T = 1_700_000_000_123_456_789L;

    @TempDir
    Path dir;

    private List<CaptureRecord> read(byte[] file) throws IOException {
        Path p = dir.resolve("c");
        Files.write(p, file);
        List<CaptureRecord> out = new ArrayList<>();
        try (CaptureReader r = CaptureReader.open(p)) {
            for (Optional<CaptureRecord> rec = r.next(); rec.isPresent(); rec = r.next()) {
                byte[] data = new byte[rec.get().data().remaining()];
                rec.get().data().duplicate().get(data);
                out.add(new CaptureRecord(rec.get().interfaceId(), rec.get().linkType(), rec.get().interfaceName(),
                        rec.get().timeNanos(), java.nio.ByteBuffer.wrap(data), rec.get().originalLength(), rec.get().order()));
            }
        }
        return out;
    }

    private static byte[] bytes(CaptureRecord r) {
        byte[] b = new byte[r.data().remaining()];
        r.data().duplicate().get(b);
        return b;
    }

    @ParameterizedTest
    @CsvSource({"BIG_ENDIAN,false", "BIG_ENDIAN,true", "LITTLE_ENDIAN,false", "LITTLE_ENDIAN,true"})
    void pcapIsReadInEitherByteOrderWithMicroOrNanoseconds(String order, boolean nanos) throws IOException {
        ByteOrder o = order.equals("BIG_ENDIAN") ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
        List<CaptureRecord> recs = read(CaptureFiles.pcap(o, nanos, 220, List.of(new Rec(T, new byte[] {1, 2, 3}),
                new Rec(T + 1000, new byte[0]))));
        assertThat(recs).hasSize(2);
        assertThat(recs.get(0).linkType()).isEqualTo(220);
        assertThat(recs.get(0).order()).isEqualTo(o);
        assertThat(recs.get(0).timeNanos()).isEqualTo(nanos ? T : T - 789);
        assertThat(bytes(recs.get(0))).containsExactly(1, 2, 3);
        assertThat(bytes(recs.get(1))).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({"BIG_ENDIAN,6", "BIG_ENDIAN,9", "LITTLE_ENDIAN,0", "LITTLE_ENDIAN,9"})
    void pcapngIsReadInEitherByteOrderWithItsTimeResolution(String order, int resolution) throws IOException {
        ByteOrder o = order.equals("BIG_ENDIAN") ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
        List<CaptureRecord> recs = read(CaptureFiles.pcapng(o, 189, resolution, List.of(new Rec(T, new byte[] {9, 8, 7, 6, 5}))));
        assertThat(recs).singleElement().satisfies(r -> {
            assertThat(r.linkType()).isEqualTo(189);
            assertThat(r.timeNanos()).isEqualTo(resolution == 9 ? T : T - 789);
            assertThat(bytes(r)).containsExactly(9, 8, 7, 6, 5);
        });
    }

    @Test
    void pcapngSectionsNumberTheirInterfacesOnAndSimplePacketsBelongToInterfaceZero() throws IOException {
        ByteArrayOutputStream f = new ByteArrayOutputStream();
        f.writeBytes(CaptureFiles.section(ByteOrder.LITTLE_ENDIAN));
        f.writeBytes(CaptureFiles.iface(ByteOrder.LITTLE_ENDIAN, 220, 9));
        f.writeBytes(CaptureFiles.epb(ByteOrder.LITTLE_ENDIAN, 0, 9, new Rec(T, new byte[] {1})));
        f.writeBytes(CaptureFiles.section(ByteOrder.BIG_ENDIAN));
        f.writeBytes(CaptureFiles.iface(ByteOrder.BIG_ENDIAN, 1, 9));
        f.writeBytes(CaptureFiles.spb(ByteOrder.BIG_ENDIAN, new byte[] {4, 5}));
        List<CaptureRecord> recs = read(f.toByteArray());
        assertThat(recs).extracting(CaptureRecord::interfaceId).containsExactly(0, 1);
        assertThat(recs).extracting(CaptureRecord::linkType).containsExactly(220, 1);
        assertThat(recs.get(1).timeNanos()).as("a simple packet has the previous time").isEqualTo(T);
        assertThat(bytes(recs.get(1))).containsExactly(4, 5);
    }

    @Test
    void aFileCutInsideARecordSaysItIsTruncated() {
        byte[] whole = CaptureFiles.pcapng(ByteOrder.LITTLE_ENDIAN, 220, 9, List.of(new Rec(T, new byte[100])));
        for (int cut : new int[] {whole.length - 1, whole.length - 40, 30}) {
            assertThatThrownBy(() -> read(Arrays.copyOf(whole, cut))).isInstanceOf(CaptureFormatException.class)
                    .hasMessageContaining("truncated");
        }
        byte[] pcap = CaptureFiles.pcap(ByteOrder.BIG_ENDIAN, false, 189, List.of(new Rec(T, new byte[10])));
        assertThatThrownBy(() -> read(Arrays.copyOf(pcap, pcap.length - 3))).isInstanceOf(CaptureFormatException.class)
                .hasMessageContaining("truncated").hasMessageContaining("at byte 40");
    }

    @Test
    void somethingElseIsNotACapture() {
        assertThatThrownBy(() -> read("hello, world".getBytes())).isInstanceOf(CaptureFormatException.class)
                .hasMessageContaining("not a pcap or pcapng capture (it starts with 68 65 6c 6c)");
        assertThatThrownBy(() -> read(new byte[0])).isInstanceOf(CaptureFormatException.class).hasMessageContaining("empty");
    }

    @Test
    void aHostileLengthCostsAnErrorNotMemory() {
        byte[] f = CaptureFiles.pcapng(ByteOrder.LITTLE_ENDIAN, 220, 9, List.of(new Rec(T, new byte[8])));
        int epb = 28 + 32;
        f[epb + 4] = (byte) 0xF0; // the block's length: 0x7FFFFFF0-ish
        f[epb + 7] = 0x7F;
        assertThatThrownBy(() -> read(f)).isInstanceOf(CaptureFormatException.class).hasMessageContaining("damaged");
    }

    /** Random damage to real files never ends in anything but a CaptureFormatException (or success). */
    @Test
    void garbageNeverCrashesTheReaderOrTheDecoder() throws IOException {
        byte[] usb = Files.readAllBytes(Path.of("../testdata/usbmon/dot4-gadget.pcapng"));
        byte[] tcp = Files.readAllBytes(Path.of("../testdata/tcp/dot4-tcp.pcapng"));
        Random random = new Random(14);
        Path p = dir.resolve("damaged");
        for (int i = 0; i < 200; i++) {
            byte[] f = (i % 2 == 0 ? usb : tcp).clone();
            for (int k = 0; k < 1 + random.nextInt(20); k++) {
                f[random.nextInt(f.length)] = (byte) random.nextInt(256);
            }
            Files.write(p, i % 3 == 0 ? Arrays.copyOf(f, random.nextInt(f.length)) : f);
            try {
                CaptureDecoder.decode(p, CaptureDecoder.Options.FIND, e -> { });
            } catch (CaptureFormatException expected) {
                assertThat(expected.getMessage()).startsWith(p.toString());
            }
        }
    }
}
