package org.dot4j.cli;

import java.util.List;
import java.util.concurrent.Callable;
import org.dot4j.links.usb.UsbDeviceInfo;
import org.dot4j.links.usb.UsbDevices;
import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code dot4 list}: USB printer-class devices. */
@Command(name = "list", mixinStandardHelpOptions = true, footer = ExitCode.FOOTER,
        description = {"List USB printer-class devices.",
            "Shows, through the system's libusb-1.0, each device's port, ids, interface protocols, the 1284.4 carrier "
                + "dot4j would use, and its IEEE 1284 device id."})
final class ListCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        var out = spec.commandLine().getOut();
        List<UsbDeviceInfo> devices = UsbDevices.list();
        if (devices.isEmpty()) {
            out.println("no USB printer-class devices found");
            return ExitCode.OK;
        }
        Table table = new Table("URI", "PORT", "PRODUCT", "INTERFACES", "CARRIER", "DEVICE ID");
        for (UsbDeviceInfo d : devices) {
            table.row(d.uri(), d.portPath(), (d.manufacturer() + " " + d.product()).strip(), String.join(" ", d.interfaces()),
                    d.carrier().map(Object::toString).orElse("none"), d.deviceId().map(id -> id.text()).orElse("?"));
        }
        table.print(out);
        for (UsbDeviceInfo d : devices) {
            d.problems().forEach(p -> out.println(d.portPath() + ": " + p));
        }
        return ExitCode.OK;
    }
}
