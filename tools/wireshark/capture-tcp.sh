#!/usr/bin/env bash
# Re-makes testdata/tcp/dot4-tcp.pcapng: dumpcap on loopback while ./dot4 talks 1284.4 over TCP to
# `dot4 sim` in each dialect (see testdata/tcp/README.md). Needs dumpcap with capture rights (root) and
# the built ./dot4; CI does not run it, the test decodes the committed file.
# Usage: tools/wireshark/capture-tcp.sh [PORT]   (default 12844)
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
port="${1:-12844}"
out="$root/testdata/tcp/dot4-tcp.pcapng"
work="$(mktemp -d)"
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT
dot4="$root/dot4"
uri="tcp://127.0.0.1:$port"

# Waits until a line matching $2 appears on the stream open as file descriptor $1.
wait_line() { local line; while IFS= read -r line <&"$1"; do [[ $line == *$2* ]] && return 0; done; return 1; }

mkfifo "$work/dumpcap.fifo" "$work/sim.fifo"
dumpcap -q -i lo -f "tcp port $port" -w "$work/cap.pcapng" 2>"$work/dumpcap.fifo" &
pids+=($!); dumpcap_pid=$!
exec 3<"$work/dumpcap.fifo"
wait_line 3 "Capturing on"

"$dot4" sim --listen "tcp-listen://127.0.0.1:$port" --spool "$work/spool" >"$work/sim.fifo" 2>&1 &
pids+=($!)
exec 4<"$work/sim.fifo"
wait_line 4 "listening on"
cat <&4 >/dev/null &   # keep draining the sim's log so it never blocks on a full pipe
pids+=($!)

# Two data packets on PRINT: one full 16384-byte packet (16378 payload bytes) and the rest.
seq 1 600 | sed 's/^/dot4j tcp fixture: PRINT line /' | head -c 20000 >"$work/job.txt"
seq 1 60 | sed 's/^/dot4j tcp fixture: MLC PRINT line /' >"$work/mlc-job.txt"

"$dot4" probe "$uri"                                   # 1284.4 rev 0x20: GetSocketID, GetServiceName
"$dot4" send -q "$uri" PRINT "$work/job.txt"           # OpenChannel, Credit, data, CloseChannel, Exit
"$dot4" status --epson "$uri"                          # Epson entry packet, rev 0x10, EPSON-CTRL 'st'
"$dot4" send -q "$uri?mlc" PRINT "$work/mlc-job.txt"   # HP MLC rev 3: ConfigSocket, MLC OpenChannel
echo 'hello tcp' | "$dot4" cat --packet --idle 300ms "$uri" ECHO   # data both ways on ECHO 6/6

kill -INT "$dumpcap_pid"
wait "$dumpcap_pid" || true
mkdir -p "$(dirname "$out")"
cp "$work/cap.pcapng" "$out"
chmod 644 "$out"
capinfos -c -s "$out"
