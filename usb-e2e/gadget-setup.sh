#!/usr/bin/env bash
# gadget-setup.sh: (inside the usb-e2e guest) creates a configfs USB gadget NAME with one configuration
# holding one FunctionFS function, and mounts that function's FunctionFS at FFS_DIR. The gadget stays
# unbound: a program must first write its descriptors to FFS_DIR/ep0, then run gadget-bind.sh NAME.
# Usage: gadget-setup.sh NAME FFS_DIR [VID PID [MANUFACTURER PRODUCT SERIAL]]
# Default ids 0x1d6b:0x0104 are the Linux Foundation's "Multifunction Composite Gadget" pair, the usual
# choice for configfs test gadgets; never ship them in a product.
set -euo pipefail

if (($# < 2)); then
    echo "usage: $0 NAME FFS_DIR [VID PID [MANUFACTURER PRODUCT SERIAL]]" >&2
    exit 2
fi
NAME=$1 FFS_DIR=$2
VID=${3:-0x1d6b} PID=${4:-0x0104}
MANUFACTURER=${5:-dot4j} PRODUCT=${6:-dot4j simulated 1284.4 MFP} SERIAL=${7:-DOT4J0001}
CONFIGFS=/sys/kernel/config/usb_gadget
G=$CONFIGFS/$NAME

[[ -d $CONFIGFS ]] || { echo "gadget-setup: $CONFIGFS missing; load libcomposite and mount configfs" >&2; exit 1; }
[[ ! -e $G ]] || { echo "gadget-setup: gadget $NAME already exists" >&2; exit 1; }

mkdir "$G"
echo "$VID" > "$G/idVendor"
echo "$PID" > "$G/idProduct"
echo 0x0200 > "$G/bcdUSB"
echo 0x0100 > "$G/bcdDevice"
mkdir "$G/strings/0x409"
echo "$MANUFACTURER" > "$G/strings/0x409/manufacturer"
echo "$PRODUCT" > "$G/strings/0x409/product"
echo "$SERIAL" > "$G/strings/0x409/serialnumber"
mkdir -p "$G/configs/c.1/strings/0x409"
echo "IEEE 1284.4 printer" > "$G/configs/c.1/strings/0x409/configuration"
echo 100 > "$G/configs/c.1/MaxPower"
# The FunctionFS instance is named after the gadget; it is the "device" given to mount.
mkdir "$G/functions/ffs.$NAME"
ln -s "$G/functions/ffs.$NAME" "$G/configs/c.1/"
mkdir -p "$FFS_DIR"
mount -t functionfs "$NAME" "$FFS_DIR"
echo "gadget-setup: $NAME ($VID:$PID) ready, FunctionFS at $FFS_DIR; write descriptors, then gadget-bind.sh $NAME"
