package org.dot4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code dot4d:NAME} links: {@code dot4 send}, {@code cat} and {@code status} reach a device the daemon holds, with
 * the same output and exit statuses as a direct link, while a service port job goes to the same device.
 */
@Timeout(300)
class DaemonLinkIT {
    @TempDir
    Path dir;
    PortRig rig;
    String uri;

    @BeforeEach
    void start() throws Exception {
        rig = PortRig.start(dir);
        rig.awaitDevice("UP", 60);
        uri = "dot4d:mfp?socket=" + rig.control;
    }

    @AfterEach
    void stop() throws Exception {
        rig.close();
    }

    @Test
    void sendThroughTheDaemonDeliversTheJobWholeBesideAServicePortJob() throws Exception {
        byte[] portJob = new byte[3_000_000];
        byte[] sendJob = new byte[5_000_001];
        Random random = new Random(12);
        random.nextBytes(portJob);
        random.nextBytes(sendJob);
        Process nc = rig.startNc(rig.printPort, Files.write(dir.resolve("port.job"), portJob), dir.resolve("nc.out"));
        Dot4Process.Result r = Dot4Process.run(120, null, "send", uri, "PRINT", Files.write(dir.resolve("send.job"), sendJob).toString());
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.stderr()).containsPattern("sent 5000001 bytes in [0-9.]+ s");
        assertThat(PortRig.exitCode(nc)).isZero();
        List<String> expected = new java.util.ArrayList<>(List.of(PortRig.sha256(portJob), PortRig.sha256(sendJob)));
        expected.sort(null);
        assertThat(rig.awaitCompleteDigests(expected, 60)).as("spool: %s", rig.spoolSummary()).isEqualTo(expected);
    }

    @Test
    void catStatusAndProbeThroughTheDaemonAnswerAsOnADirectLink() throws Exception {
        byte[] data = new byte[256 * 64];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) i;
        }
        Dot4Process.Result cat = Dot4Process.run(60, Files.write(dir.resolve("echo.in"), data), "cat", uri, "ECHO",
                "--packet", "--idle", "1s");
        assertThat(cat.exitCode()).as(cat.toString()).isZero();
        assertThat(cat.stdoutBytes()).isEqualTo(data);
        Dot4Process.Result status = Dot4Process.run(60, null, "status", uri);
        Dot4Process.Result direct = Dot4Process.run(60, null, "status", "unix:" + rig.deviceSocket);
        assertThat(status.exitCode()).as(status.toString()).isZero();
        assertThat(status.stdout()).isEqualTo(direct.stdout());
        Dot4Process.Result probe = Dot4Process.run(60, null, "probe", uri);
        Dot4Process.Result directProbe = Dot4Process.run(60, null, "probe", "unix:" + rig.deviceSocket);
        assertThat(probe.exitCode()).as(probe.toString()).isZero();
        assertThat(probe.stdout()).startsWith("link:      " + uri + " (unix:" + rig.deviceSocket + ")\n")
                .contains("PRINT").contains("HP-SCAN");
        // Everything after the link line: the revision and the services, as the direct probe finds them.
        assertThat(probe.stdout().lines().skip(1).toList()).isEqualTo(directProbe.stdout().lines().skip(1).toList());
    }

    @Test
    void anUnknownDeviceOrServiceFailsWithTheSameExitStatusAsADirectLink() throws Exception {
        Path job = Files.writeString(dir.resolve("small.job"), "x");
        Dot4Process.Result viaDaemon = Dot4Process.run(60, null, "send", uri, "FAX", job.toString());
        Dot4Process.Result direct = Dot4Process.run(60, null, "send", "unix:" + rig.deviceSocket, "FAX", job.toString());
        assertThat(viaDaemon.exitCode()).as(viaDaemon.toString()).isNotZero().isEqualTo(direct.exitCode());
        assertThat(viaDaemon.stderr()).contains("FAX");
        Dot4Process.Result unknown = Dot4Process.run(60, null, "send", "dot4d:printer9?socket=" + rig.control, "PRINT", job.toString());
        assertThat(unknown.exitCode()).as(unknown.toString()).isNotZero();
        assertThat(unknown.stderr()).contains("printer9");
        Dot4Process.Result typo = Dot4Process.run(60, null, "send", "dot4d:mfp?sokcet=/x", "PRINT", job.toString());
        assertThat(typo.exitCode()).as(typo.toString()).isEqualTo(2);
        assertThat(typo.stderr()).contains("sokcet");
    }

    @Test
    void withNoDaemonTheMessageNamesEveryPlaceTried() throws Exception {
        Path runtime = Files.createDirectories(dir.resolve("runtime"));
        ProcessBuilder pb = new ProcessBuilder(Dot4Process.command(), "send", "dot4d:mfp", "PRINT", "-")
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .redirectErrorStream(true);
        pb.environment().put("XDG_RUNTIME_DIR", runtime.toString());
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isEqualTo(3);
        assertThat(out).contains(runtime.resolve("dot4/control.sock").toString()).contains("/run/dot4/control.sock")
                .contains("dot4 serve");
    }
}
