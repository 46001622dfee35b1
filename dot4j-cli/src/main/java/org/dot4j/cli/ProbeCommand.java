package org.dot4j.cli;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import org.dot4j.api.Dot4Exception;
import org.dot4j.api.NtStatus;
import org.dot4j.daemon.DaemonSockets;
import org.dot4j.driver.ByteLink;
import org.dot4j.driver.Dot4Host;
import org.dot4j.links.LinkUri;
import org.dot4j.links.Links;
import org.dot4j.links.usb.UsbLink;
import org.dot4j.wire.Revision;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code dot4 probe URI}: what a peripheral offers. */
@Command(name = "probe", mixinStandardHelpOptions = true, footer = ExitCode.FOOTER,
        description = {"Start a conversation and list the peripheral's services:",
            "GetSocketID for well-known service names, GetServiceName for sockets 1..31.",
            "With a usb: URI also show the IEEE 1284 device id."})
final class ProbeCommand implements Callable<Integer> {

    /** Names asked for by GetSocketID: HPLIP's (reference §8.1), Epson's (§8.2) and dot4j's simulator's. */
    static final List<String> WELL_KNOWN = List.of("PRINT", "HP-MESSAGE", "HP-SCAN", "ECHO", "HP-FAX-SEND",
            "HP-CARD-ACCESS", "HP-CONFIGURATION-UPLOAD", "HP-CONFIGURATION-DOWNLOAD", "HP-WIFICONFIG", "HP-DEVMGMT",
            "HP-STATUS", "EPSON-CTRL", "EPSON-DATA", "EPSON-SCAN");

    @Parameters(index = "0", paramLabel = "URI", description = "The link, e.g. unix:/tmp/mfp.sock, tty:/dev/pts/3, usb:auto.")
    String uri;

    @Mixin
    HostOptionsMixin options;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        var out = spec.commandLine().getOut();
        if (DaemonSockets.isDaemonUri(uri)) {
            // Probing speaks Init and GetSocketID itself; the daemon's control protocol carries d4drvif calls only.
            throw new IllegalArgumentException("probe needs a link of its own and cannot go through the daemon yet; "
                    + "'dot4 ctl status' shows the daemon's devices with their state and revision");
        }
        LinkUri parsed = LinkUri.parse(uri);
        ByteLink link = Links.connect(parsed, options.timeout);
        if (link instanceof UsbLink usb) {
            out.println("device id: " + usb.deviceId().text());
            out.println("carrier:   " + usb.carrier());
        }
        try (Dot4Host host = options.start(link, parsed)) {
            out.println("link:      " + host.linkName());
            out.println("revision:  " + Revision.describe(host.revision()));
            Map<Integer, String[]> found = new TreeMap<>();
            String note = discover(host, found);
            Table table = new Table("SOCKET", "SERVICE", "FOUND BY");
            found.forEach((id, v) -> table.row(id, v[0], v[1]));
            out.println();
            table.print(out);
            if (found.isEmpty()) {
                out.println("(no services found)");
            }
            if (!note.isEmpty()) {
                out.println(note);
            }
        }
        return ExitCode.OK;
    }

    /**
     * Fills {@code found} (socket → [name, how found]) by GetSocketID for well-known names and GetServiceName for
     * sockets 1..31 (in HP MLC, which has neither, from the fixed ids); returns a note when the peripheral does not
     * answer GetServiceName or speaks MLC, else "".
     */
    static String discover(Dot4Host host, Map<Integer, String[]> found) throws Dot4Exception {
        boolean mlc = Revision.isMlc(host.revision());
        for (String name : WELL_KNOWN) {
            OptionalInt id = host.socketIdOf(name);
            if (id.isPresent()) {
                found.put(id.getAsInt(), new String[] {name, mlc ? "fixed id" : "GetSocketID"});
            }
        }
        if (mlc) {
            return "HP MLC has no GetSocketID: these are HP's fixed socket ids, not what the peripheral serves";
        }
        for (int id = 1; id <= 31; id++) {
            try {
                Optional<String> name = host.serviceNameOf(id);
                if (name.isPresent() && !found.containsKey(id)) {
                    found.put(id, new String[] {name.get(), "GetServiceName"});
                } else if (name.isPresent()) {
                    found.get(id)[1] = "both";
                }
            } catch (Dot4Exception e) {
                if (e.status() != NtStatus.STATUS_IO_TIMEOUT && e.status() != NtStatus.STATUS_DEVICE_PROTOCOL_ERROR) {
                    throw e;
                }
                return "the peripheral does not answer GetServiceName (" + e.status() + "); sockets found by name only";
            }
        }
        return "";
    }
}
