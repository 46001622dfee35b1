#!/usr/bin/env bash
# Writes two small captures of hand-made 1284.4 traffic the real fixtures do not contain, for test.sh:
#   OUTDIR/usb-edge.pcap  usbmon (link type 220): packets joined in one transfer, split over several,
#                         a NUL run, short and unknown transactions, and an MLC conversation
#   OUTDIR/tcp-edge.pcap  TCP port 9999: a packet split over two segments, LENGTH below 6
# Every record is built here byte by byte and turned into pcap by text2pcap (from wireshark-common).
# Usage: tools/wireshark/edge-cases.sh OUTDIR
set -euo pipefail
out="$1"
mkdir -p "$out"

# Little-endian hex of an unsigned value in N bytes.
le() { local v=$1 n=$2 i s=""; for ((i = 0; i < n; i++)); do s+=$(printf '%02x ' $(((v >> (8 * i)) & 0xff))); done; echo -n "$s"; }
# Prints a text2pcap record (offset 000000 then the bytes) from hex on stdin.
record() { tr -s ' \n' ' ' | sed 's/^ //' | fold -w 48 | awk '{ printf "%06x %s\n", (NR - 1) * 16, $0 }'; }

# text2pcap, its chatter shown only when it fails.
t2p() { local log; log=$(text2pcap -q "$@" 2>&1) || { echo "$log" >&2; return 1; }; }

urb=1
# usbmon record on bus 1, device 5: 'S'ubmit of a bulk OUT to 0x02 or 'C'omplete of a bulk IN from 0x81.
usb() {
  local dir=$1 data n
  data=$(echo "$2" | tr -s ' ')
  n=$(echo "$data" | wc -w)
  {
    le $((0x1000 + urb)) 8
    if [ "$dir" = out ]; then echo -n "53 03 02 "; else echo -n "43 03 81 "; fi
    echo -n "05 "; le 1 2; echo -n "2d 00 "               # device 5, bus 1, no setup, data present
    le 0 8; le 0 4                                         # urb timestamp (unused)
    if [ "$dir" = out ]; then le $((0xffffff8d)) 4; else le 0 4; fi   # -EINPROGRESS or 0
    le "$n" 4; le "$n" 4; le 0 8; le 0 4; le 0 4; le 0 4; le 0 4
    echo "$data"
  } | record
  urb=$((urb + 1))
}

{
  # Init and GetSocketID "PRINT" in one transfer (two packets).
  usb out "00 00 00 08 01 00 00 20  00 00 00 0c 01 00 09 50 52 49 4e 54"
  # InitReply split 4 + 5 bytes, the second transfer also starting GetSocketIDReply (6 of 14 bytes).
  usb in "00 00 00 09"
  usb in "01 00 80 00 20  00 00 00 0e 01 00"
  usb in "89 00 02 50 52 49 4e 54"
  # A data packet of 1000 bytes on 2/2 as HPLIP writes it: the header alone, then the body in two parts.
  usb out "02 02 03 e8 00 01"
  usb out "$(printf '41 %.0s' $(seq 500))"
  usb out "$(printf '42 %.0s' $(seq 494))"
  # A NUL run (d4lib's send_nulls) before an Exit: 8 bytes skipped.
  usb out "00 00 00 00 00 00 00 00  00 00 00 07 01 00 08"
  # Short OpenChannel (LENGTH 10), unknown opcode 0x33, a reply with undefined result 0x42,
  # Error 0x81 (no credit), ConfigSocket (MLC only) in a 1284.4 conversation.
  usb out "00 00 00 0a 01 00 01 02 02 40"
  usb out "00 00 00 07 01 00 33"
  usb in "00 00 00 0a 01 00 82 42 02 02"
  usb in "00 00 00 0a 00 00 7f 00 00 81"
  usb out "00 00 00 0d 01 00 07 02 40 00 40 00 00"
  # Epson rev 0x10: CreditRequest (13 bytes) and its reply.
  usb out "00 00 00 08 01 00 00 10"
  usb out "00 00 00 0d 01 00 04 02 02 00 80 ff ff"
  usb in "00 00 00 0c 01 00 84 00 02 02 00 80"
  # HP MLC: Init rev 3, MLC OpenChannel, its reply without sockets, one-byte Error, Debit (layout unknown).
  usb out "00 00 00 08 00 00 00 03"
  usb out "00 00 00 0b 00 00 01 02 02 00 00"
  usb in "00 00 00 0a 00 00 81 00 00 04"
  usb in "00 00 00 08 00 00 7f 01"
  usb out "00 00 00 07 00 00 05"
} | t2p -l 220 - "$out/usb-edge.pcap"

{
  # O = host (port 40000) to peripheral (port 9999); I = back. text2pcap numbers the sequence per direction.
  echo "O"; echo "00 00 00 08 01 00 00 20" | record
  echo "I"; echo "00 00 00 09 01 00 80 00 20" | record
  # OpenChannel split over two segments, the second also carrying a whole Credit.
  echo "O"; echo "00 00 00 0f 01 00 01 02 02 40" | record
  echo "O"; echo "00 40 00 ff ff  00 00 00 0b 01 00 03 02 02 00 04" | record
  # LENGTH 3: the stream is out of step; the rest of the segment is shown as malformed.
  echo "I"; echo "00 00 00 03 01 00 aa bb" | record
} | t2p -D -T 9999,40000 - "$out/tcp-edge.pcap"
