package org.dot4j.capture;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * One packet record of a pcap or pcapng file.
 *
 * @param interfaceId the capture interface, unique in the file (pcapng sections are numbered on; pcap has one, 0)
 * @param linkType the interface's LINKTYPE_ value (189 usbmon, 220 usbmon mmapped, 1 Ethernet...)
 * @param interfaceName the interface's name or description, "" when the file gives none
 * @param timeNanos capture time, nanoseconds since the epoch
 * @param data the captured bytes (a view valid until the reader's next call), in {@link #order()} for headers
 *     written in the capturing host's byte order (usbmon's)
 * @param originalLength the packet's length on the wire, at least {@code data.remaining()}
 * @param order the byte order of the file's section, which is the capturing host's
 */
public record CaptureRecord(int interfaceId, int linkType, String interfaceName, long timeNanos, ByteBuffer data,
                            int originalLength, ByteOrder order) {}
