#!/usr/bin/env bash
# tests/hplip.sh: (run inside the usb-e2e guest by run-guest.sh) HP's own host stack against dot4j's USB
# peripheral. `dot4 sim` poses on the FunctionFS gadget as an HP CM8060 MFP (idVendor 0x03f0, the one HPLIP model
# whose models.dat entry uses 1284.4 for printing too: io-mode=3, io-mfp-mode=3), and Debian's libhpmud drives it
# through usb-e2e/hpmud/hpmud-client.c in each I/O mode of $MODES: a PRINT job compared byte for byte with the
# spooled copy, an HP-SCAN read checked against the sim's pattern, a PML status query on HP-MESSAGE. Then HPLIP's
# stock CUPS backend (/usr/lib/cups/backend/hp) prints a job. HPLIP's syslog messages are captured (a /dev/log
# listener): an Init resent ("retrying") fails the test. Writes report.txt and the outputs to $E2E_SHARE.
set -euo pipefail

REPO=${E2E_REPO:?run me through usb-e2e/run-guest.sh}
SHARE=${E2E_SHARE:?run me through usb-e2e/run-guest.sh}
E2E=$REPO/usb-e2e
CLIENT=$REPO/build/usb-e2e/hpmud-client
REPORT=$SHARE/report.txt
SIM_LOG=$SHARE/sim.log
SYSLOG=$SHARE/hplip-syslog.txt
FFS=/dev/ffs-dot4
GADGET=dot4
PRODUCT="HP CM8060 MFP with Edgeline"
SERIAL=DOT4J8060
HP_URI="hp:/usb/${PRODUCT// /_}?serial=$SERIAL"
# No S: or VSTATUS: field: HPLIP would first write power-on bytes into the bulk pipe for such models.
DEVICE_ID="MFG:HP;MDL:$PRODUCT;CMD:PCL,PJL,POSTSCRIPT,DOT4;CLS:PRINTER;DES:dot4j simulated HP MFP;"
DEVICE_ID_URI=${DEVICE_ID// /%20}
MODES=${HPLIP_MODES:-dot4 phoenix gusher miser}
SPOOL=/tmp/spool
WORK=/tmp/hplip
PRINT_BYTES=$((4 * 1024 * 1024))
SCAN_BYTES=$((1024 * 1024))
BACKEND_BYTES=$((1024 * 1024))

export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64
export DOT4_JAVA_OPTS="-XX:TieredStopAtLevel=1 -XX:-UsePerfData -Xshare:auto"

source "$E2E/guest-lib.sh"
fail() {
    report "FAIL: $*"
    [[ ! -f $SYSLOG ]] || sed 's/^/hplip: /' "$SYSLOG" | tail -n 30 >> "$REPORT"
    [[ ! -f $SIM_LOG ]] || sed 's/^/sim: /' "$SIM_LOG" | tail -n 40 >> "$REPORT"
    exit 1
}
# client NAME ARGS...: hpmud-client on the HP device as a run_step (guest-lib.sh).
client() {
    local name=$1
    shift
    run_step "$name" "$CLIENT" "$HP_URI" "$@"
}
jobs_spooled() { ls "$SPOOL" | grep -c '\.prn$' || true; }
# expect_job BEFORE FILE LABEL: waits for job number BEFORE+1 and compares it with FILE.
expect_job() {
    local before=$1 file=$2 label=$3 job
    wait_for 30 "spooled job after $label" test "$(jobs_spooled)" -gt "$before"
    job=$(ls -t "$SPOOL"/job-*.prn | head -n1)
    cmp "$file" "$job" || fail "$label: spooled $job differs from what was sent"
    rm -f "$job"
}
no_init_resent() {
    ! grep -i 'retrying' "$SYSLOG" > /dev/null || fail "$1: HPLIP resent a command: $(grep -i -m3 retrying "$SYSLOG")"
}

[[ -x $CLIENT ]] || fail "no $CLIENT: run-all.sh builds it (needs libhpmud-dev)"
mkdir -p "$WORK" "$SPOOL"
: > "$REPORT"
report "guest $(uname -r), $(nproc) CPUs, libhpmud $(dpkg-query -W -f='${Version}' libhpmud0 2>/dev/null), modes: $MODES"
head -c "$PRINT_BYTES" /dev/urandom > "$WORK/print.bin"
head -c "$BACKEND_BYTES" /dev/urandom > "$WORK/backend.bin"

# HPLIP reports through syslog(3); nothing listens on /dev/log in the guest, so record it here.
python3 -c '
import socket, sys
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
s.bind("/dev/log")
with open(sys.argv[1], "ab", buffering=0) as out:
    while True:
        out.write(s.recv(65536).rstrip(b"\0\n") + b"\n")
' "$SYSLOG" &
SYSLOGGER=$!

bash "$E2E/gadget-setup.sh" "$GADGET" "$FFS" 0x03f0 0x7117 HP "$PRODUCT" "$SERIAL" > /dev/null
"$REPO/dot4" sim --listen "usb-gadget:$FFS?device-id=$DEVICE_ID_URI" --spool "$SPOOL" > "$SIM_LOG" 2>&1 &
SIM=$!
stop_all() {
    local status=$?
    kill "$SYSLOGGER" 2>/dev/null || true
    stop_process "$SIM" "dot4 sim"
    exit "$status"
}
trap stop_all EXIT
wait_for 90 "'listening on' from dot4 sim" grep -q "^listening on usb-gadget:$FFS" "$SIM_LOG"
bash "$E2E/gadget-bind.sh" "$GADGET" > /dev/null
wait_for 30 "the gadget on the bus as 03f0:7117" bash -c "grep -qs 7117 /sys/bus/usb/devices/*/idProduct"
report "dot4 sim poses as $PRODUCT (03f0:7117) on usb-gadget:$FFS; HPLIP URI $HP_URI"

for mode in $MODES; do
    before=$(jobs_spooled)
    client "$mode-print" "$mode" print "$WORK/print.bin"
    expect_job "$before" "$WORK/print.bin" "$mode PRINT"
    report "$mode: PRINT $PRINT_BYTES bytes identical in the spool ($STEP_MS ms; $(cat "$SHARE/$mode-print.txt"))"
    client "$mode-scan" "$mode" scan "$SCAN_BYTES"
    report "$mode: HP-SCAN ($STEP_MS ms; $(cat "$SHARE/$mode-scan.txt"))"
    client "$mode-pml" "$mode" pml
    report "$mode: HP-MESSAGE ($STEP_MS ms; $(cat "$SHARE/$mode-pml.txt"))"
    no_init_resent "$mode"
done

# HPLIP's CUPS backend: argv[0] is the device URI, then job-id user title copies options file.
before=$(jobs_spooled)
start=$(date +%s%N)
set +e
DEVICE_URI=$HP_URI timeout 120 bash -c 'exec -a "$0" /usr/lib/cups/backend/hp 1 root e2e 1 "" "$1"' \
    "$HP_URI" "$WORK/backend.bin" > "$SHARE/backend.txt" 2>&1
status=$?
set -e
ms=$(( ($(date +%s%N) - start) / 1000000 ))
((status == 0)) || { sed 's/^/  /' "$SHARE/backend.txt" >> "$REPORT"; fail "CUPS backend hp: exit status $status"; }
expect_job "$before" "$WORK/backend.bin" "the CUPS hp backend"
no_init_resent "CUPS backend"
report "CUPS backend hp: $BACKEND_BYTES bytes identical in the spool ($ms ms)"
report "HPLIP syslog: $(wc -l < "$SYSLOG") lines"
report "PASS"
