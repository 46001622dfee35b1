package org.dot4j.links.tty;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

/**
 * The few libc calls a tty or pty link needs, bound through the Foreign Function &amp; Memory API (no JNI).
 *
 * <p>Constants and the {@code termios} layout are those of Linux with glibc (identical on x86-64, arm64 and
 * riscv64). Every call that can fail captures {@code errno} right after the call (through
 * {@link Linker.Option#captureCallState}, so the JVM cannot clobber it) and throws an {@link ErrnoException}
 * whose message names the call, the device ({@code subject}), the {@code strerror} text and a hint.
 * {@link #read} and {@link #write} instead report "would block" and "interrupted" as a return value,
 * because a polling loop meets them routinely.
 *
 * <p>Threading: all methods are safe to call from any thread; the errno buffer is per thread.
 */
@SuppressWarnings("restricted") // binding libc is this class's purpose; tests run with --enable-native-access
public final class Posix {

    /** {@code open} flag: read and write. */
    public static final int O_RDWR = 02;
    /** {@code open} flag: never make this device the process's controlling terminal. */
    public static final int O_NOCTTY = 0400;
    /** {@code open}/{@code fcntl} flag: calls return {@link #EAGAIN} instead of blocking. */
    public static final int O_NONBLOCK = 04000;
    /** {@code open} flag: close the descriptor in child processes after {@code exec}. */
    public static final int O_CLOEXEC = 02000000;

    /** {@code poll} event: data to read (or end of stream). */
    public static final short POLLIN = 0x1;
    /** {@code poll} event: room to write. */
    public static final short POLLOUT = 0x4;
    /** {@code poll} result: error condition on the descriptor. */
    public static final short POLLERR = 0x8;
    /** {@code poll} result: the other side hung up. */
    public static final short POLLHUP = 0x10;
    /** {@code poll} result: the descriptor is not open. */
    public static final short POLLNVAL = 0x20;
    /** Layout of {@code struct pollfd}: {@code int fd; short events; short revents;}. */
    public static final StructLayout POLLFD = MemoryLayout.structLayout(
            JAVA_INT.withName("fd"), JAVA_SHORT.withName("events"), JAVA_SHORT.withName("revents"));

    /** Size of glibc's {@code struct termios}: four flag words, c_line, c_cc[32], two speeds. */
    public static final long TERMIOS_SIZE = 60;
    /** Offset of {@code c_iflag} (input modes) in {@code struct termios}. */
    public static final long TERMIOS_IFLAG = 0;
    /** Offset of {@code c_oflag} (output modes). */
    public static final long TERMIOS_OFLAG = 4;
    /** Offset of {@code c_cflag} (control modes: size, parity, receiver, modem lines). */
    public static final long TERMIOS_CFLAG = 8;
    /** Offset of {@code c_lflag} (local modes: canonical, echo, signals). */
    public static final long TERMIOS_LFLAG = 12;
    /** Offset of {@code c_cc}, the control characters (VTIME at index 5, VMIN at index 6). */
    public static final long TERMIOS_CC = 17;
    /** {@code tcsetattr} action: apply now. */
    public static final int TCSANOW = 0;
    /** {@code tcflush} queue: bytes received but not yet read. */
    public static final int TCIFLUSH = 0;
    /** {@code tcflush} queue: both directions. */
    public static final int TCIOFLUSH = 2;

    /** errno: no such file or directory. */
    public static final int ENOENT = 2;
    /** errno: interrupted by a signal; retry. */
    public static final int EINTR = 4;
    /** errno: input/output error; on a pty, the other side closed. */
    public static final int EIO = 5;
    /** errno: no such device or address. */
    public static final int ENXIO = 6;
    /** errno: the call would block (same value as EWOULDBLOCK). */
    public static final int EAGAIN = 11;
    /** errno: permission denied. */
    public static final int EACCES = 13;
    /** errno: device busy. */
    public static final int EBUSY = 16;
    /** errno: no such device. */
    public static final int ENODEV = 19;

    /** What {@link #read} and {@link #write} return when the call would block or a signal interrupted it. */
    public static final long AGAIN = -1;

    private static final int F_GETFL = 3;
    private static final int F_SETFL = 4;
    private static final int PTS_NAME_MAX = 128;

    private static final Linker LINKER = Linker.nativeLinker();
    private static final StructLayout CALL_STATE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO =
            CALL_STATE.varHandle(MemoryLayout.PathElement.groupElement("errno"));
    // One errno buffer per thread, freed with the thread, so concurrent readers and writers never share it.
    private static final ThreadLocal<MemorySegment> STATE =
            ThreadLocal.withInitial(() -> Arena.ofAuto().allocate(CALL_STATE));

    private static final MethodHandle OPEN = variadic("open", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT));
    private static final MethodHandle FCNTL = variadic("fcntl", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT));
    private static final MethodHandle CLOSE = capturing("close", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
    private static final MethodHandle READ = capturing("read", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG));
    private static final MethodHandle WRITE = capturing("write", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG));
    private static final MethodHandle POLL = capturing("poll", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT));
    private static final MethodHandle EVENTFD = capturing("eventfd", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT));
    private static final MethodHandle ISATTY = plain("isatty", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
    private static final MethodHandle POSIX_OPENPT = capturing("posix_openpt", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
    private static final MethodHandle GRANTPT = capturing("grantpt", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
    private static final MethodHandle UNLOCKPT = capturing("unlockpt", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
    private static final MethodHandle PTSNAME_R = plain("ptsname_r", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_LONG));
    private static final MethodHandle TCGETATTR = capturing("tcgetattr", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS));
    private static final MethodHandle TCSETATTR = capturing("tcsetattr", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS));
    private static final MethodHandle CFMAKERAW = plain("cfmakeraw", FunctionDescriptor.ofVoid(ADDRESS));
    private static final MethodHandle CFSETISPEED = capturing("cfsetispeed", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle CFSETOSPEED = capturing("cfsetospeed", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle TCFLUSH = capturing("tcflush", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT));
    private static final MethodHandle STRERROR = plain("strerror", FunctionDescriptor.of(ADDRESS, JAVA_INT));

    private Posix() {}

    /**
     * {@code open(path, flags)}: opens a device and returns its descriptor.
     *
     * @throws ErrnoException naming the path, e.g. "no such device" for ENOENT, group dialout for EACCES
     */
    public static int open(String path, int flags) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment cPath = arena.allocateFrom(path);
            // open is variadic; the mode argument is ignored without O_CREAT but keeps the call well formed.
            return call("open", path, state -> (int) OPEN.invokeExact(state, cPath, flags, 0));
        }
    }

    /** {@code close(fd)}: releases a descriptor; {@code subject} names it in the error message. */
    public static void close(int fd, String subject) throws IOException {
        call("close", subject, state -> (int) CLOSE.invokeExact(state, fd));
    }

    /** {@code fcntl(fd, F_SETFL, flags | O_NONBLOCK)}: makes reads and writes on the descriptor non-blocking. */
    public static void setNonBlocking(int fd, String subject) throws IOException {
        int flags = call("fcntl(F_GETFL)", subject, state -> (int) FCNTL.invokeExact(state, fd, F_GETFL, 0));
        call("fcntl(F_SETFL)", subject, state -> (int) FCNTL.invokeExact(state, fd, F_SETFL, flags | O_NONBLOCK));
    }

    /**
     * {@code read(fd, buf, count)}: reads up to {@code count} bytes into native memory.
     *
     * @return the number of bytes read (0 at end of stream), or {@link #AGAIN} on EAGAIN or EINTR
     */
    public static long read(int fd, MemorySegment buf, long count, String subject) throws IOException {
        MemorySegment state = STATE.get();
        long result;
        try {
            result = (long) READ.invokeExact(state, fd, buf, count);
        } catch (Throwable t) {
            throw unexpected(t);
        }
        return transferResult("read", subject, result, state);
    }

    /**
     * {@code write(fd, buf, count)}: writes up to {@code count} bytes from native memory.
     *
     * @return the number of bytes written, or {@link #AGAIN} on EAGAIN or EINTR
     */
    public static long write(int fd, MemorySegment buf, long count, String subject) throws IOException {
        MemorySegment state = STATE.get();
        long result;
        try {
            result = (long) WRITE.invokeExact(state, fd, buf, count);
        } catch (Throwable t) {
            throw unexpected(t);
        }
        return transferResult("write", subject, result, state);
    }

    /**
     * {@code poll(fds, nfds, timeout)}: waits until one of the {@link #POLLFD} entries is ready.
     *
     * @param timeoutMillis -1 waits forever
     * @return the number of ready entries; 0 on timeout or when a signal interrupted the wait (EINTR)
     */
    public static int poll(MemorySegment fds, int nfds, int timeoutMillis, String subject) throws IOException {
        try {
            return call("poll", subject, state -> (int) POLL.invokeExact(state, fds, (long) nfds, timeoutMillis));
        } catch (ErrnoException e) {
            if (e.errno() == EINTR) {
                return 0;
            }
            throw e;
        }
    }

    /**
     * {@code eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK)}: a counter descriptor that becomes readable once any
     * thread writes to it, used to wake threads parked in {@link #poll}.
     */
    public static int eventfd(String subject) throws IOException {
        return call("eventfd", subject, state -> (int) EVENTFD.invokeExact(state, 0, O_CLOEXEC | O_NONBLOCK));
    }

    /** {@code isatty(fd)}: whether the descriptor is a terminal (serial port, pty), so termios applies. */
    public static boolean isatty(int fd) {
        try {
            return (int) ISATTY.invokeExact(fd) == 1;
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    /** {@code posix_openpt(flags)}: opens a new pseudo-terminal master ({@code /dev/ptmx}). */
    public static int posixOpenpt(int flags) throws IOException {
        return call("posix_openpt", "/dev/ptmx", state -> (int) POSIX_OPENPT.invokeExact(state, flags));
    }

    /** {@code grantpt(master)}: gives the calling user the pty's slave device. */
    public static void grantpt(int master) throws IOException {
        call("grantpt", "/dev/ptmx", state -> (int) GRANTPT.invokeExact(state, master));
    }

    /** {@code unlockpt(master)}: allows the pty's slave device to be opened. */
    public static void unlockpt(int master) throws IOException {
        call("unlockpt", "/dev/ptmx", state -> (int) UNLOCKPT.invokeExact(state, master));
    }

    /** {@code ptsname_r(master, buf, len)}: the slave device's path, e.g. {@code /dev/pts/3} (thread-safe). */
    public static String ptsname(int master) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment name = arena.allocate(PTS_NAME_MAX);
            int error;
            try {
                error = (int) PTSNAME_R.invokeExact(master, name, (long) PTS_NAME_MAX);
            } catch (Throwable t) {
                throw unexpected(t);
            }
            // ptsname_r returns the error number itself instead of setting errno.
            if (error != 0) {
                throw failure("ptsname_r", "/dev/ptmx", error);
            }
            return name.getString(0);
        }
    }

    /** {@code tcgetattr(fd, termios)}: reads the line settings into a {@link #TERMIOS_SIZE}-byte segment. */
    public static void tcgetattr(int fd, MemorySegment termios, String subject) throws IOException {
        call("tcgetattr", subject, state -> (int) TCGETATTR.invokeExact(state, fd, termios));
    }

    /** {@code tcsetattr(fd, actions, termios)}: applies line settings, e.g. with {@link #TCSANOW}. */
    public static void tcsetattr(int fd, int actions, MemorySegment termios, String subject) throws IOException {
        call("tcsetattr", subject, state -> (int) TCSETATTR.invokeExact(state, fd, actions, termios));
    }

    /**
     * {@code cfmakeraw(termios)}: edits the settings for a binary line: no echo, no canonical line editing,
     * no signals, no CR/LF or other translation, no flow-control characters, 8 bits, no parity.
     */
    public static void cfmakeraw(MemorySegment termios) {
        try {
            CFMAKERAW.invokeExact(termios);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    /** {@code cfsetispeed} and {@code cfsetospeed}: sets both line speeds to a {@code Bnnn} speed code. */
    public static void cfsetspeeds(MemorySegment termios, int speedCode, String subject) throws IOException {
        call("cfsetispeed", subject, state -> (int) CFSETISPEED.invokeExact(state, termios, speedCode));
        call("cfsetospeed", subject, state -> (int) CFSETOSPEED.invokeExact(state, termios, speedCode));
    }

    /** {@code tcflush(fd, queue)}: discards queued bytes, e.g. {@link #TCIFLUSH} for received ones. */
    public static void tcflush(int fd, int queue, String subject) throws IOException {
        call("tcflush", subject, state -> (int) TCFLUSH.invokeExact(state, fd, queue));
    }

    /** {@code strerror(errno)}: the system's text for an error number, e.g. "Permission denied". */
    public static String strerror(int errno) {
        try {
            MemorySegment text = (MemorySegment) STRERROR.invokeExact(errno);
            return text.reinterpret(Integer.MAX_VALUE).getString(0);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    /** One errno-capturing downcall returning an int, -1 on failure. */
    @FunctionalInterface
    private interface IntCall {
        int invoke(MemorySegment callState) throws Throwable;
    }

    private static int call(String name, String subject, IntCall call) throws ErrnoException {
        MemorySegment state = STATE.get();
        int result;
        try {
            result = call.invoke(state);
        } catch (Throwable t) {
            throw unexpected(t);
        }
        if (result < 0) {
            throw failure(name, subject, errno(state));
        }
        return result;
    }

    private static long transferResult(String call, String subject, long result, MemorySegment state)
            throws ErrnoException {
        if (result >= 0) {
            return result;
        }
        int errno = errno(state);
        if (errno == EAGAIN || errno == EINTR) {
            return AGAIN;
        }
        throw failure(call, subject, errno);
    }

    private static int errno(MemorySegment state) {
        return (int) ERRNO.get(state, 0L);
    }

    static ErrnoException failure(String call, String subject, int errno) {
        String message = call + " " + subject + ": " + strerror(errno) + " (errno " + errno + ")" + hint(errno);
        return new ErrnoException(call, errno, message);
    }

    private static String hint(int errno) {
        return switch (errno) {
            case ENOENT -> "; no such device: check the path and that the device is plugged in";
            case ENXIO, ENODEV -> "; no such device: it was unplugged or its driver is not loaded";
            case EACCES -> "; add your user to group dialout (serial ports) or lp (/dev/usb/lp*), then log in again";
            case EBUSY -> "; another program holds the device open";
            case EIO -> "; the device was disconnected or the other side hung up";
            default -> "";
        };
    }

    private static MethodHandle capturing(String name, FunctionDescriptor descriptor) {
        return LINKER.downcallHandle(symbol(name), descriptor, Linker.Option.captureCallState("errno"));
    }

    private static MethodHandle variadic(String name, FunctionDescriptor descriptor) {
        return LINKER.downcallHandle(symbol(name), descriptor,
                Linker.Option.firstVariadicArg(2), Linker.Option.captureCallState("errno"));
    }

    private static MethodHandle plain(String name, FunctionDescriptor descriptor) {
        return LINKER.downcallHandle(symbol(name), descriptor);
    }

    private static MemorySegment symbol(String name) {
        return LINKER.defaultLookup().find(name)
                .orElseThrow(() -> new UnsatisfiedLinkError("libc has no " + name + "; dot4j tty links need Linux"));
    }

    // Downcalls throw nothing checked; anything else is a bug in a binding, not an I/O condition.
    private static RuntimeException unexpected(Throwable t) {
        if (t instanceof RuntimeException r) {
            return r;
        }
        if (t instanceof Error e) {
            throw e;
        }
        return new IllegalStateException("native call failed unexpectedly", t);
    }
}
