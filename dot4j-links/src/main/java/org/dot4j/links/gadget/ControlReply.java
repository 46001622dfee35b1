package org.dot4j.links.gadget;

/**
 * What to do on ep0 about one SETUP event. On FunctionFS every pending SETUP must get exactly one of these
 * before ep0 delivers the next event.
 */
public sealed interface ControlReply {

    /** Send {@code data} as the IN data stage (write it to ep0; already truncated to wLength). */
    record SendData(byte[] data) implements ControlReply {}

    /**
     * Complete an OUT request without data (read ep0, which makes FunctionFS send the status stage).
     *
     * @param softReset true for SOFT_RESET: the current link must end so the peripheral starts over
     */
    record Acknowledge(boolean softReset) implements ControlReply {}

    /**
     * Refuse the request with a protocol stall. FunctionFS stalls ep0 when the pending request is
     * answered in the wrong direction: a read for an IN request, a write for an OUT request (kernel
     * {@code drivers/usb/gadget/function/f_fs.c}, {@code ffs_ep0_read}/{@code ffs_ep0_write}, case
     * {@code FFS_SETUP_PENDING} calling {@code __ffs_ep0_stall}, which then fails with EL2HLT).
     *
     * @param why for the log
     */
    record Stall(String why) implements ControlReply {}
}
