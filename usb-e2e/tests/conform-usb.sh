#!/usr/bin/env bash
# tests/conform-usb.sh: (run inside the usb-e2e guest by run-guest.sh) `dot4 conform` judges `dot4 sim` served on a
# FunctionFS gadget, as a real USB 1284.4 peripheral: (a) every case through libusb (usb:VID:PID; each case opens the
# device anew, which detaches and re-attaches usblp), first after stale-tail.py left half a packet queued in the
# device, (b) the framing and credit sections through the kernel's usblp driver (tty:/dev/usb/lp0). Each run must
# exit 0 with "PASSED" and write a JUnit file with no failures. Writes report.txt, the reports (conform-usb.txt,
# conform-lp.txt), their JUnit files and sim.log to $E2E_SHARE; exits non-zero on the first failure.
set -euo pipefail

REPO=${E2E_REPO:?run me through usb-e2e/run-guest.sh}
SHARE=${E2E_SHARE:?run me through usb-e2e/run-guest.sh}
E2E=$REPO/usb-e2e
REPORT=$SHARE/report.txt
SIM_LOG=$SHARE/sim.log
FFS=/dev/ffs-dot4
GADGET=dot4
VID_PID=1d6b:0104              # gadget-setup.sh's default ids
SPOOL=/tmp/spool               # guest tmpfs
# A case's link is opened per case: give each wait room for a slow emulated bus, but no case may take minutes.
CONFORM_TIMEOUT=10s
RUN_LIMIT=420                  # seconds for one whole conform run (a device open per case, under TCG); run-all gives a test 600

export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64
export DOT4_JAVA_OPTS="-XX:TieredStopAtLevel=1 -XX:-UsePerfData"

source "$E2E/guest-lib.sh"
fail() {
    report "FAIL: $*"
    [[ ! -f $SIM_LOG ]] || sed 's/^/sim: /' "$SIM_LOG" | tail -n 40 >> "$REPORT"
    exit 1
}
lp0_present() { [[ -e /dev/usb/lp0 ]]; }

# conform LABEL URI [SECTION...]: one dot4 conform run with its JUnit file; the summary lines go to the report.
conform() {
    local label=$1 uri=$2 start status
    shift 2
    start=$(date +%s%N)
    set +e
    timeout "$RUN_LIMIT" "$REPO/dot4" conform "$uri" "$@" --timeout "$CONFORM_TIMEOUT" \
        --junit "$SHARE/conform-$label.xml" < /dev/null > "$SHARE/conform-$label.txt" 2>&1
    status=$?
    set -e
    local ms=$(( ($(date +%s%N) - start) / 1000000 ))
    grep -E '^(§|PASSED|FAILED)' "$SHARE/conform-$label.txt" | sed 's/^/    /' >> "$REPORT" || true
    if ((status != 0)); then
        grep -E -A12 '^\S+ +(MUST|SHOULD) +FAIL ' "$SHARE/conform-$label.txt" | sed 's/^/  /' | head -n 80 >> "$REPORT" || true
        fail "$label: dot4 conform $uri exit status $status after ${ms} ms (6 = a case failed, 124 = timed out)"
    fi
    grep -q "^PASSED " "$SHARE/conform-$label.txt" || fail "$label: no PASSED line in conform-$label.txt"
    grep -q 'failures="0"' "$SHARE/conform-$label.xml" || fail "$label: the JUnit file counts failures"
    report "$label: $(grep '^PASSED ' "$SHARE/conform-$label.txt") (${ms} ms incl. JVM start)"
}

mkdir -p "$SPOOL"
: > "$REPORT"
report "guest $(uname -r), UDC $(ls /sys/class/udc), $(nproc) CPUs"

# --- the peripheral: dot4 sim on the FunctionFS gadget
bash "$E2E/gadget-setup.sh" "$GADGET" "$FFS" > /dev/null
"$REPO/dot4" sim --listen "usb-gadget:$FFS" --spool "$SPOOL" > "$SIM_LOG" 2>&1 &
SIM=$!
stop_sim() {
    local status=$?
    stop_process "$SIM" "dot4 sim"
    exit "$status"
}
trap stop_sim EXIT
wait_for 90 "'listening on' from dot4 sim" grep -q "^listening on usb-gadget:$FFS" "$SIM_LOG"
bash "$E2E/gadget-bind.sh" "$GADGET" > /dev/null
wait_for 30 "/dev/usb/lp0 after binding the gadget" lp0_present
report "dot4 sim on usb-gadget:$FFS, gadget bound"

# --- (a) libusb: every case, the first fresh link beginning inside a packet
# A host that closes between a packet's header and body (its last bulk IN transfer took the header) leaves the body
# queued in the device; nothing on the bus tells the device. Every case's link starts wherever the previous one
# left off, so the judge must drop such a tail before it frames anything (issue 14; before that, a case after
# 7.6.3 or 3.6 now and then got no InitReply). stale-tail.py makes the first link begin that way on purpose.
python3 "$E2E/stale-tail.py" "$VID_PID" > "$SHARE/stale-tail.txt" 2>&1 \
    || { sed 's/^/  /' "$SHARE/stale-tail.txt" >> "$REPORT"; fail "stale-tail.py could not leave half a packet"; }
report "stale-tail.py: $(cat "$SHARE/stale-tail.txt"); InitReply's body left queued in the gadget"
wait_for 10 "/dev/usb/lp0 back after stale-tail.py closed" lp0_present
conform usb "usb:$VID_PID"
grep -q '^services: .*ECHO 6' "$SHARE/conform-usb.txt" \
    || fail "usb: the probe after the stale tail did not find the sim's services: $(grep '^services' "$SHARE/conform-usb.txt")"
wait_for 10 "/dev/usb/lp0 back after libusb closed (usblp re-attached)" lp0_present

# --- (b) usblp: framing (1) and credit (5), through the kernel's byte stream
conform lp "tty:/dev/usb/lp0" 1 5

report "PASS"
