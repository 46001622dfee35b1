#!/usr/bin/env bash
# tests/gadget-echo.sh: (run inside the usb-e2e guest by run-guest.sh) proves dot4j can be a USB
# printer-class 1284.4 peripheral. The Java GadgetEchoMain serves a FunctionFS gadget on dummy_hcd, and the
# guest's own host side checks: lsusb shows interface protocol 3; usblp's ieee1284_id is our device id;
# 1 MiB of random data written to /dev/usb/lp0 comes back intact; SOFT_RESET (usblp ioctl, bmRequestType
# 0x23) ends the Java link and a new one echoes; unbinding the UDC mid-transfer ends the Java link with an
# IOException and fails the host's read and write promptly. Writes report.txt to $E2E_SHARE.
set -euo pipefail

REPO=${E2E_REPO:?run me through usb-e2e/run-guest.sh}
SHARE=${E2E_SHARE:?run me through usb-e2e/run-guest.sh}
E2E=$REPO/usb-e2e
REPORT=$SHARE/report.txt
PLOG=$SHARE/peripheral.log
FFS=/dev/ffs-dot4
GADGET=dot4
DEVICE_ID="MFG:dot4j;MDL:Simulated MFP;CMD:D4,MLC,PCL;CLS:PRINTER;"
JAVA=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java
M2=${M2_REPO:-/root/.m2/repository}
CP=$REPO/dot4j-links/target/classes:$REPO/dot4j-links/target/test-classes:$REPO/dot4j-driver/target/classes
CP=$CP:$(ls "$M2"/org/slf4j/slf4j-api/2.*/slf4j-api-2.*.jar | tail -n1):$(ls "$M2"/org/slf4j/slf4j-simple/2.*/slf4j-simple-2.*.jar | tail -n1)

source "$E2E/guest-lib.sh"
fail() { report "FAIL: $*"; [[ ! -f $PLOG ]] || sed 's/^/peripheral: /' "$PLOG" | tail -n 30 >> "$REPORT"; exit 1; }
peripheral_says() { grep -q -- "$1" "$PLOG"; }

[[ -f $REPO/dot4j-links/target/test-classes/org/dot4j/links/gadget/GadgetEchoMain.class ]] \
    || fail "GadgetEchoMain not compiled; run mvn -pl dot4j-links -am test-compile on the host first"
: > "$REPORT"
report "guest $(uname -r), UDC $(ls /sys/class/udc)"

bash "$E2E/gadget-setup.sh" "$GADGET" "$FFS" >/dev/null
"$JAVA" -XX:TieredStopAtLevel=1 -XX:-UsePerfData --enable-native-access=ALL-UNNAMED \
    -Dorg.slf4j.simpleLogger.showDateTime=true -cp "$CP" \
    org.dot4j.links.gadget.GadgetEchoMain "$FFS" "$DEVICE_ID" > "$PLOG" 2>&1 &
PERIPHERAL=$!
# Wait for the JVM to exit so init can unmount the share cleanly.
trap 'status=$?; { kill $PERIPHERAL && wait $PERIPHERAL; } 2>/dev/null || true; exit $status' EXIT
wait_for 60 "'ready' from the Java peripheral" peripheral_says "^ready"
report "Java peripheral wrote its descriptors"
bash "$E2E/gadget-bind.sh" "$GADGET" >/dev/null
wait_for 30 "/dev/usb/lp0" test -e /dev/usb/lp0
wait_for 30 "link accepted" peripheral_says "^link accepted"
report "enumerated: /dev/usb/lp0 present, Java link accepted"

if command -v lsusb >/dev/null; then
    lsusb -v -d 1d6b:0104 > "$SHARE/lsusb.txt" 2>/dev/null || true
    grep -Eq 'bInterfaceProtocol +3 ' "$SHARE/lsusb.txt" || fail "lsusb -v shows no interface with protocol 3"
    grep -Eq 'bInterfaceClass +7 ' "$SHARE/lsusb.txt" || fail "lsusb -v shows no printer-class interface"
    report "lsusb -v: class 7 subclass 1 protocol 3, $(grep -m1 -E 'wMaxPacketSize' "$SHARE/lsusb.txt" | awk '{print $2}') byte bulk packets"
else
    report "lsusb not installed; skipped the descriptor check"
fi

ID_SEEN=$(cat /sys/class/usbmisc/lp0/device/ieee1284_id)
[[ $ID_SEEN == "$DEVICE_ID" ]] || fail "ieee1284_id is '$ID_SEEN', expected '$DEVICE_ID'"
report "ieee1284_id matches: $ID_SEEN"

# usblp allows one open, so one read-write descriptor serves the writer and the reader.
head -c 1048576 /dev/urandom > /tmp/sent.bin
exec 3<>/dev/usb/lp0
start=$(date +%s%N)
timeout 60 cat /tmp/sent.bin >&3 &
WRITER=$!
timeout 60 head -c 1048576 <&3 > /tmp/echoed.bin || fail "reading the 1 MiB echo failed or hung"
wait $WRITER || fail "writing 1 MiB to /dev/usb/lp0 failed or hung"
cmp /tmp/sent.bin /tmp/echoed.bin || fail "the echo differs from what was sent"
report "1 MiB random echo through /dev/usb/lp0 identical ($(( ($(date +%s%N) - start) / 1000000 )) ms)"

# SOFT_RESET: usblp's ioctl IOCNR_SOFT_RESET = _IOC(_IOC_NONE, 'P', 7, 0) sends bRequest 2, bmRequestType 0x23.
python3 -c 'import fcntl; fcntl.ioctl(3, 0x5007)' || fail "usblp SOFT_RESET ioctl failed"
wait_for 10 "'soft reset by host' in the Java log" peripheral_says "soft reset by host"
wait_for 10 "a second accepted link" test "$(grep -c '^link accepted' "$PLOG")" -ge 2
printf 'after soft reset' >&3
timeout 20 head -c 16 <&3 > /tmp/after-reset.txt || fail "no echo after SOFT_RESET"
[[ $(cat /tmp/after-reset.txt) == "after soft reset" ]] || fail "echo after SOFT_RESET was '$(cat /tmp/after-reset.txt)'"
report "SOFT_RESET: $(grep -m1 'soft reset by host' "$PLOG" | cut -c1-160); a new link echoes"

# Unplug mid-transfer: both host directions must fail promptly and the Java link must end with IOException.
timeout 60 cat /dev/zero >&3 &
WRITER=$!
timeout 60 cat <&3 > /tmp/flowing.bin &
READER=$!
wait_for 20 "echo traffic before the unbind" test -s /tmp/flowing.bin
before=$(stat -c %s /tmp/flowing.bin)
unplug=$(date +%s%N)
bash "$E2E/gadget-unbind.sh" "$GADGET" >/dev/null
set +e
wait $WRITER; writer_status=$?
wait $READER; reader_status=$?
set -e
host_ms=$(( ($(date +%s%N) - unplug) / 1000000 ))
exec 3>&-
((writer_status != 0 && writer_status != 124)) || fail "host write after unbind: status $writer_status (124 = hung)"
((reader_status != 0 && reader_status != 124)) || fail "host read after unbind: status $reader_status (124 = hung)"
report "unbind after $before echoed bytes: host write and read failed in ${host_ms} ms (status $writer_status/$reader_status)"
wait_for 10 "the Java link's end" peripheral_says "^link ended after [0-9]* bytes: java.io.IOException"
report "Java: $(grep '^link ended' "$PLOG" | tail -n1 | cut -c1-220)"
report "PASS"
