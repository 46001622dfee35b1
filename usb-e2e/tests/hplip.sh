#!/usr/bin/env bash
# tests/hplip.sh: (run inside the usb-e2e guest by run-guest.sh) HP's own host stack against dot4j's USB
# peripheral. `dot4 sim` poses on the FunctionFS gadget as an HP CM8060 MFP (idVendor 0x03f0, the one HPLIP model
# whose models.dat entry uses 1284.4 for printing too: io-mode=3, io-mfp-mode=3), and Debian's libhpmud drives it
# through usb-e2e/hpmud/hpmud-client.c in each I/O mode of $MODES: a PRINT job compared byte for byte with the
# spooled copy, an HP-SCAN read checked against the sim's pattern, a PML status query on HP-MESSAGE. Then HPLIP's
# stock CUPS backend (/usr/lib/cups/backend/hp) prints a job. HPLIP's syslog messages are captured (a /dev/log
# listener): an Init resent ("retrying") fails the test. dot4j's own host then does the same PRINT and HP-SCAN through
# libusb (`dot4 send`/`dot4 cat` on usb:03f0:7117, with ?mlc and ?mlc=miser for MLC), and a table gives each host's
# rate per mode of this run. Writes report.txt and the outputs to $E2E_SHARE.
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
# dot4j's own host: both MLC flows by default (plain 1284.4 over libusb is dot4-usb.sh's; each mode costs two JVM
# starts under TCG, so CI runs what no other test covers); DOT4J_MODES="dot4 gusher miser" for the whole table.
DOT4J_MODES=${DOT4J_MODES:-gusher miser}
DOT4J_URI=usb:03f0:7117
SPOOL=/tmp/spool
WORK=/tmp/hplip
PRINT_BYTES=$((4 * 1024 * 1024))
SCAN_BYTES=$((1024 * 1024))
BACKEND_BYTES=$((1024 * 1024))
DOT4J_PRINT_BYTES=$((2 * 1024 * 1024))   # each ./dot4 process costs a JVM start (5-15 s under TCG): kept short
declare -A PRINT_RATE SCAN_RATE           # "host mode" -> MB/s, for the table at the end

export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64
export DOT4_JAVA_OPTS="-XX:TieredStopAtLevel=1 -XX:-UsePerfData"

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
rate_of() { grep -o '[0-9.]* MB/s' "$1" | tail -n1 | cut -d' ' -f1; }
# dot4j_scan MODE URI: `dot4 cat URI HP-SCAN --summary` with the request on stdin, which stays open until every byte
# is back (cat would stop after --idle of silence once stdin ends, and the first bytes can take longer than that).
dot4j_scan() {
    local mode=$1 uri=$2 out=$WORK/scanned.bin start status
    : > "$out"
    start=$(date +%s%N)
    set +e
    { printf 'SCAN %d\n' "$SCAN_BYTES"; for _ in $(seq 1200); do (($(stat -c %s "$out") < SCAN_BYTES)) || break; sleep 0.1; done; } \
        | timeout 120 "$REPO/dot4" cat "$uri" HP-SCAN --idle 1s --summary > "$out" 2> "$SHARE/dot4j-$mode-scan.txt"
    status=$?
    set -e
    STEP_MS=$(( ($(date +%s%N) - start) / 1000000 ))
    ((status == 0)) || { sed 's/^/  /' "$SHARE/dot4j-$mode-scan.txt" >> "$REPORT"; fail "dot4j $mode HP-SCAN: exit status $status"; }
    cmp "$WORK/scan-expected.bin" "$out" || fail "dot4j $mode HP-SCAN: not the sim's pattern ($(cat "$SHARE/dot4j-$mode-scan.txt"))"
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
head -c "$DOT4J_PRINT_BYTES" "$WORK/print.bin" > "$WORK/dot4j-print.bin"
# The sim's HP-SCAN image (ScanService.patternByte): rows of 1024 bytes, a big-endian row number, (column + row) % 256.
python3 -c '
import sys
ramp = bytes(range(256)) * 6
with open(sys.argv[2], "wb") as f:
    for row in range(int(sys.argv[1]) // 1024):
        f.write(row.to_bytes(4, "big") + ramp[(row + 4) % 256:][:1020])
' "$SCAN_BYTES" "$WORK/scan-expected.bin"

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
    PRINT_RATE["hpmud $mode"]=$(rate_of "$SHARE/$mode-print.txt")
    client "$mode-scan" "$mode" scan "$SCAN_BYTES"
    SCAN_RATE["hpmud $mode"]=$(rate_of "$SHARE/$mode-scan.txt")
    report "$mode: HP-SCAN ($STEP_MS ms; $(cat "$SHARE/$mode-scan.txt"))"
    client "$mode-pml" "$mode" pml
    report "$mode: HP-MESSAGE ($STEP_MS ms; $(cat "$SHARE/$mode-pml.txt"))"
    no_init_resent "$mode"
done

# dot4j's own host through libusb: plain 1284.4, MLC with the device pushing credit, MLC asking for it (?mlc=miser).
for mode in $DOT4J_MODES; do
    case $mode in dot4) query= ;; gusher) query='?mlc' ;; miser) query='?mlc=miser' ;; *) fail "unknown mode $mode" ;; esac
    before=$(jobs_spooled)
    run_step "dot4j-$mode-print" "$REPO/dot4" send "$DOT4J_URI$query" PRINT "$WORK/dot4j-print.bin"
    expect_job "$before" "$WORK/dot4j-print.bin" "dot4j $mode PRINT"
    PRINT_RATE["dot4j $mode"]=$(rate_of "$SHARE/dot4j-$mode-print.txt")
    report "dot4j $mode: PRINT $DOT4J_PRINT_BYTES bytes over $DOT4J_URI$query identical in the spool ($STEP_MS ms; $(grep '^sent' "$SHARE/dot4j-$mode-print.txt"))"
    dot4j_scan "$mode" "$DOT4J_URI$query"
    SCAN_RATE["dot4j $mode"]=$(rate_of "$SHARE/dot4j-$mode-scan.txt")
    report "dot4j $mode: HP-SCAN matches the pattern ($STEP_MS ms; $(tail -n1 "$SHARE/dot4j-$mode-scan.txt"))"
done
for key in "${!PRINT_RATE[@]}"; do
    echo "host=${key% *} mode=${key#* } print MB/s=${PRINT_RATE[$key]} scan MB/s=${SCAN_RATE[$key]:-?}"
done | sort | while read -r line; do report "$line"; done

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
