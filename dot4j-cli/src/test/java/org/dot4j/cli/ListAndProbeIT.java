package org.dot4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code dot4 list} and {@code dot4 probe} agree: a {@code dot4 sim} served by a {@code dot4 serve}, listed by the
 * daemon, probed through the daemon and probed directly, shows the same services on the same sockets each time.
 */
@Timeout(300)
class ListAndProbeIT {

    private static final Pattern PROBE_ROW = Pattern.compile("(?m)^(\\d+)\\s+(\\S+)\\s+(?:GetSocketID|GetServiceName|both)\\s*$");
    private static final Pattern LISTED = Pattern.compile("(\\S+) \\(socket (\\d+)\\)");

    @TempDir
    static Path dir;
    static PortRig rig;

    @BeforeAll
    static void start() throws Exception {
        rig = PortRig.start(dir);
        rig.awaitDevice("UP", 60);
    }

    @AfterAll
    static void stop() throws Exception {
        rig.close();
    }

    private static String daemonUri() {
        return "dot4d:mfp?socket=" + rig.control;
    }

    /** "2 PRINT" for each service a probe's table shows. */
    private static List<String> probed(String uri) throws Exception {
        Dot4Process.Result r = Dot4Process.run(60, null, "probe", uri);
        assertThat(r.exitCode()).as(r.toString()).isZero();
        List<String> services = new ArrayList<>();
        for (Matcher m = PROBE_ROW.matcher(r.stdout()); m.find(); ) {
            services.add(m.group(1) + " " + m.group(2));
        }
        return services;
    }

    @Test
    void listShowsTheServicesProbeFindsThroughTheDaemonAndDirectly() throws Exception {
        Dot4Process.Result list = Dot4Process.run(60, null, "list", "--socket", rig.control.toString());
        assertThat(list.exitCode()).as(list.toString()).isZero();
        assertThat(list.stdout()).contains("devices of the dot4 daemon on " + rig.control);
        Matcher row = Pattern.compile("(?m)^" + Pattern.quote(daemonUri()) + "\\s+unix:\\S+\\s+up\\s+(.+)$").matcher(list.stdout());
        assertThat(row.find()).as(list.stdout()).isTrue();
        List<String> listed = new ArrayList<>();
        for (Matcher m = LISTED.matcher(row.group(1)); m.find(); ) {
            listed.add(m.group(2) + " " + m.group(1));
        }

        assertThat(listed).contains("2 PRINT", "4 HP-SCAN", "6 ECHO", "3 EPSON-CTRL");
        assertThat(probed(daemonUri())).as("probe through the daemon").isEqualTo(listed);
        assertThat(probed("unix:" + rig.deviceSocket)).as("probe of the device's own link").isEqualTo(listed);
    }

    @Test
    void anUnknownServiceThroughTheDaemonListsTheDevicesServices() throws Exception {
        Dot4Process.Result r = Dot4Process.run(60, null, "send", daemonUri(), "NO-SUCH-SERVICE", "/dev/null");
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCode.REFUSED);
        assertThat(r.stderr()).contains("no service NO-SUCH-SERVICE; it offers ").contains("PRINT (socket 2)")
                .contains("ECHO (socket 6)");
    }

    @Test
    void listWithoutADaemonSaysSoInOneLine() throws Exception {
        Dot4Process.Result r = Dot4Process.run(60, null, "list", "--socket", dir.resolve("none.sock").toString());
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.stdout()).containsOnlyOnce("no dot4 daemon to list devices of").contains("none.sock");
    }
}
