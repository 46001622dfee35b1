#!/usr/bin/env bash
# gadget-bind.sh: (inside the usb-e2e guest) binds gadget NAME to a USB device controller, which connects
# it to the host. FunctionFS refuses to bind before its program wrote descriptors to ep0, so this first
# waits (up to WAIT_SECONDS, default 60) until the endpoint files ep1 and ep2 appear in its mount.
# Usage: gadget-bind.sh NAME [WAIT_SECONDS]     (env UDC picks the controller; default: the first one)
set -euo pipefail

NAME=${1:?usage: $0 NAME [WAIT_SECONDS]}
WAIT_SECONDS=${2:-60}
G=/sys/kernel/config/usb_gadget/$NAME
[[ -d $G ]] || { echo "gadget-bind: no gadget $NAME; run gadget-setup.sh first" >&2; exit 1; }

FFS_DIR=$(awk -v dev="$NAME" '$1 == dev && $3 == "functionfs" {print $2; exit}' /proc/mounts)
[[ -n $FFS_DIR ]] || { echo "gadget-bind: FunctionFS $NAME is not mounted; run gadget-setup.sh first" >&2; exit 1; }

deadline=$((SECONDS + WAIT_SECONDS))
until [[ -e $FFS_DIR/ep1 && -e $FFS_DIR/ep2 ]]; do
    if ((SECONDS >= deadline)); then
        echo "gadget-bind: no ep1/ep2 in $FFS_DIR after ${WAIT_SECONDS}s; did the program write its descriptors to ep0?" >&2
        exit 1
    fi
    sleep 0.1
done
UDC=${UDC:-$(ls /sys/class/udc | head -n1)}
[[ -n $UDC ]] || { echo "gadget-bind: no USB device controller in /sys/class/udc; load dummy_hcd" >&2; exit 1; }
echo "$UDC" > "$G/UDC"
echo "gadget-bind: $NAME bound to $UDC"
