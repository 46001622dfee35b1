package org.dot4j.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.util.List;
import java.util.Optional;
import org.dot4j.api.Dot4Exception;
import org.dot4j.daemon.DaemonClient;
import org.dot4j.daemon.DaemonDevice;
import org.dot4j.daemon.DaemonSockets;
import org.dot4j.links.usb.DeviceId;
import org.dot4j.links.usb.UsbDeviceInfo;
import org.dot4j.links.usb.UsbDevices;

/**
 * The {@code dot4} backend's device list for {@code lpinfo -v} (backend(7)): one
 * {@code direct dot4://daemon/NAME "MAKE MODEL" "INFO" "DEVICE-ID" ""} line per device of a running daemon, and one
 * {@code direct dot4://usb/VID:PID[:SERIAL] ...} line per USB device with a 1284.4 interface. What cannot be
 * looked at (no daemon, no libusb) is said on stderr as DEBUG; listing never fails.
 */
final class CupsDiscovery {

    private final PrintStream err;

    CupsDiscovery(PrintStream err) {
        this.err = err;
    }

    /** Writes the device lines to {@code out}. */
    void list(PrintStream out) {
        // The scheme itself, as CUPS's socket backend lists "network socket": lets users type a dot4:// URI.
        out.println("direct dot4 \"Unknown\" \"IEEE 1284.4 printer through dot4j (dot4://daemon/NAME or dot4://usb/VID:PID)\"");
        List<UsbDeviceInfo> usb = usbDevices();
        for (DaemonDevice d : daemonDevices()) {
            Optional<UsbDeviceInfo> same = usb.stream().filter(u -> d.uri().split("\\?")[0].equalsIgnoreCase(u.uri())).findFirst();
            String makeModel = same.map(CupsDiscovery::makeModel).orElse("Unknown");
            out.println(line("dot4://daemon/" + d.name(), makeModel, makeModel.equals("Unknown")
                    ? "dot4 daemon device " + d.name() + " (" + d.uri() + ")"
                    : makeModel + " via dot4 daemon (" + d.name() + ")", same.flatMap(UsbDeviceInfo::deviceId)));
        }
        for (UsbDeviceInfo u : usb) {
            if (u.carrier().isPresent()) {
                String address = u.uri().substring("usb:".length());
                out.println(line("dot4://usb/" + address, makeModel(u), makeModel(u) + " (IEEE 1284.4 over USB)",
                        u.deviceId()));
            }
        }
        out.flush();
    }

    private List<DaemonDevice> daemonDevices() {
        try (DaemonClient daemon = DaemonClient.connect(DaemonSockets.locate(Optional.empty()), "")) {
            return daemon.devices();
        } catch (Dot4Exception e) {
            err.println("DEBUG: no dot4 daemon devices: " + e.getMessage());
            return List.of();
        }
    }

    private List<UsbDeviceInfo> usbDevices() {
        try {
            return UsbDevices.list();
        } catch (IOException | RuntimeException | LinkageError e) {
            err.println("DEBUG: no USB devices listed: " + e.getMessage());
            return List.of();
        }
    }

    private static String makeModel(UsbDeviceInfo u) {
        Optional<DeviceId> id = u.deviceId();
        String fromId = id.map(d -> (d.manufacturer() + " " + d.model()).strip()).orElse("");
        String fromStrings = (u.manufacturer() + " " + u.product()).strip();
        String name = !fromId.isEmpty() ? fromId : fromStrings;
        return name.isEmpty() ? "Unknown" : name;
    }

    private static String line(String uri, String makeModel, String info, Optional<DeviceId> deviceId) {
        return "direct " + uri + " " + quoted(makeModel) + " " + quoted(info) + " "
                + quoted(deviceId.map(DeviceId::text).orElse("")) + " \"\"";
    }

    /** backend(7) fields are double-quoted; a quote inside one would end it. */
    private static String quoted(String text) {
        return "\"" + text.replace("\"", "'").replace("\n", " ") + "\"";
    }
}
