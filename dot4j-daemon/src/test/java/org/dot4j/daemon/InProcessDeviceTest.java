package org.dot4j.daemon;

import java.time.Duration;
import org.dot4j.api.Dot4Device;
import org.dot4j.driver.Dot4Host;
import org.dot4j.driver.HostOptions;
import org.dot4j.driver.MemoryLink;

/** The contract on the in-process host: a {@code HostClient} over a memory link. */
class InProcessDeviceTest extends Dot4DeviceContract {

    private TestPeripheral peripheral;
    private Dot4Host host;

    @Override
    protected Dot4Device startDevice() throws Exception {
        MemoryLink[] link = MemoryLink.pair("in-process");
        peripheral = TestPeripheral.onLink(link[1]);
        host = Dot4Host.connect(link[0], HostOptions.defaults().withReplyTimeout(Duration.ofSeconds(5)));
        return host.newClient("contract");
    }

    @Override
    protected TestPeripheral peripheral() {
        return peripheral;
    }

    @Override
    protected void stopDevice() throws Exception {
        host.close();
        peripheral.close();
    }
}
