package org.dot4j.daemon;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import org.dot4j.driver.Dot4Host;
import org.dot4j.engine.ChannelStatus;

/**
 * What the daemon is doing at one moment: devices with their link state, service ports, proxies, control clients, every
 * open channel with its owner, sizes, credit and byte counters, and the last jobs on the service ports. Collected
 * once from the live objects by {@link #collect}; {@link #text()} is what {@code dot4 ctl status} prints and
 * {@link StatusJson} writes the same snapshot for the status page. Immutable.
 *
 * @param at when it was collected
 * @param controlSocket the control socket's path
 * @param statusPage the status page's address, when it is served
 * @param devices every configured device, in configuration order
 * @param ports every service port
 * @param proxies every proxy with the programs it serves
 * @param clients every control-socket client
 * @param channels every open channel, by device, then owner, then channel id
 * @param jobs the last jobs on the service ports, newest first
 */
record StatusReport(Instant at, Path controlSocket, Optional<URI> statusPage, List<Device> devices, List<Port> ports,
                    List<Proxy> proxies, List<Client> clients, List<Channel> channels, List<RecentJobs.Job> jobs) {

    /**
     * One device.
     *
     * @param name its name
     * @param uri its link
     * @param state up or down, since when, why, the reconnect counters and the USB device id
     * @param revision the revision Init agreed on while up, else 0
     * @param bytesSent payload bytes sent to it in the current conversation (0 while down)
     * @param bytesReceived payload bytes received from it in the current conversation (0 while down)
     * @param printer what it last said about itself on EPSON-CTRL or HP-MESSAGE, when asked
     */
    record Device(String name, String uri, DeviceSupervisor.State state, int revision, long bytesSent,
                  long bytesReceived, Optional<PrinterWatch.Report> printer) {}

    /**
     * One service port.
     *
     * @param spec {@code DEVICE:SERVICE=PORT} as configured
     * @param device the device
     * @param service the service
     * @param port the TCP port bound
     * @param connections connections being served
     * @param listening whether connections are taken now
     * @param listenState "listening", or why connections are refused
     */
    record Port(String spec, String device, String service, int port, int connections, boolean listening,
                String listenState) {}

    /**
     * One proxy for programs that speak 1284.4 themselves.
     *
     * @param device the device it reaches
     * @param address where programs connect
     * @param programs one line per program served (name, channels, bytes)
     */
    record Proxy(String device, String address, List<String> programs) {}

    /**
     * One control-socket client.
     *
     * @param name {@code #N pid:P uid:U}
     * @param channels channels it holds
     * @param bufferedBytes receive buffer bytes of those channels
     * @param requestsRunning requests in progress
     */
    record Client(String name, int channels, long bufferedBytes, int requestsRunning) {}

    /**
     * One open channel.
     *
     * @param device the device it is on
     * @param owner the client holding it, empty when none does
     * @param status the engine's counters
     */
    record Channel(String device, String owner, ChannelStatus status) {}

    /** The report as of now. */
    static StatusReport collect(Path controlSocket, Optional<URI> statusPage, List<DeviceSupervisor> supervisors,
                                List<ServicePort> servicePorts, List<DeviceProxy> deviceProxies,
                                List<ClientSession> sessions, List<RecentJobs.Job> jobs,
                                Function<String, Optional<PrinterWatch.Report>> printers) {
        List<Device> devices = new ArrayList<>();
        List<Channel> channels = new ArrayList<>();
        for (DeviceSupervisor supervisor : supervisors) {
            String name = supervisor.spec().name();
            DeviceSupervisor.State state = supervisor.state();
            Dot4Host host = state.host().orElse(null);
            devices.add(new Device(name, supervisor.spec().uri().toString(), state, host == null ? 0 : host.revision(),
                    host == null ? 0 : host.bytesSent(), host == null ? 0 : host.bytesReceived(), printers.apply(name)));
            if (host != null) {
                host.channels().stream()
                        .map(c -> new Channel(name, host.ownerOf(c.channelId()), c))
                        .sorted(Comparator.comparing(Channel::owner).thenComparingLong(c -> c.status().channelId()))
                        .forEach(channels::add);
            }
        }
        List<Port> ports = servicePorts.stream().map(p -> {
            String listen = p.listenState();
            return new Port(p.spec().toString(), p.spec().device().orElseThrow(), p.spec().service(), p.localPort(),
                    p.activeConnections(), listen.equals(ServicePort.LISTENING), listen);
        }).toList();
        List<Proxy> proxies = deviceProxies.stream()
                .map(p -> new Proxy(p.spec().device(), p.address(), p.describeSessions())).toList();
        List<Client> clients = sessions.stream().map(ClientSession::status).toList();
        return new StatusReport(Instant.now(), controlSocket, statusPage, List.copyOf(devices), ports, proxies, clients,
                List.copyOf(channels), List.copyOf(jobs));
    }

    /** The text {@code dot4 ctl status} prints. */
    String text() {
        StringBuilder text = new StringBuilder();
        text.append("dot4 daemon on ").append(controlSocket).append('\n');
        statusPage.ifPresent(page -> text.append("status page on ").append(page).append('\n'));
        text.append("devices:\n");
        devices.forEach(d -> appendDevice(text, d));
        text.append("ports:\n");
        if (ports.isEmpty()) {
            text.append("  (none)\n");
        }
        for (Port port : ports) {
            text.append(String.format(Locale.ROOT, "  127.0.0.1:%d -> %s, %d connection(s), %s%n",
                    port.port(), port.spec(), port.connections(), port.listenState()));
        }
        text.append("proxies:\n");
        if (proxies.isEmpty()) {
            text.append("  (none)\n");
        }
        for (Proxy proxy : proxies) {
            text.append("  proxy for ").append(proxy.device()).append(" on ").append(proxy.address()).append(", ")
                    .append(proxy.programs().size()).append(" program(s)\n");
            proxy.programs().forEach(p -> text.append("    ").append(p).append('\n'));
        }
        text.append("clients:\n");
        if (clients.isEmpty()) {
            text.append("  (none)\n");
        }
        for (Client c : clients) {
            text.append("  ").append(c.name()).append(": ").append(c.channels()).append(" channel(s), ")
                    .append(c.bufferedBytes()).append(" receive buffer bytes, ").append(c.requestsRunning())
                    .append(" request(s) running\n");
        }
        text.append("channels:\n");
        if (channels.isEmpty()) {
            text.append("  (none)\n");
        }
        channels.forEach(c -> appendChannel(text, c));
        return text.toString();
    }

    private void appendDevice(StringBuilder text, Device device) {
        DeviceSupervisor.State state = device.state();
        text.append("  ").append(device.name()).append("  ").append(device.uri()).append("  ");
        if (state.up()) {
            text.append(String.format(Locale.ROOT, "UP since %s, revision 0x%02X",
                    state.since().truncatedTo(ChronoUnit.SECONDS), device.revision()));
        } else {
            text.append("DOWN since ").append(state.since().truncatedTo(ChronoUnit.SECONDS))
                    .append(": ").append(state.reason());
            if (state.nextAttempt() != null) {
                long millis = Math.max(0, Duration.between(at, state.nextAttempt()).toMillis());
                text.append(String.format(Locale.ROOT, "; next attempt in %.1f s", millis / 1000.0));
            }
        }
        text.append(", reconnects ").append(state.reconnects()).append('\n');
    }

    private static void appendChannel(StringBuilder text, Channel channel) {
        ChannelStatus c = channel.status();
        text.append(String.format(Locale.ROOT,
                "  %s  %s  %s %s %s  packets %d/%d  credit send %d granted %d  sent %d B  received %d B"
                        + "  queued %d B  unread %d B%n",
                channel.device(), channel.owner().isEmpty() ? "(unclaimed)" : channel.owner(), c.key(), c.mode(),
                c.state(), c.sendPacketSize(), c.receivePacketSize(), c.sendCredit(), c.grantedToPeer(), c.bytesSent(),
                c.bytesReceived(), c.queuedToSend(), c.bufferedReceived()));
    }
}
