package org.dot4j.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.dot4j.api.ChannelType;
import org.dot4j.api.Dot4Device;
import org.dot4j.api.Dot4Exception;
import org.dot4j.api.IoResult;
import org.dot4j.api.NtStatus;
import org.dot4j.daemon.DaemonClient;
import org.dot4j.daemon.DaemonDevice;
import org.dot4j.daemon.DaemonSockets;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * {@code dot4 cups-backend}: CUPS's {@code dot4} backend (backend(7)), run by {@code /usr/lib/cups/backend/dot4}.
 * Without arguments it lists devices for {@code lpinfo -v} ({@link CupsDiscovery}); with
 * {@code job-id user title copies options [file]} it prints the job on the device of {@code $DEVICE_URI}
 * ({@link CupsDeviceUri}), through the daemon when the daemon holds the device. Progress and trouble go to stderr
 * as {@code STATE:}, {@code ATTR:}, {@code INFO:}, {@code DEBUG:} and {@code ERROR:} lines; the exit status tells
 * CUPS what to do with the job.
 */
@Command(name = "cups-backend", mixinStandardHelpOptions = true,
        description = {"CUPS's dot4 backend, installed as /usr/lib/cups/backend/dot4.",
            "Without arguments it lists devices for lpinfo -v; with JOB USER TITLE COPIES OPTIONS [FILE] it prints to "
                + "$DEVICE_URI, dot4://daemon/NAME or dot4://usb/VID:PID[:SERIAL], with ?service=NAME (default PRINT).",
            "Exit status as backend(7): 0 ok, 1 failed, 4 stop the queue, 6 retry the job later."})
final class CupsBackendCommand implements Callable<Integer> {

    /** backend(7) exit codes. */
    static final int CUPS_OK = 0;
    static final int CUPS_FAILED = 1;
    static final int CUPS_STOP = 4;
    static final int CUPS_RETRY = 6;
    private static final int CHUNK = 64 * 1024;

    // Counted here, not by picocli: a usage error must exit 1 (CUPS reads 2 as "authentication required").
    @Parameters(arity = "0..*", paramLabel = "ARG", description = "JOB USER TITLE COPIES OPTIONS [FILE], or none to list devices.")
    List<String> args = List.of();

    @Mixin
    HostOptionsMixin options;

    private final PrintStream err = System.err;

    @Override
    public Integer call() {
        try {
            return run();
        } catch (RuntimeException e) {
            err.println("ERROR: internal error in the dot4 backend: " + e);
            return CUPS_FAILED;
        }
    }

    private int run() {
        if (args.isEmpty()) {
            new CupsDiscovery(err).list(System.out);
            return CUPS_OK;
        }
        if (args.size() < 5 || args.size() > 6) {
            err.println("Usage: dot4 job-id user title copies options [file]");
            return CUPS_FAILED;
        }
        String uriText = System.getenv("DEVICE_URI");
        if (uriText == null) {
            err.println("ERROR: DEVICE_URI is not set; CUPS sets it to the queue's dot4:// device URI");
            return CUPS_FAILED;
        }
        CupsDeviceUri uri;
        try {
            uri = CupsDeviceUri.parse(uriText);
        } catch (IllegalArgumentException e) {
            err.println("ERROR: " + e.getMessage());
            return CUPS_STOP;
        }
        Optional<Path> file = args.size() == 6 ? Optional.of(Path.of(args.get(5))) : Optional.empty();
        int copies = file.isPresent() ? Math.max(1, parseCopies(args.get(3))) : 1;
        return print(uri, "cups job " + args.get(0), file, copies);
    }

    private int print(CupsDeviceUri uri, String clientName, Optional<Path> file, int copies) {
        String link = route(uri);
        err.println("STATE: +connecting-to-device");
        err.println("INFO: Connecting to " + link);
        try (DeviceSession session = options.open(link, clientName)) {
            err.println("STATE: -connecting-to-device");
            Dot4Device device = session.device();
            CupsMarkers.report(device, options.timeoutMillis(), err);
            long total = 0;
            for (int copy = 1; copy <= copies; copy++) {
                try (InputStream in = file.isPresent() ? Files.newInputStream(file.get()) : System.in) {
                    total += sendJob(session, uri.service(), in);
                }
            }
            err.println("INFO: Printed " + total + " bytes on " + link);
            return CUPS_OK;
        } catch (Dot4Exception e) {
            return failed(e.status(), e.getMessage());
        } catch (IOException e) {
            return failed(NtStatus.STATUS_DEVICE_NOT_CONNECTED, UserMessage.of(e));
        } catch (IllegalArgumentException e) {
            err.println("ERROR: " + UserMessage.of(e));
            return CUPS_STOP;
        }
    }

    /** Sends one copy on its own channel; the channel's close fails unless the device took every byte. */
    private long sendJob(DeviceSession session, String service, InputStream in) throws Dot4Exception, IOException {
        Dot4Device device = session.device();
        int socket = new ServiceRef(service).createSocket(device, session::offeredServices, ChannelType.STREAM,
                4 * 16384, 16384);
        int handle = device.openChannel(socket, false);
        BackChannel back = new BackChannel(err);
        byte[] buf = new byte[CHUNK];
        long sent = 0;
        boolean stalled = false;
        for (int n = in.read(buf); n >= 0; n = in.read(buf)) {
            for (int done = 0; done < n; ) {
                IoResult r = device.write(handle, buf, done, n - done, options.timeoutMillis());
                done += r.bytes();
                if (r.bytes() == 0 && !stalled) {
                    // A printer out of paper or paused: wait for it, as long as CUPS lets the job run.
                    stalled = true;
                    err.println("STATE: +other");
                    err.println("INFO: The printer has taken no data for " + options.timeoutMillis() / 1000
                            + " s after " + (sent + done) + " bytes; waiting (out of paper? paused?)");
                } else if (r.bytes() > 0 && stalled) {
                    stalled = false;
                    err.println("STATE: -other");
                    err.println("INFO: Printing");
                }
            }
            sent += n;
            back.relay(device, handle);
        }
        device.closeChannel(handle);
        device.destroySocket(socket);
        err.println("DEBUG: " + sent + " bytes delivered to " + service);
        return sent;
    }

    /** The link to use: the daemon's device, or a USB device through the daemon if it holds it, else directly. */
    private String route(CupsDeviceUri uri) {
        if (uri.daemonDevice().isPresent()) {
            return uri.daemonLink(uri.daemonDevice().get());
        }
        String usb = "usb:" + uri.usbAddress().orElseThrow();
        try (DaemonClient daemon = DaemonClient.connect(DaemonSockets.locate(uri.socket()), "")) {
            for (DaemonDevice d : daemon.devices()) {
                if (d.uri().split("\\?")[0].equalsIgnoreCase(usb)) {
                    err.println("DEBUG: the dot4 daemon holds " + usb + " as device " + d.name() + "; printing through it");
                    return uri.daemonLink(d.name());
                }
            }
        } catch (Dot4Exception e) {
            err.println("DEBUG: no dot4 daemon to print through (" + e.getMessage() + "); opening " + usb + " directly");
        }
        return uri.usbLink();
    }

    /** Reports a failure and picks the exit status: CUPS retries what may work later and stops the queue otherwise. */
    private int failed(NtStatus status, String message) {
        return switch (status) {
            case STATUS_DEVICE_NOT_CONNECTED, STATUS_DEVICE_REMOVED, STATUS_IO_TIMEOUT, STATUS_CONNECTION_REFUSED -> {
                err.println("INFO: The printer is not reachable; the job will be retried: " + message);
                err.println("STATE: +connecting-to-device");
                yield CUPS_RETRY;
            }
            case STATUS_NO_SUCH_DEVICE, STATUS_NOT_FOUND -> {
                err.println("ERROR: " + message + "; fix the queue's device URI");
                yield CUPS_STOP;
            }
            default -> {
                err.println("ERROR: The job was not delivered whole: " + status + ": " + message);
                yield CUPS_FAILED;
            }
        };
    }

    private static int parseCopies(String copies) {
        try {
            return Integer.parseInt(copies.strip());
        } catch (NumberFormatException e) {
            return 1;
        }
    }
}
