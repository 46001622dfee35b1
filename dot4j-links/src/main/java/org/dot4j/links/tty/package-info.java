/**
 * Character-device links ({@code tty:} URIs): serial ports, pseudo-terminals and printer devices such as
 * {@code /dev/usb/lp0}, driven through libc by the Foreign Function &amp; Memory API (Linux, JDK 25; no JNI).
 *
 * <ul>
 *   <li>{@link org.dot4j.links.tty.TtyLink} – host side: opens a device, makes a terminal raw, moves bytes
 *       with poll-driven native I/O that {@code close()} can interrupt.</li>
 *   <li>{@link org.dot4j.links.tty.PtyListener} – peripheral side: a pty whose slave hosts open as a printer
 *       line.</li>
 *   <li>{@link org.dot4j.links.tty.TtyOptions} – the URI query ({@code baud}, {@code raw}).</li>
 *   <li>{@link org.dot4j.links.tty.Posix} – the libc calls used: {@code open} (variadic), {@code close},
 *       {@code fcntl} (non-blocking mode), {@code read}, {@code write}, {@code poll}, {@code eventfd} (to wake
 *       pollers on close), {@code isatty}, {@code posix_openpt}, {@code grantpt}, {@code unlockpt},
 *       {@code ptsname_r}, {@code tcgetattr}, {@code tcsetattr}, {@code cfmakeraw}, {@code cfsetispeed},
 *       {@code cfsetospeed}, {@code tcflush} and {@code strerror}; errno is captured with
 *       {@code Linker.Option.captureCallState("errno")}.</li>
 * </ul>
 *
 * <p>Pitfalls these classes avoid (reference: java-platform.md A3/B3): java.io opens ttys without
 * {@code O_NOCTTY} (a session leader would acquire the line as controlling terminal); a blocked
 * {@code FileInputStream.read} on a tty ignores {@code close()}; reopening {@code /proc/self/fd/N} of a pty
 * master does not reach the same pty; once every slave descriptor closes, the master reads EIO.
 */
package org.dot4j.links.tty;
