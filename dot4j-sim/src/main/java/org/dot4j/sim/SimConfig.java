package org.dot4j.sim;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.dot4j.engine.LocalSocket;
import org.dot4j.wire.WireFormat;

/**
 * How a {@link SimulatedPeripheral} behaves: where print jobs go, which socket layout it serves, what its Epson
 * control channel reports, and whether it pushes status lines to the host. Immutable; change it with the
 * {@code with*} methods.
 *
 * @param spoolDirectory where print jobs are written (created if missing)
 * @param profile the socket layout ({@link SocketLayout})
 * @param epsonStatus what EPSON-CTRL {@code st} reports
 * @param deviceId the IEEE 1284 device id (USB GET_DEVICE_ID; {@code MDL}/{@code DES} also answer {@code di})
 * @param notifier the status notifier's settings
 * @param scanPacing pause after each chunk of scan data ({@link Duration#ZERO}: none), to mimic a slow scanner
 * @param limits bounds on what hosts can make it hold
 */
public record SimConfig(Path spoolDirectory, Profile profile, EpsonStatus epsonStatus, String deviceId,
                        Notifier notifier, Duration scanPacing, Limits limits) {

    /** Which vendor's hosts the socket layout suits. */
    public enum Profile {
        /** HP-style numbering: PRINT 2, EPSON-CTRL 3, HP-SCAN 4, ECHO 6 (reference §8.1). */
        HP,
        /** Epson's fixed ids, which EC and ES hard-code: EPSON-CTRL 0x02, EPSON-DATA 0x40 (reference §8.2). */
        EPSON
    }

    /**
     * Printer states of the {@code st} status field 0x01, by their Epson code ([inf]: the names escputil prints
     * for them were not checked against its source).
     */
    public enum PrinterState {
        /** The printer stopped on an error (see the error code). */
        ERROR(0),
        /** Printing its own test page. */
        SELF_PRINTING(1),
        /** Printing a job. */
        BUSY(2),
        /** Waiting for the rest of a job. */
        WAITING(3),
        /** Idle and ready. */
        READY(4),
        /** Paused by the user. */
        PAUSED(5),
        /** Cleaning the print head. */
        CLEANING(7);

        private final int code;

        PrinterState(int code) {
            this.code = code;
        }

        /** The byte in status field 0x01. */
        public int code() {
            return code;
        }
    }

    /**
     * One ink cartridge as the {@code st} ink field 0x0F reports it.
     *
     * @param colourCode escputil's first-byte colour code (0 black, 3 cyan, 4 magenta, 5 yellow... reference §9)
     * @param level percent left, 0..100
     */
    public record Ink(int colourCode, int level) {

        /** Black. */
        public static final int BLACK = 0;
        /** Photo black. */
        public static final int PHOTO_BLACK = 1;
        /** Cyan. */
        public static final int CYAN = 3;
        /** Magenta. */
        public static final int MAGENTA = 4;
        /** Yellow. */
        public static final int YELLOW = 5;
        /** Light cyan. */
        public static final int LIGHT_CYAN = 6;
        /** Light magenta. */
        public static final int LIGHT_MAGENTA = 7;

        /** Checks the code fits escputil's first-byte table and the level is a percentage. */
        public Ink {
            if (colourCode < 0 || colourCode > 0x10) {
                throw new IllegalArgumentException("ink colour code " + colourCode + " outside escputil's table 0..16");
            }
            if (level < 0 || level > 100) {
                throw new IllegalArgumentException("ink level " + level + " outside 0..100");
            }
        }

        /**
         * The second colour byte of the entry, from escputil's second table (0 black, 1 cyan, 2 magenta, 3 yellow,
         * 4 light cyan, 5 light magenta); the same value as the first byte for colours that table lacks.
         */
        public int secondCode() {
            return switch (colourCode) {
                case BLACK, PHOTO_BLACK -> 0;
                case CYAN -> 1;
                case MAGENTA -> 2;
                case YELLOW -> 3;
                case LIGHT_CYAN -> 4;
                case LIGHT_MAGENTA -> 5;
                default -> colourCode;
            };
        }

        /** A short name for status lines: K, PK, C, M, Y, LC, LM, or X and the code. */
        public String letter() {
            return switch (colourCode) {
                case BLACK -> "K";
                case PHOTO_BLACK -> "PK";
                case CYAN -> "C";
                case MAGENTA -> "M";
                case YELLOW -> "Y";
                case LIGHT_CYAN -> "LC";
                case LIGHT_MAGENTA -> "LM";
                default -> "X" + colourCode;
            };
        }
    }

    /**
     * What the Epson status request {@code st} reports.
     *
     * @param state the printer state (field 0x01)
     * @param errorCode the error code (field 0x02), 0..255
     * @param inks the cartridges (field 0x0F), at most 40 so the answer fits one 512-byte packet
     */
    public record EpsonStatus(PrinterState state, int errorCode, List<Ink> inks) {

        /** Most cartridges an answer carries: 3 bytes each must fit the field's one-byte length. */
        public static final int MAX_INKS = 40;

        /** Checks ranges and copies the list. */
        public EpsonStatus {
            Objects.requireNonNull(state, "state");
            if (errorCode < 0 || errorCode > 0xFF) {
                throw new IllegalArgumentException("error code " + errorCode + " outside 0..255");
            }
            inks = List.copyOf(inks);
            if (inks.size() > MAX_INKS) {
                throw new IllegalArgumentException(inks.size() + " inks; at most " + MAX_INKS);
            }
        }

        /** Ready, no error, black 80, cyan 60, magenta 40, yellow 20 (the levels of the reference's [obs] run). */
        public static EpsonStatus defaults() {
            return new EpsonStatus(PrinterState.READY, 0, List.of(new Ink(Ink.BLACK, 80), new Ink(Ink.CYAN, 60),
                    new Ink(Ink.MAGENTA, 40), new Ink(Ink.YELLOW, 20)));
        }
    }

    /**
     * The status notifier: with an IEEE 1284.4 (0x20) host, every {@code period} a channel is opened from
     * {@code serviceSocket} to the host's {@code hostSocket} and one status line is written on it.
     *
     * @param enabled whether it runs
     * @param period time between status lines
     * @param serviceSocket our socket the channel starts from
     * @param hostSocket the host socket it goes to
     */
    public record Notifier(boolean enabled, Duration period, int serviceSocket, int hostSocket) {

        /** Socket 9 on both sides. */
        public static final int DEFAULT_SOCKET = 9;

        /** Checks the period is positive and the sockets are data sockets. */
        public Notifier {
            if (period.isNegative() || period.isZero()) {
                throw new IllegalArgumentException("notifier period must be positive, got " + period);
            }
            if (serviceSocket < 1 || serviceSocket > 255 || hostSocket < 1 || hostSocket > 255) {
                throw new IllegalArgumentException("notifier sockets must be 1..255, got " + serviceSocket + " -> " + hostSocket);
            }
        }

        /** Off; when switched on, every 5 s from socket 9 to host socket 9. */
        public static Notifier disabled() {
            return new Notifier(false, Duration.ofSeconds(5), DEFAULT_SOCKET, DEFAULT_SOCKET);
        }

        /** On, every {@code period}, socket 9 to host socket 9. */
        public static Notifier every(Duration period) {
            return new Notifier(true, period, DEFAULT_SOCKET, DEFAULT_SOCKET);
        }
    }

    /**
     * Bounds on what hosts can make the simulator hold, so that no host (hostile or broken) can exhaust it.
     *
     * @param maxHosts links served at once; a host that connects beyond them is disconnected at once
     * @param stalledPacketTimeout how long a link may rest with part of a packet received: a host that sends half a
     *     packet and goes silent is disconnected after it (a link resting between packets is never timed out)
     * @param maxEchoMessage the largest ECHO message, in bytes, buffered before its end-of-message; a longer one
     *     closes its channel
     * @param printBuffer the receive buffer of each print channel (PRINT, EPSON-DATA), which its credit comes from
     * @param printPacket the largest packet, header included, a host may send on a print channel
     */
    public record Limits(int maxHosts, Duration stalledPacketTimeout, int maxEchoMessage, int printBuffer, int printPacket) {

        /** The print buffer of a peripheral like HPLIP's peers: 64 KiB, four 16 KiB packets. */
        public static final int DEFAULT_PRINT_BUFFER = 64 * 1024;

        /** Checks every bound is positive and the print buffer holds a print packet. */
        public Limits {
            if (printPacket <= WireFormat.HEADER_SIZE || printPacket > WireFormat.MAX_PACKET_SIZE) {
                throw new IllegalArgumentException("print packet size " + printPacket + " must be 7.." + WireFormat.MAX_PACKET_SIZE);
            }
            if (printBuffer < printPacket - WireFormat.HEADER_SIZE) {
                throw new IllegalArgumentException("a print buffer of " + printBuffer + " bytes cannot hold one packet of "
                        + printPacket + "; give at least " + (printPacket - WireFormat.HEADER_SIZE));
            }
            if (maxHosts < 1) {
                throw new IllegalArgumentException("at most " + maxHosts + " hosts at once: give 1 or more");
            }
            if (stalledPacketTimeout.isNegative() || stalledPacketTimeout.isZero()) {
                throw new IllegalArgumentException("stalled-packet timeout must be positive, got " + stalledPacketTimeout);
            }
            if (maxEchoMessage < 1) {
                throw new IllegalArgumentException("largest ECHO message must be 1 byte or more, got " + maxEchoMessage);
            }
        }

        /** 16 hosts, 30 s in a packet, 1 MiB ECHO messages, a 64 KiB print buffer of 16 KiB packets. */
        public static Limits defaults() {
            return new Limits(16, Duration.ofSeconds(30), 1 << 20, DEFAULT_PRINT_BUFFER, LocalSocket.DEFAULT_PACKET_SIZE);
        }

        /** The same with another print buffer and largest print packet. */
        public Limits withPrint(int buffer, int packet) {
            return new Limits(maxHosts, stalledPacketTimeout, maxEchoMessage, buffer, packet);
        }
    }

    /** Device id of the HP profile. */
    public static final String HP_DEVICE_ID = "MFG:HP;MDL:dot4j Simulated MFP;CMD:PCL,PJL,DOT4;CLS:PRINTER;DES:dot4j simulated multifunction peripheral;";
    /** Device id of the Epson profile ({@code CMD} as Epson printers advertise 1284.4, reference §7.3). */
    public static final String EPSON_DEVICE_ID = "MFG:EPSON;CMD:ESCPL2,BDC,D4,D4PX;MDL:Stylus C80;CLS:PRINTER;DES:EPSON Stylus C80 (dot4j simulated);";

    /** Checks every part is present and the device id names a model. */
    public SimConfig {
        Objects.requireNonNull(spoolDirectory, "spoolDirectory");
        Objects.requireNonNull(profile, "profile");
        Objects.requireNonNull(epsonStatus, "epsonStatus");
        Objects.requireNonNull(deviceId, "deviceId");
        Objects.requireNonNull(notifier, "notifier");
        Objects.requireNonNull(limits, "limits");
        if (scanPacing.isNegative()) {
            throw new IllegalArgumentException("scan pacing must not be negative, got " + scanPacing);
        }
    }

    /** The HP profile spooling to {@code spoolDirectory}: default status, notifier off, no scan pacing. */
    public static SimConfig defaults(Path spoolDirectory) {
        return new SimConfig(spoolDirectory, Profile.HP, EpsonStatus.defaults(), HP_DEVICE_ID, Notifier.disabled(), Duration.ZERO,
                Limits.defaults());
    }

    /** The same with another profile; the device id follows the profile unless it was changed. */
    public SimConfig withProfile(Profile p) {
        boolean stockId = deviceId.equals(HP_DEVICE_ID) || deviceId.equals(EPSON_DEVICE_ID);
        String id = stockId ? (p == Profile.EPSON ? EPSON_DEVICE_ID : HP_DEVICE_ID) : deviceId;
        return new SimConfig(spoolDirectory, p, epsonStatus, id, notifier, scanPacing, limits);
    }

    /** The same with another Epson status. */
    public SimConfig withEpsonStatus(EpsonStatus status) {
        return new SimConfig(spoolDirectory, profile, status, deviceId, notifier, scanPacing, limits);
    }

    /** The same with another device id. */
    public SimConfig withDeviceId(String id) {
        return new SimConfig(spoolDirectory, profile, epsonStatus, id, notifier, scanPacing, limits);
    }

    /** The same with other notifier settings. */
    public SimConfig withNotifier(Notifier n) {
        return new SimConfig(spoolDirectory, profile, epsonStatus, deviceId, n, scanPacing, limits);
    }

    /** The same with a pause after each chunk of scan data. */
    public SimConfig withScanPacing(Duration pacing) {
        return new SimConfig(spoolDirectory, profile, epsonStatus, deviceId, notifier, pacing, limits);
    }

    /** The same with other limits. */
    public SimConfig withLimits(Limits l) {
        return new SimConfig(spoolDirectory, profile, epsonStatus, deviceId, notifier, scanPacing, l);
    }

    /** The value of one device id field ({@code MDL}, {@code DES}...), or {@code fallback} when it is absent. */
    public String deviceIdField(String key, String fallback) {
        for (String part : deviceId.split(";")) {
            int colon = part.indexOf(':');
            if (colon > 0 && part.substring(0, colon).trim().equalsIgnoreCase(key)) {
                return part.substring(colon + 1);
            }
        }
        return fallback;
    }
}
