package org.dot4j.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.dot4j.api.ChannelType;
import org.dot4j.api.CreateSocketData;
import org.dot4j.api.Dot4Constants;
import org.dot4j.api.Dot4Exception;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Loopback service ports carry raw TCP jobs onto their own channels, and channels share a device fairly. */
@Timeout(60)
class ServicePortTest {

    @TempDir
    Path dir;
    DaemonFixture fixture;
    int port;

    @BeforeEach
    void start() throws Exception {
        fixture = DaemonFixture.start(dir, List.of("PRINT=0", "dev:ECHO=0"));
        port = fixture.daemon().boundPort(DaemonFixture.DEVICE, "PRINT");
    }

    @AfterEach
    void stop() throws IOException {
        fixture.close();
    }

    @Test
    void tenMebibytesSentToThePrintPortArriveByteIdentical() throws Exception {
        byte[] job = randomBytes(10 << 20, 1);
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            OutputStream out = socket.getOutputStream();
            out.write(job);
            socket.shutdownOutput();
            assertThat(socket.getInputStream().read()).as("the daemon closes after delivering the job").isEqualTo(-1);
        }
        assertThat(fixture.peripheral().nextPrintJob(Duration.ofSeconds(30))).isEqualTo(job);
    }

    @Test
    void echoPortReturnsWhatItGetsAndClosesWhenTheClientDoes() throws Exception {
        int echoPort = fixture.daemon().boundPort(DaemonFixture.DEVICE, "ECHO");
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), echoPort)) {
            socket.getOutputStream().write("ping".getBytes());
            byte[] back = socket.getInputStream().readNBytes(4);
            assertThat(new String(back)).isEqualTo("ping");
            socket.shutdownOutput();
            assertThat(socket.getInputStream().read()).isEqualTo(-1);
        }
    }

    @Test
    void netcatCanPrintAFile() throws Exception {
        Path nc = Path.of("/usr/bin/nc");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isExecutable(nc), "nc (netcat-openbsd) is not installed");
        byte[] job = randomBytes(1 << 20, 2);
        Path file = dir.resolve("job.bin");
        Files.write(file, job);
        Process p = new ProcessBuilder(nc.toString(), "-N", "127.0.0.1", Integer.toString(port))
                .redirectInput(file.toFile()).redirectErrorStream(true).start();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).as("nc exits once the job is delivered").isTrue();
        assertThat(p.exitValue()).isZero();
        assertThat(fixture.peripheral().nextPrintJob(Duration.ofSeconds(10))).isEqualTo(job);
    }

    @Test
    void aClientThatNeverReadsItsEchoDoesNotStallAnotherClientsPrintJob() throws Exception {
        try (DaemonClient idle = fixture.client()) {
            int echo = idle.openChannel(idle.createSocket(CreateSocketData.forSocket(TestPeripheral.ECHO, ChannelType.PACKET,
                    65536, 4096, 4096)).hostSocketId(), false);
            Thread flooder = Thread.ofVirtual().start(() -> {
                byte[] message = new byte[4000];
                try {
                    while (true) {
                        idle.write(echo, message, 0, message.length, Dot4Constants.INFINITE);
                    }
                } catch (Dot4Exception e) {
                    // The client closed at the end of the test.
                }
            });
            byte[] job = randomBytes(5 << 20, 3);
            try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
                socket.getOutputStream().write(job);
                socket.shutdownOutput();
                InputStream in = socket.getInputStream();
                assertThat(in.read()).isEqualTo(-1);
            }
            assertThat(fixture.peripheral().nextPrintJob(Duration.ofSeconds(30))).isEqualTo(job);
            assertThat(flooder.isAlive()).as("the echo flooder is still stuck on credit").isTrue();
        }
    }

    private static byte[] randomBytes(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }
}
