#!/usr/bin/env bash
# Checks the syntax of packaging/udev/60-dot4.rules (or the files given): with `udevadm verify` where systemd has it
# (254 and later), else (Debian 12 has 252) by letting `udevadm test` parse it from /run/udev/rules.d inside a private
# mount namespace, so nothing outside this process sees the file. A deliberately broken rule is checked the same way
# first: the check must catch it. Needs root (unshare -m) on systemd < 254.
set -euo pipefail
cd "$(dirname "$0")"
rules=("${@:-60-dot4.rules}")
if udevadm verify --help >/dev/null 2>&1; then
  exec udevadm verify "${rules[@]}"
fi
parse() {   # parse FILE...: udevadm's complaints about them, one per line
  unshare -m bash -c 'mount -t tmpfs dot4-check /run/udev/rules.d 2>/dev/null || { mkdir -p /run/udev/rules.d && mount -t tmpfs dot4-check /run/udev/rules.d; }
    cp "$@" /run/udev/rules.d/
    udevadm test --action=add /sys/class/net/lo 2>&1 | grep "^/run/udev/rules.d/" || true' bash "$@"
}
broken=$(mktemp -d)/99-broken.rules
trap 'rm -rf "$(dirname "$broken")"' EXIT
echo 'SUBSYSTEM=="usb", ENV{X}="1" NOT_A_KEY' > "$broken"
[ -n "$(parse "$broken")" ] || { echo "check-rules: udevadm test did not report a broken rule; cannot check" >&2; exit 2; }
complaints=$(parse "${rules[@]}")
if [ -n "$complaints" ]; then
  echo "$complaints" >&2
  exit 1
fi
echo "check-rules: ${rules[*]}: no complaints from udevadm $(udevadm --version)"
