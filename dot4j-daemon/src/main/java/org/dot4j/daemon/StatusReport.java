package org.dot4j.daemon;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.dot4j.driver.Dot4Host;
import org.dot4j.engine.ChannelStatus;

/**
 * The text {@code dot4 ctl status} prints: devices with their link state, service ports, proxies, control clients,
 * and every open channel with its owner, sizes, credit and byte counters. Built from snapshots; stateless.
 */
final class StatusReport {

    private StatusReport() {
    }

    /** The report as of now. */
    static String build(Path controlSocket, List<DeviceSupervisor> devices, List<ServicePort> ports,
                        List<DeviceProxy> proxies, List<ClientSession> sessions) {
        Instant now = Instant.now();
        StringBuilder text = new StringBuilder();
        text.append("dot4 daemon on ").append(controlSocket).append('\n');
        text.append("devices:\n");
        for (DeviceSupervisor device : devices) {
            appendDevice(text, device, now);
        }
        text.append("ports:\n");
        if (ports.isEmpty()) {
            text.append("  (none)\n");
        }
        for (ServicePort port : ports) {
            text.append(String.format(Locale.ROOT, "  127.0.0.1:%d -> %s, %d connection(s), %s%n",
                    port.localPort(), port.spec(), port.activeConnections(), port.listenState()));
        }
        text.append("proxies:\n");
        if (proxies.isEmpty()) {
            text.append("  (none)\n");
        }
        for (DeviceProxy proxy : proxies) {
            List<String> programs = proxy.describeSessions();
            text.append("  proxy for ").append(proxy.spec().device()).append(" on ").append(proxy.address())
                    .append(", ").append(programs.size()).append(" program(s)\n");
            programs.forEach(p -> text.append("    ").append(p).append('\n'));
        }
        text.append("clients:\n");
        if (sessions.isEmpty()) {
            text.append("  (none)\n");
        }
        for (ClientSession session : sessions) {
            text.append("  ").append(session.describe()).append('\n');
        }
        text.append("channels:\n");
        boolean any = false;
        for (DeviceSupervisor device : devices) {
            any |= appendChannels(text, device);
        }
        if (!any) {
            text.append("  (none)\n");
        }
        return text.toString();
    }

    private static void appendDevice(StringBuilder text, DeviceSupervisor device, Instant now) {
        DeviceSupervisor.State state = device.state();
        text.append("  ").append(device.spec().name()).append("  ").append(device.spec().uri()).append("  ");
        if (state.up()) {
            text.append(String.format(Locale.ROOT, "UP since %s, revision 0x%02X",
                    state.since().truncatedTo(ChronoUnit.SECONDS), state.host().orElseThrow().revision()));
        } else {
            text.append("DOWN since ").append(state.since().truncatedTo(ChronoUnit.SECONDS))
                    .append(": ").append(state.reason());
            if (state.nextAttempt() != null) {
                long millis = Math.max(0, Duration.between(now, state.nextAttempt()).toMillis());
                text.append(String.format(Locale.ROOT, "; next attempt in %.1f s", millis / 1000.0));
            }
        }
        text.append(", reconnects ").append(state.reconnects()).append('\n');
    }

    /** Appends one line per open channel of the device, grouped by owner; true if there was any. */
    private static boolean appendChannels(StringBuilder text, DeviceSupervisor device) {
        Dot4Host host = device.host().orElse(null);
        if (host == null) {
            return false;
        }
        List<ChannelStatus> channels = host.channels().stream()
                .sorted(Comparator.comparing((ChannelStatus c) -> host.ownerOf(c.channelId()))
                        .thenComparingLong(ChannelStatus::channelId))
                .toList();
        for (ChannelStatus c : channels) {
            String owner = host.ownerOf(c.channelId());
            text.append(String.format(Locale.ROOT,
                    "  %s  %s  %s %s %s  packets %d/%d  credit send %d granted %d  sent %d B  received %d B"
                            + "  queued %d B  unread %d B%n",
                    device.spec().name(), owner.isEmpty() ? "(unclaimed)" : owner, c.key(), c.mode(), c.state(),
                    c.sendPacketSize(), c.receivePacketSize(), c.sendCredit(), c.grantedToPeer(), c.bytesSent(),
                    c.bytesReceived(), c.queuedToSend(), c.bufferedReceived()));
        }
        return !channels.isEmpty();
    }
}
