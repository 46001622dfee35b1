#!/bin/sh
# init.sh: /init of the usb-e2e guest initramfs (copied there by prepare.sh; busybox ash, runs as PID 1).
# Loads the USB gadget/host and 9p modules, mounts the host's root read-only at /host and the read-write
# share (E2E_SHARE, same absolute path as on the host) over it, chroots into /host and runs E2E_SCRIPT with
# bash there, writes its exit status to $E2E_SHARE/exit-code and powers off.
# E2E_SCRIPT, E2E_SHARE and E2E_REPO come from the kernel command line (the kernel hands unknown NAME=value
# parameters to init as environment variables).
export PATH=/bin

fail() {
    echo "usb-e2e init: $*" > /dev/console
    poweroff -f
}

/bin/busybox --install -s /bin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
for ko in $(cat /modules/order); do
    insmod "/modules/$ko" || fail "insmod $ko failed"
done
mount -t configfs configfs /sys/kernel/config || fail "cannot mount configfs"

# cache=loose: the host root does not change under a test run, and caching makes the JVM start faster.
mount -t 9p -o trans=virtio,version=9p2000.L,ro,cache=loose,msize=262144 hostroot /host \
    || fail "cannot mount the host root over 9p"
mount --bind /dev /host/dev
mount --bind /proc /host/proc
mount --bind /sys /host/sys
mount -t configfs configfs /host/sys/kernel/config
# The guest gets its own writable /tmp and /run. A repository that lives under them (CI may clone into /tmp)
# would be hidden by the tmpfs, so its directory from the host is kept aside and bound back inside it.
repo_kept=
case "$E2E_REPO" in
    /tmp/*|/run/*)
        mkdir -p /repo
        mount --bind "/host$E2E_REPO" /repo || fail "cannot keep the repository $E2E_REPO visible"
        repo_kept=1
        ;;
esac
mount -t tmpfs tmpfs /host/tmp
mount -t tmpfs tmpfs /host/run
if [ -n "$repo_kept" ]; then
    mkdir -p "/host$E2E_REPO"
    mount --bind /repo "/host$E2E_REPO" || fail "cannot bind the repository back at $E2E_REPO"
fi
[ -n "$E2E_SHARE" ] || fail "E2E_SHARE is not set on the kernel command line"
mount -t 9p -o trans=virtio,version=9p2000.L,msize=262144 share "/host$E2E_SHARE" \
    || fail "cannot mount the read-write share at $E2E_SHARE"
cut -d' ' -f1 /proc/uptime > "/host$E2E_SHARE/guest-uptime-at-script"

chroot /host /usr/bin/env -i PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin HOME=/tmp \
    E2E_SHARE="$E2E_SHARE" E2E_REPO="$E2E_REPO" /bin/bash "$E2E_SCRIPT" < /dev/null
echo $? > "/host$E2E_SHARE/exit-code"
cut -d' ' -f1 /proc/uptime > "/host$E2E_SHARE/guest-uptime-at-exit"
sync
umount "/host$E2E_SHARE"
poweroff -f
