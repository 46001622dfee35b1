package org.dot4j.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.UnaryOperator;
import org.dot4j.api.Dot4Exception;

/**
 * A daemon in this JVM serving device {@value #DEVICE} (a {@link TestPeripheral} listening on a Unix socket in a
 * temporary directory), with its control socket in the same directory.
 */
final class DaemonFixture implements AutoCloseable {

    static final String DEVICE = "dev";

    private final Path dir;
    private TestPeripheral peripheral;
    private final Dot4Daemon daemon;

    private DaemonFixture(Path dir, TestPeripheral peripheral, Dot4Daemon daemon) {
        this.dir = dir;
        this.peripheral = peripheral;
        this.daemon = daemon;
    }

    static DaemonFixture start(Path dir, List<String> ports) throws Exception {
        return start(dir, ports, UnaryOperator.identity());
    }

    static DaemonFixture start(Path dir, List<String> ports, UnaryOperator<DaemonConfig> adjust) throws Exception {
        TestPeripheral peripheral = TestPeripheral.listen("unix-listen:" + deviceSocket(dir));
        DaemonConfig parsed = DaemonConfig.fromArgs(List.of(DEVICE + "=unix:" + deviceSocket(dir)), List.of(),
                java.util.Optional.empty(), java.util.Optional.of(dir.resolve("control.sock")));
        // "SERVICE=0" and "DEVICE:SERVICE=0": a port the system picks, which only code (not --port) may ask for.
        List<PortSpec> anyPort = ports.stream().map(p -> p.substring(0, p.lastIndexOf('='))).map(target -> target.contains(":")
                ? new PortSpec(java.util.Optional.of(target.substring(0, target.indexOf(':'))), target.substring(target.indexOf(':') + 1), 0)
                : new PortSpec(java.util.Optional.empty(), target, 0)).toList();
        DaemonConfig config = new DaemonConfig(parsed.devices(), anyPort, List.of(), parsed.controlSocket(),
                parsed.socketGroup(), parsed.limits(), parsed.backoff(), parsed.http());
        Dot4Daemon daemon = Dot4Daemon.start(adjust.apply(config));
        assertThat(daemon.awaitConnected(DEVICE, Duration.ofSeconds(10))).as("device connected").isTrue();
        return new DaemonFixture(dir, peripheral, daemon);
    }

    static Path deviceSocket(Path dir) {
        return dir.resolve("device.sock");
    }

    Dot4Daemon daemon() {
        return daemon;
    }

    TestPeripheral peripheral() {
        return peripheral;
    }

    Path controlSocket() {
        return dir.resolve("control.sock");
    }

    /** A new client of the device. */
    DaemonClient client() throws Dot4Exception {
        return DaemonClient.connect(controlSocket(), DEVICE);
    }

    /** Takes the device away: its peripheral closes every link and stops listening. */
    void unplug() throws IOException {
        peripheral.close();
    }

    /** Brings the device back on the same path. */
    void plugIn() throws IOException {
        peripheral = TestPeripheral.listen("unix-listen:" + deviceSocket(dir));
    }

    @Override
    public void close() throws IOException {
        daemon.close();
        peripheral.close();
    }
}
