#!/usr/bin/env bash
# CI stage of ./run-tests (as root): builds the .deb, installs it with dpkg on this machine, runs /usr/bin/dot4 demo on
# the package's own runtime (no JDK on PATH), the CUPS backend's discovery, checks the man pages, completion, user
# and unit (systemd-analyze verify), the udev rule's syntax (check-rules.sh), prints a job with lpadmin and lp through the system's cupsd to dot4 sim, then
# removes and purges the package and checks nothing is left behind. Also that postinst made the start-up cache and
# dot4 uses it.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
[ "$(id -u)" = 0 ] || { echo "test-deb: must run as root (dpkg -i); CI does" >&2; exit 1; }
work=$(mktemp -d "${TMPDIR:-/tmp}/dot4j-deb-test.XXXXXX")
installed=0
cleanup() {
  if [ "$installed" = 1 ]; then dpkg -P dot4j >/dev/null 2>&1 || true; fi
  rm -rf "$work"
}
trap cleanup EXIT
fail() { echo "test-deb: FAILED: $*" >&2; exit 1; }

deb=$("$root/packaging/build-deb.sh" "$work")
echo "test-deb: built $(basename "$deb") ($(du -h "$deb" | cut -f1))"
dpkg -i "$deb" >/dev/null
installed=1

# postinst made the start-up cache for this CPU and this jar; dot4 uses it silently (a JVM warning on stdout would
# reach CUPS through the backend).
caches=$(ls /var/cache/dot4j/*.aot 2>/dev/null | wc -l)
[ "$caches" = 1 ] || fail "postinst made $caches start-up caches in /var/cache/dot4j, not 1"
env -i PATH=/usr/bin:/bin DOT4_JAVA_OPTS=-Xlog:aot=info /usr/bin/dot4 --version > "$work/aot.out" 2>&1 || true
grep -q "Opened AOT cache /var/cache/dot4j/" "$work/aot.out" || { cat "$work/aot.out"; fail "dot4 does not use its start-up cache"; }
env -i PATH=/usr/bin:/bin /usr/bin/dot4 --version > "$work/version.out" 2>&1 || fail "dot4 --version"
[ "$(wc -l < "$work/version.out")" = 1 ] || { cat "$work/version.out"; fail "dot4 --version printed more than its version"; }
cpu() { local TIMEFORMAT=%U+%S; { time env -i PATH=/usr/bin:/bin DOT4_JAVA_OPTS="$1" /usr/bin/dot4 --version >/dev/null 2>&1; } 2>&1; }
echo "test-deb: dot4 --version CPU seconds (user+sys): with the cache $(cpu "") $(cpu ""), without $(cpu -XX:AOTMode=off) $(cpu -XX:AOTMode=off)"
env -i PATH=/usr/bin:/bin /usr/bin/dot4 demo > "$work/demo.out" 2>&1 || { cat "$work/demo.out"; fail "dot4 demo"; }
grep -q "demo passed: 4 of 4 steps" "$work/demo.out" || { cat "$work/demo.out"; fail "dot4 demo did not print the spooled copy's check"; }
env -i PATH=/usr/bin:/bin /usr/lib/cups/backend/dot4 > "$work/discovery.out" 2>/dev/null || fail "backend discovery exit status"
grep -q '^direct dot4 ' "$work/discovery.out" || { cat "$work/discovery.out"; fail "backend discovery lists no dot4 scheme"; }
[ "$(stat -c %a /usr/lib/cups/backend/dot4)" = 744 ] || fail "the backend must be mode 0744 (run as root by CUPS)"
for page in dot4 dot4-send dot4-serve dot4-cups-backend; do
  zcat "/usr/share/man/man1/$page.1.gz" | grep -q '^\.SH OPTIONS' || fail "man page $page"
done
bash -c 'source /usr/share/bash-completion/completions/dot4 && complete -p dot4' >/dev/null || fail "bash completion"
id -nG dot4 | grep -qw lp || fail "user dot4 in group lp"
systemd-analyze verify /lib/systemd/system/dot4.service > "$work/verify.out" 2>&1 \
  || { cat "$work/verify.out"; fail "systemd-analyze verify dot4.service"; }
grep -q 'dot4.service' "$work/verify.out" && { cat "$work/verify.out"; fail "systemd-analyze verify warns about dot4.service"; }
"$root/packaging/udev/check-rules.sh" /lib/udev/rules.d/60-dot4.rules > "$work/udev.out" 2>&1 \
  || { cat "$work/udev.out"; fail "udev rule syntax (packaging/udev/check-rules.sh)"; }
[ -f /etc/dot4/dot4.toml ] || fail "/etc/dot4/dot4.toml"
# serve and ctl read /etc/dot4/dot4.toml by default (its control socket /run/dot4/control.sock, device usb:auto).
env -i PATH=/usr/bin:/bin /usr/bin/dot4 serve > "$work/serve.out" 2> "$work/serve.err" &
serve=$!
for _ in $(seq 100); do grep -q "^serving on /run/dot4/control.sock" "$work/serve.out" && break; sleep 0.2; done
status=$(env -i PATH=/usr/bin:/bin /usr/bin/dot4 ctl status 2>&1 || true)
kill "$serve"; wait "$serve" || true
echo "$status" | grep -q "printer  usb:auto" || { echo "$status"; cat "$work/serve.err"; fail "serve and ctl with the default config"; }

# Print through CUPS with lpadmin and lp alone: the system's cupsd, a queue on dot4://daemon/sim, dot4 sim behind
# dot4 serve (the default control socket, where the backend looks).
mkdir -p "$work/spool"
/usr/bin/dot4 sim --listen "unix-listen:$work/sim.sock" --spool "$work/spool" > "$work/sim.out" 2>&1 &
sim=$!
for _ in $(seq 100); do grep -q "^listening on" "$work/sim.out" && break; sleep 0.2; done
/usr/bin/dot4 serve --device "sim=unix:$work/sim.sock" --socket /run/dot4/control.sock > "$work/serve2.out" 2>&1 &
serve=$!
cupsd_pid=""
if ! lpstat -r 2>/dev/null | grep -q "is running"; then
  cupsd -f > "$work/cupsd.out" 2>&1 &
  cupsd_pid=$!
  for _ in $(seq 100); do lpstat -r 2>/dev/null | grep -q "is running" && break; sleep 0.2; done
fi
head -c 300000 /dev/urandom > "$work/job.bin"
lpadmin -p dot4j-test -E -v dot4://daemon/sim
job=$(lp -d dot4j-test "$work/job.bin" | awk '{print $4}')
for _ in $(seq 300); do lpstat -W completed -o dot4j-test | grep -q "^$job " && break; sleep 0.2; done
completed=$(lpstat -W completed -o dot4j-test | grep -c "^$job " || true)
spooled=$(ls "$work"/spool/*.prn 2>/dev/null | head -1)
lpadmin -x dot4j-test
[ -n "$cupsd_pid" ] && { kill "$cupsd_pid"; wait "$cupsd_pid" || true; }
kill "$serve" "$sim"; wait "$serve" "$sim" || true
[ "$completed" = 1 ] || fail "CUPS job $job on dot4://daemon/sim not completed: $(lpstat -l -o 2>&1 | head -5)"
cmp -s "$work/job.bin" "$spooled" || fail "the job spooled by dot4 sim differs from what lp printed"

dpkg -r dot4j >/dev/null
[ ! -e /usr/bin/dot4 ] && [ ! -e /usr/lib/dot4j ] && [ ! -e /usr/lib/cups/backend/dot4 ] || fail "files left after dpkg -r"
[ -f /etc/dot4/dot4.toml ] || fail "dpkg -r removed the conffile (only purge should)"
[ ! -e /var/cache/dot4j ] || fail "dpkg -r left the start-up cache /var/cache/dot4j"
dpkg -P dot4j >/dev/null
installed=0
[ ! -e /etc/dot4 ] || fail "/etc/dot4 left after purge"
dpkg -s dot4j >/dev/null 2>&1 && fail "dot4j still known to dpkg"
echo "test-deb: installed; start-up cache made and used; demo on the package's runtime, discovery, man pages, completion, user, unit, default config, an lp job through CUPS to dot4 sim identical; removed and purged cleanly"
