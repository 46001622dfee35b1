package org.dot4j.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;
import org.dot4j.api.ChannelType;
import org.dot4j.api.CreateSocketData;
import org.dot4j.api.IoResult;
import org.dot4j.api.NtStatus;
import org.dot4j.driver.Dot4Host;
import org.dot4j.driver.HostClient;
import org.dot4j.driver.HostOptions;
import org.dot4j.driver.MemoryLink;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Every service through the d4drvif API of a real host driver over an in-memory link. */
@Timeout(30)
class ServicesTest {

    static final long TIMEOUT = 10_000;

    @TempDir
    Path spool;
    SimulatedPeripheral sim;
    Dot4Host host;
    HostClient client;

    @AfterEach
    void stop() {
        if (host != null) {
            host.close();
        }
        if (sim != null) {
            sim.close();
        }
    }

    private void start(SimConfig config) throws Exception {
        MemoryLink[] link = MemoryLink.pair("services");
        sim = SimulatedPeripheral.serveLink(link[1], config);
        host = Dot4Host.connect(link[0], HostOptions.defaults().withReplyTimeout(Duration.ofSeconds(5)));
        client = host.newClient("test");
    }

    private int open(String service, ChannelType type, int size) throws Exception {
        int socket = client.createSocket(CreateSocketData.forService(service, type, 65536, size, size)).hostSocketId();
        return client.openChannel(socket, false);
    }

    private byte[] readExactly(int handle, int size) throws Exception {
        byte[] data = new byte[size];
        for (int got = 0; got < size; ) {
            IoResult r = client.read(handle, data, got, size - got, TIMEOUT);
            assertThat(r.bytes()).as("bytes within %d ms after %d of %d", TIMEOUT, got, size).isPositive();
            got += r.bytes();
        }
        return data;
    }

    private String readLine(int handle) throws Exception {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        byte[] one = new byte[1];
        while (line.size() == 0 || line.toByteArray()[line.size() - 1] != '\n') {
            assertThat(client.read(handle, one, 0, 1, TIMEOUT).bytes()).isEqualTo(1);
            line.write(one[0]);
        }
        return line.toString(StandardCharsets.US_ASCII);
    }

    @Test
    void printJobOfFiveMebibytesIsSpooledByteForByte() throws Exception {
        start(SimConfig.defaults(spool));
        int handle = open("PRINT", ChannelType.STREAM, 16384);
        byte[] job = new byte[5 * 1024 * 1024];
        new Random(1).nextBytes(job);
        for (int at = 0; at < job.length; at += 65536) {
            assertThat(client.write(handle, job, at, 65536, TIMEOUT)).isEqualTo(IoResult.success(65536));
        }
        client.closeChannel(handle);

        Path spooled = sim.awaitJobs(1, Duration.ofSeconds(10)).getFirst();
        assertThat(spooled).isEqualTo(spool.resolve("job-0001.prn"));
        assertThat(Files.readAllBytes(spooled)).isEqualTo(job);
        assertThat(spool.resolve("job-0001.prn.part")).doesNotExist();
    }

    @Test
    void echoReturnsEveryBinaryMessageWithItsBoundaries() throws Exception {
        start(SimConfig.defaults(spool));
        int handle = open("ECHO", ChannelType.PACKET, 16384);
        Random random = new Random(2);
        for (int size : new int[] {1, 256, 16378, 16379, 50_000}) {
            byte[] message = new byte[size];
            random.nextBytes(message);
            assertThat(client.write(handle, message, 0, size, TIMEOUT)).isEqualTo(IoResult.success(size));
            byte[] back = new byte[size + 100]; // room for more: a merged message would show as a longer read
            int got = 0;
            IoResult r;
            do {
                r = client.read(handle, back, got, back.length - got, TIMEOUT);
                got += r.bytes();
            } while (r.status() == NtStatus.STATUS_BUFFER_OVERFLOW || (r.bytes() > 0 && got < size));
            assertThat(got).as("one message of %d bytes", size).isEqualTo(size);
            assertThat(Arrays.copyOf(back, got)).isEqualTo(message);
        }
    }

    @Test
    void scanOfOneMebibyteIsThePatternAndABadRequestGetsAnError() throws Exception {
        start(SimConfig.defaults(spool));
        int handle = open("HP-SCAN", ChannelType.STREAM, 65535);
        int size = 1024 * 1024;
        byte[] request = ("SCAN " + size + "\n").getBytes(StandardCharsets.US_ASCII);
        client.write(handle, request, 0, request.length, TIMEOUT);
        byte[] image = readExactly(handle, size);
        for (int i = 0; i < size; i++) {
            if (image[i] != ScanService.patternByte(i)) {
                throw new AssertionError("scan byte " + i + " is " + image[i] + ", pattern says " + ScanService.patternByte(i));
            }
        }
        byte[] bad = "SCAN lots\n".getBytes(StandardCharsets.US_ASCII);
        client.write(handle, bad, 0, bad.length, TIMEOUT);
        assertThat(readLine(handle)).isEqualTo("ERR expected 'SCAN <bytes>', got 'SCAN lots'\n");
        client.write(handle, "SCAN 5\n".getBytes(StandardCharsets.US_ASCII), 0, 7, TIMEOUT);
        assertThat(readExactly(handle, 5)).as("a new image starts at row 0").containsExactly(0, 0, 0, 0, 4);
    }

    @Test
    void patternHasTheRowNumberAtTheStartOfEveryRow() {
        long row = 0x01020304L;
        long start = row * ScanService.ROW_BYTES;
        assertThat(new byte[] {ScanService.patternByte(start), ScanService.patternByte(start + 1),
                ScanService.patternByte(start + 2), ScanService.patternByte(start + 3)}).containsExactly(1, 2, 3, 4);
        assertThat(ScanService.patternByte(start + 10)).isEqualTo((byte) (10 + row));
    }

    @Test
    void epsonControlAnswersStatusIdentityAndUnsupportedCommandsOnTheHpProfile() throws Exception {
        start(SimConfig.defaults(spool));
        int handle = open("EPSON-CTRL", ChannelType.STREAM, 512);
        byte[] st = {'s', 't', 1, 0, 1};
        client.write(handle, st, 0, st.length, TIMEOUT);
        byte[] expected = EpsonReplies.status(sim.epsonStatus());
        assertThat(readExactly(handle, expected.length)).isEqualTo(expected);

        byte[] di = {'d', 'i', 1, 0, 1};
        client.write(handle, di, 0, di.length, TIMEOUT);
        String identity = readLine(handle) + readLine(handle);
        assertThat(identity).isEqualTo("@EJL ID\r\nMFG:EPSON;CMD:ESCPL2,BDC,D4,D4PX;MDL:dot4j Simulated MFP;CLS:PRINTER;"
                + "DES:dot4j simulated multifunction peripheral;\r\n");

        byte[] zz = {'z', 'z', 0, 0};
        client.write(handle, zz, 0, zz.length, TIMEOUT);
        assertThat(new String(readExactly(handle, 6), StandardCharsets.US_ASCII)).isEqualTo("zz:NA;");
    }

    @Test
    void notifierOpensAChannelToHostSocketNineWithAStatusLine() throws Exception {
        start(SimConfig.defaults(spool).withNotifier(SimConfig.Notifier.every(Duration.ofMillis(100))));
        int socket = client.createSocket(CreateSocketData.forSocket(9, ChannelType.STREAM, 65536, 4096, 4096)).hostSocketId();
        assertThat(socket).isEqualTo(9);

        int handle = client.waitForChannel(socket, TIMEOUT);

        assertThat(readLine(handle)).isEqualTo("STATUS READY ink=K:80,C:60,M:40,Y:20 jobs=0\n");
        client.closeChannel(handle);
        int next = client.waitForChannel(socket, TIMEOUT);
        assertThat(readLine(next)).as("again next period").startsWith("STATUS READY");
    }

    @Test
    void pmlAnswersHplipsLaserJetStatusQueriesAndRefusesTheRest() throws Exception {
        start(SimConfig.defaults(spool));
        int handle = open("HP-MESSAGE", ChannelType.STREAM, 16384);
        // hpmud_get_pml("1.3.6.1.2.1.25.3.2.1.5.1"): GET, object id, 6 bytes of PML oid 3.3.2.1.5.1 (hrDeviceStatus)
        byte[] get = {0x00, 0x00, 6, 3, 3, 2, 1, 5, 1};
        assertThat(client.write(handle, get, 0, get.length, TIMEOUT)).isEqualTo(IoResult.success(get.length));
        assertThat(readExactly(handle, 13)).as("GET reply, outcome OK, the oid, enumeration 2 (running)")
                .isEqualTo(new byte[] {(byte) 0x80, 0x00, 0x00, 6, 3, 3, 2, 1, 5, 1, 0x04, 1, 2});
        byte[] unknown = {0x00, 0x00, 3, 1, 9, 9};
        assertThat(client.write(handle, unknown, 0, unknown.length, TIMEOUT)).isEqualTo(IoResult.success(unknown.length));
        assertThat(readExactly(handle, 10)).as("unknown object identifier, as an error code")
                .isEqualTo(new byte[] {(byte) 0x80, (byte) 0x83, 0x00, 3, 1, 9, 9, 0x18, 1, (byte) 0x83});
        client.closeChannel(handle);
    }

    @Test
    void hpStatusOpenedByTheHostAnswersWithTheStatusLine() throws Exception {
        start(SimConfig.defaults(spool));
        int handle = open("HP-STATUS", ChannelType.STREAM, 16384);
        assertThat(readLine(handle)).startsWith("STATUS READY ");
        assertThat(client.write(handle, new byte[] {'?'}, 0, 1, TIMEOUT)).isEqualTo(IoResult.success(1));
        assertThat(readLine(handle)).startsWith("STATUS READY ");
        client.closeChannel(handle);
    }
}
