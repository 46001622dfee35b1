#!/usr/bin/env python3
"""stale-tail.py VID:PID: a host that vanishes in the middle of a 1284.4 packet, through libusb.

Claims the printer interface, writes Init (revision 0x20), reads ONE bulk IN transfer and closes.
A 1284.4 peripheral on USB ends a transfer after each packet header (reference 12 item 11), so that transfer
is InitReply's 6-byte header; the body (80 00 20) stays queued in the device for whoever opens it next, as
happens when a host's last read before it closes catches a header only. Prints the transfer in hex; exits 1 if
it is not InitReply's header. Needs only libusb-1.0 (ctypes), no pyusb.
"""
import ctypes
import sys

OUT_EP, IN_EP, IFACE = 0x02, 0x81, 0
INIT = bytes.fromhex("0000000801000020")
HEADER = bytes.fromhex("000000090100")


def main():
    vid, pid = (int(x, 16) for x in sys.argv[1].split(":"))
    usb = ctypes.CDLL("libusb-1.0.so.0")
    usb.libusb_open_device_with_vid_pid.restype = ctypes.c_void_p
    usb.libusb_open_device_with_vid_pid.argtypes = [ctypes.c_void_p, ctypes.c_uint16, ctypes.c_uint16]
    for f in ("libusb_kernel_driver_active", "libusb_detach_kernel_driver", "libusb_attach_kernel_driver",
              "libusb_claim_interface", "libusb_release_interface"):
        getattr(usb, f).argtypes = [ctypes.c_void_p, ctypes.c_int]
    usb.libusb_bulk_transfer.argtypes = [ctypes.c_void_p, ctypes.c_ubyte, ctypes.c_char_p, ctypes.c_int,
                                         ctypes.POINTER(ctypes.c_int), ctypes.c_uint]
    usb.libusb_close.argtypes = [ctypes.c_void_p]
    if usb.libusb_init(None) != 0:
        sys.exit("stale-tail: libusb_init failed")
    handle = usb.libusb_open_device_with_vid_pid(None, vid, pid)
    if not handle:
        sys.exit(f"stale-tail: cannot open {sys.argv[1]}")
    detached = usb.libusb_kernel_driver_active(handle, IFACE) == 1
    if detached and usb.libusb_detach_kernel_driver(handle, IFACE) != 0:
        sys.exit("stale-tail: cannot detach usblp")
    if usb.libusb_claim_interface(handle, IFACE) != 0:
        sys.exit("stale-tail: cannot claim interface 0")
    done = ctypes.c_int()
    rc = usb.libusb_bulk_transfer(handle, OUT_EP, INIT, len(INIT), ctypes.byref(done), 5000)
    if rc != 0 or done.value != len(INIT):
        sys.exit(f"stale-tail: writing Init failed: rc {rc}, {done.value} bytes")
    buf = ctypes.create_string_buffer(16384)
    rc = usb.libusb_bulk_transfer(handle, IN_EP, buf, len(buf), ctypes.byref(done), 5000)
    got = buf.raw[:done.value]
    print(f"one IN transfer: rc {rc}, {got.hex(' ')}")
    usb.libusb_release_interface(handle, IFACE)
    if detached:
        usb.libusb_attach_kernel_driver(handle, IFACE)
    usb.libusb_close(handle)
    if got != HEADER:
        sys.exit(f"stale-tail: expected InitReply's header {HEADER.hex(' ')} alone")
    usb.libusb_exit(None)


if __name__ == "__main__":
    main()
