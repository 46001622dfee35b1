#!/usr/bin/env bash
# gadget-unbind.sh: (inside the usb-e2e guest) unbinds gadget NAME from its USB device controller, which
# looks to the host like unplugging the device; the FunctionFS program sees DISABLE and UNBIND.
# Usage: gadget-unbind.sh NAME
set -euo pipefail

NAME=${1:?usage: $0 NAME}
G=/sys/kernel/config/usb_gadget/$NAME
[[ -d $G ]] || { echo "gadget-unbind: no gadget $NAME" >&2; exit 1; }
echo "" > "$G/UDC"
echo "gadget-unbind: $NAME unbound"
