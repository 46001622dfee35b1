package org.dot4j.daemon;

import java.nio.file.Path;
import java.util.List;
import org.dot4j.api.Dot4Device;
import org.junit.jupiter.api.io.TempDir;

/** The contract through the daemon: a {@link DaemonClient} on a Unix control socket, the device on a Unix link. */
class DaemonDeviceTest extends Dot4DeviceContract {

    @TempDir
    Path dir;
    private DaemonFixture fixture;

    @Override
    protected Dot4Device startDevice() throws Exception {
        fixture = DaemonFixture.start(dir, List.of());
        return fixture.client();
    }

    @Override
    protected TestPeripheral peripheral() {
        return fixture.peripheral();
    }

    @Override
    protected void stopDevice() throws Exception {
        fixture.close();
    }
}
