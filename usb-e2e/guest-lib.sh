# guest-lib.sh: helpers shared by the usb-e2e guest tests (sourced, not run). The sourcing script sets REPORT and
# SHARE and defines fail MESSAGE, which reports, appends its own logs and exits 1.
T0=$(date +%s%N)

now_ms() { echo $(( ($(date +%s%N) - T0) / 1000000 )); }
# report MESSAGE: one line, milliseconds since the script started, to the terminal and report.txt.
report() { echo "$(now_ms) ms: $*" | tee -a "$REPORT"; }
# wait_for SECONDS DESCRIPTION COMMAND...: polls COMMAND every 0.1 s; fails the test after SECONDS.
wait_for() {
    local limit=$1 what=$2 deadline=$((SECONDS + $1))
    shift 2
    until "$@"; do
        ((SECONDS < deadline)) || fail "no $what after ${limit}s"
        sleep 0.1
    done
}
# run_step NAME COMMAND...: runs COMMAND with a 120 s limit, stdin empty, output to $SHARE/NAME.txt; sets STEP_MS
# (wall time, JVM start included); fails the test on a non-zero exit, with the output in the report.
run_step() {
    local name=$1 start status
    shift
    start=$(date +%s%N)
    set +e
    timeout 120 "$@" < /dev/null > "$SHARE/$name.txt" 2>&1
    status=$?
    set -e
    STEP_MS=$(( ($(date +%s%N) - start) / 1000000 ))
    ((status == 0)) || { sed 's/^/  /' "$SHARE/$name.txt" >> "$REPORT"; fail "$name: exit status $status (124 = timed out)"; }
}
# stop_process PID WHAT: SIGTERM, then SIGKILL if it still runs 5 s later (said in the report); waits for it.
stop_process() {
    local pid=$1 what=$2 i
    kill "$pid" 2>/dev/null || return 0
    for i in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    if kill -0 "$pid" 2>/dev/null; then
        report "$what still running 5 s after SIGTERM; killed"
        kill -KILL "$pid" 2>/dev/null || true
    fi
    wait "$pid" 2>/dev/null || true
}
