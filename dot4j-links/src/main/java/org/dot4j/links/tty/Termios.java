package org.dot4j.links.tty;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Collections;
import java.util.Map;
import java.util.OptionalInt;
import java.util.TreeMap;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;

/** Line settings of a terminal device: raw binary mode and the speed codes of serial ports. */
final class Termios {

    // c_cflag bits (Linux): enable the receiver; ignore modem control lines (no carrier detect on a printer).
    private static final int CREAD = 0200;
    private static final int CLOCAL = 04000;
    // c_lflag bits: canonical line editing and echo, the two that corrupt a binary stream first.
    static final int ICANON = 02;
    static final int ECHO = 010;
    // c_oflag bit: output post-processing (e.g. LF to CR LF).
    static final int OPOST = 01;
    private static final int VTIME = 5;
    private static final int VMIN = 6;

    /** Line speeds in bit/s and their Linux {@code Bnnn} codes, as {@code cfsetispeed} expects them. */
    static final Map<Integer, Integer> SPEED_CODES = speedCodes();

    private Termios() {}

    /**
     * Makes the line carry bytes untouched (§12 item 10: hosts never configure the terminal themselves):
     * {@code cfmakeraw}, receiver on, modem lines ignored, and a read returns as soon as one byte is there
     * (VMIN=1, VTIME=0). Sets the speed when {@code baud} is given.
     */
    static void makeRaw(int fd, OptionalInt baud, String subject) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment termios = arena.allocate(Posix.TERMIOS_SIZE, 4);
            Posix.tcgetattr(fd, termios, subject);
            Posix.cfmakeraw(termios);
            int cflag = termios.get(JAVA_INT, Posix.TERMIOS_CFLAG);
            termios.set(JAVA_INT, Posix.TERMIOS_CFLAG, cflag | CREAD | CLOCAL);
            termios.set(JAVA_BYTE, Posix.TERMIOS_CC + VMIN, (byte) 1);
            termios.set(JAVA_BYTE, Posix.TERMIOS_CC + VTIME, (byte) 0);
            if (baud.isPresent()) {
                Posix.cfsetspeeds(termios, SPEED_CODES.get(baud.getAsInt()), subject);
            }
            Posix.tcsetattr(fd, Posix.TCSANOW, termios, subject);
        }
    }

    /** Sets only the speed, leaving every other setting as configured (e.g. with stty). */
    static void setSpeed(int fd, int baud, String subject) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment termios = arena.allocate(Posix.TERMIOS_SIZE, 4);
            Posix.tcgetattr(fd, termios, subject);
            Posix.cfsetspeeds(termios, SPEED_CODES.get(baud), subject);
            Posix.tcsetattr(fd, Posix.TCSANOW, termios, subject);
        }
    }

    private static Map<Integer, Integer> speedCodes() {
        Map<Integer, Integer> codes = new TreeMap<>();
        int[] classic = {1200, 1800, 2400, 4800, 9600, 19200, 38400};
        for (int i = 0; i < classic.length; i++) {
            codes.put(classic[i], 9 + i); // B1200 = 9 … B38400 = 15
        }
        int[] extended = {57600, 115200, 230400, 460800, 500000, 576000, 921600, 1000000, 1152000, 1500000,
            2000000, 2500000, 3000000, 3500000, 4000000};
        for (int i = 0; i < extended.length; i++) {
            codes.put(extended[i], 010001 + i); // B57600 = 0010001 … B4000000 = 0010017 (CBAUDEX codes)
        }
        return Collections.unmodifiableMap(codes); // sorted, for error messages
    }
}
