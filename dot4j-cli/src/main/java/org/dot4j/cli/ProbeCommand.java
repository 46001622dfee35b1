package org.dot4j.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import org.dot4j.daemon.DaemonClient;
import org.dot4j.daemon.DaemonSockets;
import org.dot4j.daemon.DeviceProbe;
import org.dot4j.driver.ByteLink;
import org.dot4j.driver.Dot4Host;
import org.dot4j.driver.HostOptions;
import org.dot4j.driver.ServiceDiscovery;
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
        description = {"List the services a peripheral offers.",
            "Starts a conversation and asks GetSocketID for well-known service names and GetServiceName for sockets "
                + "1..31. With a usb: URI it also shows the IEEE 1284 device id; with dot4d:NAME the daemon asks its device."})
final class ProbeCommand implements Callable<Integer> {

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
            DaemonSockets.DaemonUri daemon = DaemonSockets.parse(uri);
            try (DaemonClient client = DaemonClient.connect(DaemonSockets.locate(daemon.socket()), daemon.device())) {
                DeviceProbe probe = client.probe();
                print(out, uri + " (" + probe.link() + ")", probe.revision(),
                        new ServiceDiscovery.Result(probe.services(), probe.note()));
            }
            return ExitCode.OK;
        }
        LinkUri parsed = LinkUri.parse(uri);
        HostOptions hostOptions = options.hostOptions(parsed);
        ByteLink link = Links.connect(parsed, options.timeout);
        if (link instanceof UsbLink usb) {
            out.println("device id: " + usb.deviceId().text());
            out.println("carrier:   " + usb.carrier());
        }
        try (Dot4Host host = options.start(link, hostOptions)) {
            print(out, host.linkName(), host.revision(), ServiceDiscovery.discover(host, List.of()));
        }
        return ExitCode.OK;
    }

    private static void print(PrintWriter out, String linkName, int revision, ServiceDiscovery.Result found) {
        out.println("link:      " + linkName);
        out.println("revision:  " + Revision.describe(revision));
        Table table = new Table("SOCKET", "SERVICE", "FOUND BY");
        found.services().forEach(s -> table.row(s.socket(), s.name(), s.foundBy()));
        out.println();
        table.print(out);
        if (found.services().isEmpty()) {
            out.println("(no services found)");
        }
        if (!found.note().isEmpty()) {
            out.println(found.note());
        }
    }
}
