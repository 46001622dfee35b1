#!/usr/bin/env bash
# prepare.sh: builds everything the emulated-USB end-to-end tests need, under build/usb-e2e/.
#   1. installs qemu-system-x86, busybox-static, cpio, usbutils, and for tests/hplip.sh HPLIP (its CUPS backend and
#      models.dat), libhpmud-dev and gcc, with apt (only if missing); builds build/usb-e2e/hpmud-client;
#   2. downloads the concrete Debian linux-image-6.1.*-amd64 package (not the cloud kernel, which has no
#      USB modules) and unpacks only vmlinuz and the .ko files the guest needs;
#   3. builds a busybox initramfs whose /init loads those modules, mounts the host root read-only over 9p,
#      chroots into it and runs the script named on the kernel command line (see init.sh).
# Idempotent and cached: a second run that finds everything built returns in about a second.
# Usage: usb-e2e/prepare.sh        (env USB_E2E_OUT overrides the output folder)
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$HERE/.." && pwd)"
OUT="${USB_E2E_OUT:-$REPO/build/usb-e2e}"
mkdir -p "$OUT"

# Load order worked out from each module's depends= (java-platform.md B2); checked again below.
MODULES=(virtio_ring virtio_pci_modern_dev virtio_pci_legacy_dev virtio virtio_pci
         9pnet 9pnet_virtio netfs fscache 9p configfs
         usb-common usbcore udc-core dummy_hcd libcomposite usb_f_fs usblp usbmon)

log() { echo "prepare: $*" >&2; }

install_packages() {
    local missing=()
    command -v qemu-system-x86_64 >/dev/null || missing+=(qemu-system-x86)
    [[ -x /bin/busybox ]] || missing+=(busybox-static)
    command -v cpio >/dev/null || missing+=(cpio)
    command -v lsusb >/dev/null || missing+=(usbutils)
    [[ -x /usr/lib/cups/backend/hp ]] || missing+=(hplip)
    [[ -f /usr/include/hpmud.h ]] || missing+=(libhpmud-dev)
    command -v gcc >/dev/null || missing+=(gcc libc6-dev)
    if ((${#missing[@]})); then
        log "installing ${missing[*]}"
        apt-get update -qq
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
    fi
}

# Unpacks vmlinuz and the modules listed above into $OUT/kernel/{vmlinuz,modules/*.ko}.
fetch_kernel() {
    [[ -s "$OUT/kernel/vmlinuz" && -s "$OUT/kernel/release" ]] && return 0
    local pkg
    pkg="$(apt-cache depends linux-image-amd64 | awk '/Depends: linux-image-[0-9]/{print $2; exit}')"
    if [[ -z "$pkg" ]]; then
        apt-get update -qq
        pkg="$(apt-cache depends linux-image-amd64 | awk '/Depends: linux-image-[0-9]/{print $2; exit}')"
    fi
    [[ -n "$pkg" ]] || { log "cannot find the concrete kernel package behind linux-image-amd64; run apt-get update"; exit 1; }
    log "downloading $pkg"
    local tmp="$OUT/kernel.tmp"
    rm -rf "$tmp" && mkdir -p "$tmp/deb" "$tmp/root" "$tmp/modules"
    (cd "$tmp/deb" && apt-get download -qq "$pkg" 2>/dev/null)
    dpkg-deb --fsys-tarfile "$tmp"/deb/*.deb | tar -x -C "$tmp/root" --wildcards \
        './boot/vmlinuz-*' './lib/modules/*/modules.builtin' \
        './lib/modules/*/kernel/drivers/usb/*' './lib/modules/*/kernel/drivers/virtio/*' \
        './lib/modules/*/kernel/fs/9p/*' './lib/modules/*/kernel/net/9p/*' './lib/modules/*/kernel/fs/netfs/*' \
        './lib/modules/*/kernel/fs/fscache/*' './lib/modules/*/kernel/fs/configfs/*'
    local release
    release="$(basename "$(ls -d "$tmp"/root/lib/modules/*)")"
    local loaded=() m ko
    for m in "${MODULES[@]}"; do
        ko="$(find "$tmp/root/lib/modules" -name "$m.ko" -o -name "${m//-/_}.ko" | head -n1)"
        if [[ -z "$ko" ]]; then
            grep -qE "/(${m}|${m//-/_})\.ko$" "$tmp/root/lib/modules/$release/modules.builtin" \
                || { log "module $m is neither in $pkg nor built in"; exit 1; }
            continue
        fi
        # Every dependency must already be loaded (or built in) when insmod reaches this module.
        local deps d
        deps="$(tr '\0' '\n' < "$ko" | sed -n 's/^depends=//p' | head -n1)"
        for d in ${deps//,/ }; do
            [[ " ${loaded[*]} " == *" ${d//-/_} "* ]] || { log "module order: $m needs $d first"; exit 1; }
        done
        cp "$ko" "$tmp/modules/"
        loaded+=("${m//-/_}")
        basename "$ko" >> "$tmp/modules/order"
    done
    rm -rf "$OUT/kernel"
    mkdir -p "$OUT/kernel"
    cp "$tmp"/root/boot/vmlinuz-* "$OUT/kernel/vmlinuz"
    mv "$tmp/modules" "$OUT/kernel/modules"
    echo "$release ($pkg)" > "$OUT/kernel/release"
    rm -rf "$tmp"
}

# Rebuilds initrd.gz when init.sh, the modules or busybox changed.
build_initramfs() {
    local stamp
    stamp="$(cat "$HERE/init.sh" "$OUT/kernel/release" /bin/busybox | sha256sum | cut -c1-16)"
    [[ -s "$OUT/initrd.gz" && "$(cat "$OUT/initrd.stamp" 2>/dev/null)" == "$stamp" ]] && return 0
    log "building initramfs"
    local root="$OUT/initramfs"
    rm -rf "$root"
    mkdir -p "$root"/{bin,dev,proc,sys,host,modules}
    cp /bin/busybox "$root/bin/busybox"
    ln -s busybox "$root/bin/sh"
    cp "$OUT"/kernel/modules/* "$root/modules/"
    install -m 0755 "$HERE/init.sh" "$root/init"
    (cd "$root" && find . | cpio -o -H newc --quiet | gzip -1) > "$OUT/initrd.gz.tmp"
    mv "$OUT/initrd.gz.tmp" "$OUT/initrd.gz"
    echo "$stamp" > "$OUT/initrd.stamp"
    rm -rf "$root"
}

start=$SECONDS
install_packages
# The guest runs the host's programs, so HPLIP's test client is built here, against Debian's libhpmud.
if [[ ! -x $OUT/hpmud-client || $HERE/hpmud/hpmud-client.c -nt $OUT/hpmud-client ]]; then
    gcc -Wall -Wextra -Werror -O2 -o "$OUT/hpmud-client" "$HERE/hpmud/hpmud-client.c" -lhpmud
    log "built $OUT/hpmud-client"
fi
fetch_kernel
build_initramfs
log "ready in $((SECONDS - start)) s: $OUT (kernel $(cat "$OUT/kernel/release"))"
