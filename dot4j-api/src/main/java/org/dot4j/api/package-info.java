/**
 * The Windows DOT4 client contract (d4drvif.h and d4iface.h) in Java: the ten {@link org.dot4j.api.Ioctl}
 * codes, the NTSTATUS results a request completes with ({@link org.dot4j.api.NtStatus},
 * {@link org.dot4j.api.Dot4Exception}), the header constants and enums, and byte-exact little-endian codecs for
 * every structure ({@link org.dot4j.api.Dot4Struct} and its records), so a Windows-compatible front end can
 * exchange the same bytes as {@code DeviceIoControl} callers.
 *
 * <p>Facts and the dot4j decisions for undocumented behaviour (marked [INF] there) come from
 * {@code /work/shared/reference/d4drvif.md}; section numbers in the Javadoc refer to that file. No dependencies;
 * every type here is immutable and thread-safe.
 */
package org.dot4j.api;
