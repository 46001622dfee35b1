package org.dot4j.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.dot4j.wire.Revision;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Options and the TOML file give the same settings; the command line wins; mistakes are named. */
class DaemonConfigTest {

    @TempDir
    Path dir;

    @Test
    void commandLineOptionsMakeAConfigurationWithDefaults() throws Exception {
        DaemonConfig config = DaemonConfig.fromArgs(List.of("office=tcp://127.0.0.1:9100?epson-entry",
                "lab=unix:/run/lab.sock?revision=0x10"), List.of("PRINT=9100", "lab:HP-SCAN=9101"),
                Optional.empty(), Optional.of(dir.resolve("c.sock")));
        assertThat(config.devices()).extracting(DeviceSpec::name).containsExactly("office", "lab");
        assertThat(config.devices().get(0).options().epsonEntry()).isTrue();
        assertThat(config.devices().get(0).options().revision()).isEqualTo(Revision.EPSON_DRAFT);
        assertThat(config.devices().get(1).options().epsonEntry()).isFalse();
        assertThat(config.devices().get(1).options().revision()).isEqualTo(Revision.EPSON_DRAFT);
        assertThat(config.ports()).containsExactly(new PortSpec(Optional.of("office"), "PRINT", 9100),
                new PortSpec(Optional.of("lab"), "HP-SCAN", 9101));
        assertThat(config.controlSocket()).isEqualTo(dir.resolve("c.sock"));
        assertThat(config.limits()).isEqualTo(new DaemonConfig.Limits(32, 16L << 20));
        assertThat(config.backoff()).isEqualTo(new DaemonConfig.Backoff(Duration.ofMillis(500), Duration.ofSeconds(30)));
        assertThat(config.socketGroup()).isEmpty();
    }

    @Test
    void theFileHoldsTheSameSettingsAndTheCommandLineOverridesIt() throws Exception {
        Path file = dir.resolve("dot4.toml");
        Files.writeString(file, """
                control-socket = "/tmp/dot4-test/control.sock"
                socket-group = "lp"
                ports = ["PRINT=9100", "lab:PRINT=9101"]

                [devices]
                office = "usb:03f0:1234"
                lab = "tcp://192.0.2.7:9100"

                [limits]
                max-channels-per-client = 8
                max-buffered-bytes-per-client = 1048576

                [reconnect]
                initial-delay-ms = 100
                max-delay-ms = 2000
                """);
        DaemonConfig fromFile = DaemonConfig.fromArgs(List.of(), List.of(), Optional.of(file), Optional.empty());
        assertThat(fromFile.devices()).extracting(DeviceSpec::name).containsExactly("office", "lab");
        assertThat(fromFile.ports()).extracting(PortSpec::toString).containsExactly("office:PRINT=9100", "lab:PRINT=9101");
        assertThat(fromFile.controlSocket()).isEqualTo(Path.of("/tmp/dot4-test/control.sock"));
        assertThat(fromFile.socketGroup()).contains("lp");
        assertThat(fromFile.limits()).isEqualTo(new DaemonConfig.Limits(8, 1 << 20));
        assertThat(fromFile.backoff()).isEqualTo(new DaemonConfig.Backoff(Duration.ofMillis(100), Duration.ofSeconds(2)));

        DaemonConfig overridden = DaemonConfig.fromArgs(List.of("lab=tcp://192.0.2.8:9100"), List.of("lab:ECHO=9100"),
                Optional.of(file), Optional.of(dir.resolve("mine.sock")));
        assertThat(overridden.devices().get(1).uri().toString()).isEqualTo("tcp://192.0.2.8:9100");
        assertThat(overridden.ports()).extracting(PortSpec::toString).containsExactly("lab:ECHO=9100", "lab:PRINT=9101");
        assertThat(overridden.controlSocket()).isEqualTo(dir.resolve("mine.sock"));
    }

    @Test
    void mistakesAreReportedWithTheKeyAndValue() throws Exception {
        assertThatThrownBy(() -> DaemonConfig.fromArgs(List.of("office"), List.of(), Optional.empty(), Optional.empty()))
                .hasMessageContaining("\"office\" is not NAME=URI");
        assertThatThrownBy(() -> DaemonConfig.fromArgs(List.of("a=tcp://h:1"), List.of("x:PRINT=9100"), Optional.empty(),
                Optional.empty())).hasMessageContaining("names device x").hasMessageContaining("[a]");
        assertThatThrownBy(() -> DaemonConfig.fromArgs(List.of("a=tcp://h:1"), List.of("PRINT=99999"), Optional.empty(),
                Optional.empty())).hasMessageContaining("1..65535");
        assertThatThrownBy(() -> DaemonConfig.fromArgs(List.of("a=tcp://h:1?revision=3"), List.of(), Optional.empty(),
                Optional.empty())).hasMessageContaining("revision \"3\"");
        assertThatThrownBy(() -> DaemonConfig.fromArgs(List.of(), List.of(), Optional.empty(), Optional.empty()))
                .hasMessageContaining("no devices configured");
        Path file = dir.resolve("bad.toml");
        Files.writeString(file, "[limits]\nmax-channel-per-client = 3\n");
        assertThatThrownBy(() -> DaemonConfig.fromArgs(List.of("a=tcp://h:1"), List.of(), Optional.of(file), Optional.empty()))
                .hasMessageContaining("limits.max-channel-per-client is not a known key");
        Files.writeString(file, "[devices]\noffice = 7\n");
        assertThatThrownBy(() -> DaemonConfig.fromArgs(List.of(), List.of(), Optional.of(file), Optional.empty()))
                .hasMessageContaining("devices.office must be a link URI string");
        Files.writeString(file, "[reconnect]\ninitial-delay-ms = 0\n");
        assertThatThrownBy(() -> DaemonConfig.fromArgs(List.of("a=tcp://h:1"), List.of(), Optional.of(file), Optional.empty()))
                .hasMessageContaining("reconnect.initial-delay-ms must be a whole number");
        Files.writeString(file, "devices = [");
        assertThatThrownBy(() -> DaemonConfig.fromArgs(List.of(), List.of(), Optional.of(file), Optional.empty()))
                .hasMessageContaining("not valid TOML");
    }

    @Test
    void portZeroDuplicatePortsAndUnsafeServiceNamesAreRefusedWithAMessage() throws Exception {
        List<String> device = List.of("a=tcp://h:1");
        assertThatThrownBy(() -> DaemonConfig.fromArgs(device, List.of("PRINT=0"), Optional.empty(), Optional.empty()))
                .hasMessageContaining("\"PRINT=0\"").hasMessageContaining("1..65535");
        assertThatThrownBy(() -> DaemonConfig.fromArgs(device, List.of("PRINT=9100", "HP-SCAN=9100"), Optional.empty(),
                Optional.empty())).hasMessageContaining("--port gives TCP port 9100 twice").hasMessageContaining("HP-SCAN");
        Path file = dir.resolve("twice.toml");
        Files.writeString(file, "ports = [\"PRINT=9100\", \"ECHO=9100\"]\n[devices]\na = \"tcp://h:1\"\n");
        assertThatThrownBy(() -> DaemonConfig.fromArgs(List.of(), List.of(), Optional.of(file), Optional.empty()))
                .hasMessageContaining("configuration file gives TCP port 9100 twice");
        assertThatThrownBy(() -> DaemonConfig.fromArgs(device, List.of("../../etc=9100"), Optional.empty(), Optional.empty()))
                .hasMessageContaining("service \"../../etc\" must be");
        String long41 = "S".repeat(41);
        assertThatThrownBy(() -> DaemonConfig.fromArgs(device, List.of(long41 + "=9100"), Optional.empty(), Optional.empty()))
                .hasMessageContaining("(41 characters)").hasMessageContaining("1..40");
        assertThat(DaemonConfig.fromArgs(device, List.of("S".repeat(40) + "=9100", "HP-SCAN=9101"), Optional.empty(),
                Optional.empty()).ports()).hasSize(2);
    }

    @Test
    void proxiesComeFromTheFileAndTheCommandLineAndBadOnesAreRefusedWithAMessage() throws Exception {
        Path file = dir.resolve("proxies.toml");
        Files.writeString(file, "proxies = [\"a=pty\"]\n[devices]\na = \"tcp://h:1\"\n");
        DaemonConfig config = DaemonConfig.fromArgs(List.of(), List.of(), Optional.of(file), Optional.empty())
                .plusProxies(List.of("a=unix-listen:/tmp/a.d4", "a=tcp-listen://127.0.0.1:9400", "a=pty"));
        assertThat(config.proxies()).extracting(ProxySpec::toString)
                .containsExactly("a=pty", "a=unix-listen:/tmp/a.d4", "a=tcp-listen://127.0.0.1:9400", "a=pty");

        DaemonConfig base = DaemonConfig.fromArgs(List.of("a=tcp://h:1"), List.of(), Optional.empty(), Optional.empty());
        assertThatThrownBy(() -> base.plusProxies(List.of("a=tcp-listen://0.0.0.0:9400")))
                .hasMessageContaining("loopback only");
        assertThatThrownBy(() -> base.plusProxies(List.of("a=tcp://127.0.0.1:9400")))
                .hasMessageContaining("pty, unix-listen:/PATH or tcp-listen://127.0.0.1:PORT");
        assertThatThrownBy(() -> base.plusProxies(List.of("b=pty"))).hasMessageContaining("names device b");
        assertThatThrownBy(() -> base.plusProxies(List.of("pty"))).hasMessageContaining("is not DEVICE=URI");
        assertThatThrownBy(() -> base.plusProxies(List.of("a=unix-listen:/tmp/x", "a=unix-listen:/tmp/x")))
                .hasMessageContaining("given twice");
        Files.writeString(file, "proxies = \"a=pty\"\n[devices]\na = \"tcp://h:1\"\n");
        assertThatThrownBy(() -> DaemonConfig.fromArgs(List.of(), List.of(), Optional.of(file), Optional.empty()))
                .hasMessageContaining("proxies must be an array of \"DEVICE=URI\" strings");
    }

    @Test
    void theStatusPageComesFromTheHttpTableOrTheOptionWhichWins() throws Exception {
        Path file = dir.resolve("http.toml");
        Files.writeString(file, """
                [devices]
                office = "usb:auto"

                [http]
                listen = "127.0.0.1:8631"
                """);
        DaemonConfig fromFile = DaemonConfig.fromArgs(List.of(), List.of(), Optional.of(file), Optional.empty());
        assertThat(fromFile.http()).hasValue(HttpSpec.parse("127.0.0.1:8631", false));
        assertThat(fromFile.withHttpOption("[::1]:9000", false).http().orElseThrow().address().getPort()).isEqualTo(9000);
        assertThat(fromFile.withHttpOption(null, false)).isEqualTo(fromFile);
        DaemonConfig none = DaemonConfig.fromArgs(List.of("office=usb:auto"), List.of(), Optional.empty(), Optional.empty());
        assertThat(none.http()).isEmpty();
        assertThat(none.withHttpOption("localhost:0", false).http().orElseThrow().loopback()).isTrue();
    }

    @Test
    void aNonLoopbackAddressNeedsAnExplicitOptIn() throws Exception {
        DaemonConfig base = DaemonConfig.fromArgs(List.of("office=usb:auto"), List.of(), Optional.empty(), Optional.empty());
        assertThatThrownBy(() -> base.withHttpOption("0.0.0.0:8631", false)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--http 0.0.0.0:8631").hasMessageContaining("not a loopback address")
                .hasMessageContaining("--http-allow-remote");
        assertThat(base.withHttpOption("0.0.0.0:8631", true).http().orElseThrow().allowRemote()).isTrue();
        assertThatThrownBy(() -> base.withHttpOption(null, true)).hasMessageContaining("--http-allow-remote needs --http");

        Path file = dir.resolve("remote.toml");
        Files.writeString(file, """
                [devices]
                office = "usb:auto"
                [http]
                listen = "0.0.0.0:8631"
                """);
        assertThatThrownBy(() -> DaemonConfig.fromArgs(List.of(), List.of(), Optional.of(file), Optional.empty()))
                .hasMessageContaining("http.listen").hasMessageContaining("allow-remote = true");
        Files.writeString(file, Files.readString(file) + "allow-remote = true\n");
        DaemonConfig allowed = DaemonConfig.fromArgs(List.of(), List.of(), Optional.of(file), Optional.empty());
        assertThat(allowed.http().orElseThrow().loopback()).isFalse();
        assertThat(allowed.withHttpOption("0.0.0.0:9000", false).http().orElseThrow().allowRemote())
                .as("the file's opt-in covers the option's address").isTrue();
    }

    @Test
    void badStatusPageSettingsAreNamed() throws Exception {
        Path file = dir.resolve("bad.toml");
        for (String[] bad : new String[][] {
            {"listen = 8631", "http.listen must be a \"HOST:PORT\" string"},
            {"listen = \"127.0.0.1\"", "is not HOST:PORT"},
            {"listen = \"127.0.0.1:70000\"", "port 0..65535"},
            {"listen = \"127.0.0.1:1\"\nallow-remote = \"yes\"", "http.allow-remote must be true or false"},
            {"listen = \"127.0.0.1:1\"\nport = 1", "http.port is not a known key"},
            {"allow-remote = true", "http.listen must be"},
        }) {
            Files.writeString(file, "[devices]\noffice = \"usb:auto\"\n[http]\n" + bad[0] + "\n");
            assertThatThrownBy(() -> DaemonConfig.fromArgs(List.of(), List.of(), Optional.of(file), Optional.empty()))
                    .as(bad[0]).isInstanceOf(IllegalArgumentException.class).hasMessageContaining(bad[1]);
        }
        assertThatThrownBy(() -> HttpSpec.parse(":8631", false)).hasMessageContaining("not HOST:PORT");
    }
}
