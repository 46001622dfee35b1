#!/usr/bin/env bash
# capture/usbmon-dot4.sh: (run inside the usb-e2e guest by run-guest.sh; not part of run-all.sh) records the
# fixture testdata/usbmon/dot4-gadget.pcapng: a usbmon capture (LINKTYPE_USB_LINUX_MMAPPED, 220) of the
# dummy_hcd bus while `dot4 sim` serves the gadget and the host side enumerates it (usblp binds), runs
# `dot4 probe usb:1d6b:0104` through libusb, prints a small text job to PRINT and sends one ECHO message.
# Needs dumpcap (Debian package wireshark-common, pulled in by tshark) on the host, which CI does not install:
# the capture is made once by hand and committed. Usage on the host:
#   usb-e2e/prepare.sh && usb-e2e/run-guest.sh usb-e2e/capture/usbmon-dot4.sh 300
#   cp build/usb-e2e/runs/usbmon-dot4/dot4-gadget.pcapng testdata/usbmon/
set -euo pipefail

REPO=${E2E_REPO:?run me through usb-e2e/run-guest.sh}
SHARE=${E2E_SHARE:?run me through usb-e2e/run-guest.sh}
E2E=$REPO/usb-e2e
REPORT=$SHARE/report.txt
FFS=/dev/ffs-dot4
GADGET=dot4
URI=usb:1d6b:0104
DEVICE_ID="MFG:dot4j;MDL:usb-e2e MFP;CMD:D4,MLC,PCL;CLS:PRINTER;DES:dot4j simulated peripheral;"
PCAP=$SHARE/dot4-gadget.pcapng
export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64
export DOT4_JAVA_OPTS="-XX:TieredStopAtLevel=1 -XX:-UsePerfData"

source "$E2E/guest-lib.sh"
fail() { report "FAIL: $*"; exit 1; }

command -v dumpcap > /dev/null || fail "dumpcap missing on the host; apt-get install tshark (wireshark-common)"
: > "$REPORT"
# dummy_hcd's root hub is the guest's only USB bus; usbmon names its capture device after the bus number.
BUS=$(cat /sys/devices/platform/dummy_hcd.0/usb*/busnum)
[[ -e /dev/usbmon$BUS ]] || fail "/dev/usbmon$BUS missing; is the usbmon module loaded?"
mkdir -p /tmp/spool
bash "$E2E/gadget-setup.sh" "$GADGET" "$FFS" > /dev/null
"$REPO/dot4" sim --listen "usb-gadget:$FFS?device-id=${DEVICE_ID// /%20}" --spool /tmp/spool > "$SHARE/sim.log" 2>&1 &
SIM=$!
dumpcap -q -i "usbmon$BUS" -w "$PCAP" > "$SHARE/dumpcap.log" 2>&1 &
CAPTURE=$!
trap 'status=$?; kill -INT $CAPTURE 2>/dev/null; wait $CAPTURE || true; kill -KILL $SIM 2>/dev/null; wait $SIM 2>/dev/null || true; exit $status' EXIT
wait_for 90 "'listening on' from dot4 sim" grep -q "^listening on" "$SHARE/sim.log"
wait_for 30 "dumpcap's capture file" test -s "$PCAP"
report "capturing usbmon$BUS into $(basename "$PCAP")"

bash "$E2E/gadget-bind.sh" "$GADGET" > /dev/null
wait_for 30 "/dev/usb/lp0" test -e /dev/usb/lp0
report "gadget bound and enumerated; usblp bound"
"$REPO/dot4" probe "$URI" > "$SHARE/probe.txt" 2>&1 || fail "probe failed: $(cat "$SHARE/probe.txt")"
report "probe: $(grep -c '^[0-9]' "$SHARE/probe.txt") services"
for i in $(seq 64); do printf 'dot4j usbmon fixture: PRINT line %02d\n' "$i"; done > /tmp/job.txt
"$REPO/dot4" send -q "$URI" PRINT /tmp/job.txt > "$SHARE/send.txt" 2>&1 || fail "send failed: $(cat "$SHARE/send.txt")"
wait_for 10 "the spooled job" test -s /tmp/spool/job-0001.prn
cmp /tmp/job.txt /tmp/spool/job-0001.prn || fail "the spooled job differs"
report "PRINT: $(stat -c %s /tmp/job.txt) bytes spooled intact"
{ printf 'hello usbmon'; sleep 3; } | "$REPO/dot4" cat "$URI" ECHO --packet --idle 2s > "$SHARE/echo.txt" 2> "$SHARE/echo.err" \
    || fail "echo failed: $(cat "$SHARE/echo.err")"
[[ $(cat "$SHARE/echo.txt") == "hello usbmon" ]] || fail "echo returned '$(cat "$SHARE/echo.txt")'"
report "ECHO: 'hello usbmon' came back"
wait_for 10 "usblp re-attached" test -e /dev/usb/lp0
sleep 0.5
report "PASS"
