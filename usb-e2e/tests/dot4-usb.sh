#!/usr/bin/env bash
# tests/dot4-usb.sh: (run inside the usb-e2e guest by run-guest.sh) the `dot4` command on both ends of a
# real (emulated) USB bus. `dot4 sim` serves the simulated multifunction peripheral on a FunctionFS gadget
# (usb-gadget:), and the guest's host side reaches it two ways:
#   (a) libusb: usb:VID:PID and usb:auto (carrier search, device id by GET_DEVICE_ID);
#   (b) the kernel's usblp driver: tty:/dev/usb/lp0.
# For each: probe, an 8 MiB random PRINT job compared byte for byte with the spooled copy, a binary ECHO
# round trip, and an unplug (UDC unbound) in the middle of a send, which must end the host's `dot4 send`
# within seconds with exit status 3 and STATUS_DEVICE_NOT_CONNECTED. Before that `dot4 list` must show the
# gadget with interface protocol 3 and its device id. Writes report.txt (each step, its result and time)
# and the commands' outputs to $E2E_SHARE; exits non-zero on the first failure.
set -euo pipefail

REPO=${E2E_REPO:?run me through usb-e2e/run-guest.sh}
SHARE=${E2E_SHARE:?run me through usb-e2e/run-guest.sh}
E2E=$REPO/usb-e2e
REPORT=$SHARE/report.txt
SIM_LOG=$SHARE/sim.log
FFS=/dev/ffs-dot4
GADGET=dot4
VID_PID=1d6b:0104              # gadget-setup.sh's default ids
SERIAL=DOT4J0001               # gadget-setup.sh's default serial
# Percent-encoded in the URI (a space would not survive it); the host must see it decoded.
DEVICE_ID="MFG:dot4j;MDL:usb-e2e MFP;CMD:D4,MLC,PCL;CLS:PRINTER;DES:dot4j simulated peripheral;"
DEVICE_ID_URI=${DEVICE_ID// /%20}
SPOOL=/tmp/spool               # guest tmpfs: jobs need not cross 9p
WORK=/tmp/dot4-usb
JOB_BYTES=$((8 * 1024 * 1024))   # several MiB: packets by the hundred, without minutes of TCG time
ECHO_BYTES=$((256 * 1024))

export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64   # ./dot4 checks JAVA_HOME first: one version probe only
# C1 only and no perf data file: JVM starts take seconds under TCG, and these commands are short.
export DOT4_JAVA_OPTS="-XX:TieredStopAtLevel=1 -XX:-UsePerfData"

source "$E2E/guest-lib.sh"
fail() {
    report "FAIL: $*"
    [[ ! -f $SIM_LOG ]] || sed 's/^/sim: /' "$SIM_LOG" | tail -n 40 >> "$REPORT"
    exit 1
}
# step NAME ARGS...: `dot4 ARGS` as a run_step (guest-lib.sh).
step() {
    local name=$1
    shift
    run_step "$name" "$REPO/dot4" "$@"
}
spooled_job() { ls -t "$SPOOL"/job-*.prn 2>/dev/null | head -n1; }
lp0_present() { [[ -e /dev/usb/lp0 ]]; }
lp0_absent() { [[ ! -e /dev/usb/lp0 ]]; }

# PRINT: send an 8 MiB random file, wait for the spooled job and compare it byte for byte.
print_job() {
    local label=$1 uri=$2 before job
    before=$(ls "$SPOOL" | grep -c '\.prn$' || true)
    step "$label-send" send "$uri" PRINT "$WORK/job.bin"
    local send_ms=$STEP_MS
    wait_for 20 "finished spool job after the $label send" test "$(ls "$SPOOL" | grep -c '\.prn$' || true)" -gt "$before"
    job=$(spooled_job)
    cmp "$WORK/job.bin" "$job" || fail "$label: spooled $job differs from the 8 MiB sent"
    rm -f "$job"   # keep the guest's tmpfs small
    report "$label: PRINT 8 MiB identical in the spool (${send_ms} ms incl. JVM start; $(grep -o '[0-9.]* MB/s' "$SHARE/$label-send.txt" | tail -n1))"
}

# ECHO: binary data through a packet channel and back. stdin stays open 3 s after the data: `dot4 cat` quits
# without waiting --idle when stdin ends during one of its 200 ms polls that brought nothing, which on this
# slow bus happens before the first echo is back (see usb-e2e/README.md, "Known problems").
echo_round_trip() {
    local label=$1 uri=$2 start status
    start=$(date +%s%N)
    set +e
    timeout 120 "$REPO/dot4" cat "$uri" ECHO --packet --idle 2s < "$WORK/echo.bin" \
        > "$WORK/echoed.bin" 2> "$SHARE/$label-echo.txt"
    status=$?
    set -e
    STEP_MS=$(( ($(date +%s%N) - start) / 1000000 ))
    ((status == 0)) || { sed 's/^/  /' "$SHARE/$label-echo.txt" >> "$REPORT"; fail "$label-echo: exit status $status (124 = timed out)"; }
    cmp "$WORK/echo.bin" "$WORK/echoed.bin" || fail "$label: ECHO returned other bytes than sent"
    report "$label: ECHO $ECHO_BYTES random bytes identical (${STEP_MS} ms incl. JVM start)"
}

# Unplug mid-transfer: an endless send, the UDC unbound once data flows, then the host must give up promptly.
disconnect() {
    local label=$1 uri=$2 sender status unplug exit_ms
    # The budget covers the JVM's start in the emulated guest (15-20 s when the machine is busy) and the wait for
    # data; promptness after the unplug is checked on its own below (exit_ms).
    timeout 120 "$REPO/dot4" send -q "$uri" PRINT - < /dev/zero > "$SHARE/$label-disconnect.txt" 2>&1 &
    sender=$!
    part_grows() { [[ -n $(find "$SPOOL" -name '*.part' -size +1024k 2>/dev/null) ]]; }
    wait_for 60 "print data flowing before the $label unplug" part_grows
    sleep 1
    unplug=$(date +%s%N)
    bash "$E2E/gadget-unbind.sh" "$GADGET" > /dev/null
    set +e
    wait $sender
    status=$?
    set -e
    exit_ms=$(( ($(date +%s%N) - unplug) / 1000000 ))
    ((status != 124)) || fail "$label: dot4 send still running 120 s after it started (unbound ${exit_ms} ms before)"
    ((status == 3)) || { sed 's/^/  /' "$SHARE/$label-disconnect.txt" >> "$REPORT"; fail "$label: dot4 send exit status $status after the unplug, expected 3 (not connected)"; }
    grep -q STATUS_DEVICE_NOT_CONNECTED "$SHARE/$label-disconnect.txt" \
        || fail "$label: dot4 send's error does not say STATUS_DEVICE_NOT_CONNECTED: $(cat "$SHARE/$label-disconnect.txt")"
    ((exit_ms < 5000)) || fail "$label: dot4 send took ${exit_ms} ms after the unplug to fail (limit 5000)"
    report "$label: unplug mid-send: dot4 send exit 3 after ${exit_ms} ms: $(grep -m1 STATUS_DEVICE_NOT_CONNECTED "$SHARE/$label-disconnect.txt" | cut -c1-200)"
    wait_for 10 "the sim keeping the cut job as incomplete" test -n "$(ls "$SPOOL"/*.incomplete 2>/dev/null)"
    rm -f "$SPOOL"/*.incomplete
}

mkdir -p "$WORK" "$SPOOL"
: > "$REPORT"
report "guest $(uname -r), UDC $(ls /sys/class/udc), $(nproc) CPUs"
head -c "$JOB_BYTES" /dev/urandom > "$WORK/job.bin"
head -c "$ECHO_BYTES" /dev/urandom > "$WORK/echo.bin"

# --- the peripheral: dot4 sim on the FunctionFS gadget
bash "$E2E/gadget-setup.sh" "$GADGET" "$FFS" > /dev/null
"$REPO/dot4" sim --listen "usb-gadget:$FFS?device-id=$DEVICE_ID_URI" --spool "$SPOOL" > "$SIM_LOG" 2>&1 &
SIM=$!
# Stop the JVM before init unmounts the share. dot4 sim may not finish its shutdown while no host reads the
# bulk IN pipe (see README, "Known problems"), so SIGKILL follows after 5 s.
stop_sim() {
    local status=$?
    stop_process "$SIM" "dot4 sim"
    exit "$status"
}
trap stop_sim EXIT
wait_for 90 "'listening on' from dot4 sim" grep -q "^listening on usb-gadget:$FFS" "$SIM_LOG"
report "dot4 sim listening on usb-gadget:$FFS"
bash "$E2E/gadget-bind.sh" "$GADGET" > /dev/null
wait_for 30 "/dev/usb/lp0 after binding the gadget" lp0_present
report "gadget bound; usblp made /dev/usb/lp0"

# --- dot4 list: the gadget, its interface protocol and device id
step list list
grep -q "usb:$VID_PID:$SERIAL" "$SHARE/list.txt" || fail "dot4 list does not show usb:$VID_PID:$SERIAL: $(cat "$SHARE/list.txt")"
grep -q "07/01/03" "$SHARE/list.txt" || fail "dot4 list shows no 07/01/03 interface (protocol 3)"
grep -qF "$DEVICE_ID" "$SHARE/list.txt" || fail "dot4 list does not show the device id $DEVICE_ID"
report "dot4 list: usb:$VID_PID:$SERIAL, 07/01/03, device id shown (${STEP_MS} ms):"
sed 's/^/    /' "$SHARE/list.txt" | tee -a "$REPORT"

# --- (a) libusb
URI_A="usb:$VID_PID"
step usb-probe-auto probe usb:auto
grep -qF "device id: $DEVICE_ID" "$SHARE/usb-probe-auto.txt" || fail "probe usb:auto shows no device id line"
report "libusb: probe usb:auto found the gadget: $(grep -m1 '^carrier:' "$SHARE/usb-probe-auto.txt") (${STEP_MS} ms)"
wait_for 10 "usblp re-attached after the libusb probe" lp0_present
step usb-probe probe "$URI_A"
grep -qF "device id: $DEVICE_ID" "$SHARE/usb-probe.txt" || fail "probe $URI_A shows no 'device id: $DEVICE_ID'"
grep -qw PRINT "$SHARE/usb-probe.txt" && grep -qw ECHO "$SHARE/usb-probe.txt" \
    || fail "probe $URI_A does not list PRINT and ECHO: $(cat "$SHARE/usb-probe.txt")"
report "libusb: probe $URI_A: device id, PRINT and ECHO (${STEP_MS} ms)"
print_job usb "$URI_A"
echo_round_trip usb "$URI_A"
wait_for 10 "/dev/usb/lp0 back after libusb closed (usblp re-attached)" lp0_present
report "libusb: usblp re-attached after each libusb run (/dev/usb/lp0 present)"
disconnect usb "$URI_A"

# --- re-plug: the sim's listener takes the next ENABLE as a new link
wait_for 10 "/dev/usb/lp0 to go away after the unbind" lp0_absent
bash "$E2E/gadget-bind.sh" "$GADGET" > /dev/null
wait_for 30 "/dev/usb/lp0 after re-binding the gadget" lp0_present
report "gadget re-bound; /dev/usb/lp0 back"

# --- (b) usblp, the kernel's printer driver, as a character device
URI_B="tty:/dev/usb/lp0"
id_seen=$(cat /sys/class/usbmisc/lp0/device/ieee1284_id)
[[ $id_seen == "$DEVICE_ID" ]] || fail "usblp's ieee1284_id is '$id_seen', expected '$DEVICE_ID'"
step lp-probe probe "$URI_B"
grep -qw PRINT "$SHARE/lp-probe.txt" && grep -qw ECHO "$SHARE/lp-probe.txt" \
    || fail "probe $URI_B does not list PRINT and ECHO: $(cat "$SHARE/lp-probe.txt")"
report "usblp: probe $URI_B: PRINT and ECHO; ieee1284_id matches (${STEP_MS} ms)"
print_job lp "$URI_B"
echo_round_trip lp "$URI_B"
disconnect lp "$URI_B"

report "PASS"
