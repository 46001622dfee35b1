#!/usr/bin/env bash
# run-guest.sh: boots the usb-e2e qemu guest (TCG, 2 cores, 2 GiB, no disk image) and runs SCRIPT in it.
# The guest sees the host's root read-only (chrooted, so absolute paths are the host's: the repository
# and its build output are visible) and one read-write work folder, build/usb-e2e/runs/<script name>/,
# mounted at the same absolute path; the script finds it in $E2E_SHARE and the repository in $E2E_REPO.
# Enforces TIMEOUT_SECONDS (default 180) by killing qemu, prints the guest script's exit code, its
# report.txt if any and, on failure, the guest console log. Exit status = the guest script's status
# (124 on timeout, 125 if the guest never reported one). Run prepare.sh first.
# Usage: run-guest.sh SCRIPT [TIMEOUT_SECONDS]        (paths must not contain spaces)
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$HERE/.." && pwd)"
OUT="${USB_E2E_OUT:-$REPO/build/usb-e2e}"
SCRIPT="$(realpath "${1:?usage: $0 SCRIPT [TIMEOUT_SECONDS]}")"
TIMEOUT=${2:-180}
NAME="$(basename "$SCRIPT" .sh)"
WORK="$OUT/runs/$NAME"

[[ -f $SCRIPT ]] || { echo "run-guest: no script $SCRIPT" >&2; exit 2; }
[[ -s $OUT/kernel/vmlinuz && -s $OUT/initrd.gz ]] || { echo "run-guest: no guest in $OUT; run usb-e2e/prepare.sh" >&2; exit 2; }
[[ "$SCRIPT$WORK$REPO" != *" "* ]] || { echo "run-guest: paths with spaces cannot go on the kernel command line" >&2; exit 2; }

rm -rf "$WORK"
mkdir -p "$WORK"
start=$(date +%s.%N)
set +e
# Unknown NAME=value kernel parameters reach /init as environment variables (see init.sh).
timeout -k 5 "$TIMEOUT" qemu-system-x86_64 -accel tcg -m 2048 -smp 2 -nographic -no-reboot -nic none \
    -kernel "$OUT/kernel/vmlinuz" -initrd "$OUT/initrd.gz" \
    -append "console=ttyS0 panic=-1 loglevel=4 E2E_SCRIPT=$SCRIPT E2E_SHARE=$WORK E2E_REPO=$REPO" \
    -fsdev local,id=hostroot,path=/,security_model=none,readonly=on,multidevs=remap \
    -device virtio-9p-pci,fsdev=hostroot,mount_tag=hostroot \
    -fsdev local,id=share,path="$WORK",security_model=none \
    -device virtio-9p-pci,fsdev=share,mount_tag=share \
    < /dev/null > "$WORK/console.log" 2>&1
qemu_status=$?
set -e
wall=$(awk -v a="$(date +%s.%N)" -v b="$start" 'BEGIN {printf "%.1f", a - b}')

if ((qemu_status == 124 || qemu_status == 137)); then
    status=124
    echo "run-guest: $NAME timed out after ${TIMEOUT}s; qemu killed"
elif [[ -s $WORK/exit-code ]]; then
    status=$(cat "$WORK/exit-code")
else
    status=125
    echo "run-guest: $NAME: the guest reported no exit code (qemu status $qemu_status)"
fi
[[ ! -s $WORK/report.txt ]] || sed 's/^/  | /' "$WORK/report.txt"
printf 'run-guest: %s exit %s; wall %s s; guest uptime at script start %s s, at exit %s s\n' \
    "$NAME" "$status" "$wall" "$(cat "$WORK/guest-uptime-at-script" 2>/dev/null || echo '?')" \
    "$(cat "$WORK/guest-uptime-at-exit" 2>/dev/null || echo '?')"
if [[ $status != 0 ]]; then
    echo "run-guest: guest console log ($WORK/console.log):"
    sed 's/^/  > /' "$WORK/console.log"
fi
exit "$status"
