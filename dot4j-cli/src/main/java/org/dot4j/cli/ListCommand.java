package org.dot4j.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.dot4j.api.Dot4Exception;
import org.dot4j.daemon.DaemonClient;
import org.dot4j.daemon.DaemonDevice;
import org.dot4j.daemon.DaemonSockets;
import org.dot4j.links.usb.UsbDeviceInfo;
import org.dot4j.links.usb.UsbDevices;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code dot4 list}: USB printer-class devices, and the devices of a running daemon with their services. */
@Command(name = "list", mixinStandardHelpOptions = true, footer = ExitCode.FOOTER,
        description = {"List USB printer-class devices, and the devices of a running dot4 daemon.",
            "Shows, through the system's libusb-1.0, each USB device's port, ids, interface protocols, the 1284.4 "
                + "carrier dot4j would use, and its IEEE 1284 device id. When a 'dot4 serve' is running, each of its "
                + "devices follows with its link, state and services, found as 'dot4 probe' finds them."})
final class ListCommand implements Callable<Integer> {

    @Option(names = "--socket", paramLabel = "PATH", description = "The daemon's control socket (default: as for "
            + "'dot4 ctl').")
    Path socket;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        listUsb(out);
        out.println();
        listDaemon(out);
        return ExitCode.OK;
    }

    private static void listUsb(PrintWriter out) throws Exception {
        List<UsbDeviceInfo> devices = UsbDevices.list();
        if (devices.isEmpty()) {
            out.println("no USB printer-class devices found");
            return;
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
    }

    /** The daemon's devices; its absence is said in one line, for a plain 'dot4 list' needs no daemon. */
    private void listDaemon(PrintWriter out) {
        Path control;
        List<DaemonDevice> devices;
        try {
            control = DaemonSockets.locate(Optional.ofNullable(socket));
            try (DaemonClient daemon = DaemonClient.connect(control, "")) {
                devices = daemon.devices();
            }
        } catch (Dot4Exception e) {
            out.println("no dot4 daemon to list devices of (" + UserMessage.of(e) + ")");
            return;
        }
        out.println("devices of the dot4 daemon on " + control + ":");
        Table table = new Table("URI", "LINK", "STATE", "SERVICES");
        String query = socket == null ? "" : "?socket=" + control;
        for (DaemonDevice d : devices) {
            table.row(DaemonSockets.SCHEME + d.name() + query, d.uri(), d.up() ? "up" : "down", services(control, d));
        }
        table.print(out);
    }

    private static String services(Path control, DaemonDevice device) {
        if (!device.up()) {
            return "-";
        }
        try (DaemonClient client = DaemonClient.connect(control, device.name())) {
            return ServiceRef.describe(client.probe().services());
        } catch (Dot4Exception e) {
            return "? (" + UserMessage.of(e) + ")";
        }
    }
}
