#!/usr/bin/env bash
# Soak: pushes GIB gibibytes through `dot4 serve` to a `dot4 sim` on many channels at once, every job checked
# by SHA-256 at the peripheral's spool. Not part of CI (it takes minutes and disk); run by hand:
#   soak/soak.sh [GIB=10] [PARALLEL=8] [MAX_JOB_MIB=64]
# Each round starts PARALLEL `nc -N` clients on the PRINT service port with random jobs (0 .. MAX_JOB_MIB MiB,
# seeded by the round number), waits for them, and compares the multiset of digests sent with the multiset of
# digests spooled; then deletes the round's files so the disk stays bounded. Any mismatch, any nc that exits
# non-zero, any .incomplete job stops the soak with exit 1. Prints MB/s per round and in total.
set -euo pipefail
cd "$(dirname "$0")/.."
gib=${1:-10}; parallel=${2:-8}; max_mib=${3:-64}
work=$(mktemp -d /tmp/dot4-soak.XXXXXX)
trap 'kill $(jobs -p) 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$work"' EXIT
port=$(( 20000 + RANDOM % 20000 ))
./dot4 sim --listen "unix-listen:$work/mfp.sock" --spool "$work/spool" > "$work/sim.log" 2>&1 &
until grep -q "listening on" "$work/sim.log"; do sleep 0.1; done
./dot4 serve --socket "$work/control.sock" --device mfp="unix:$work/mfp.sock" --port PRINT=$port > "$work/serve.log" 2>&1 &
until grep -q "listening on 127.0.0.1:$port" "$work/serve.log"; do sleep 0.1; done

target=$(( gib * 1024 * 1024 * 1024 )); total=0; round=0; jobs_done=0; busy=0
while [ "$total" -lt "$target" ]; do
  round=$((round + 1)); rbytes=0
  : > "$work/sent.sha"; pids=()
  for i in $(seq "$parallel"); do
    RANDOM=$(( round * 1000 + i ))
    size=$(( (RANDOM * 32768 + RANDOM) % (max_mib * 1024 * 1024 + 1) ))
    head -c "$size" /dev/urandom > "$work/job-$i"
    sha256sum < "$work/job-$i" | cut -d' ' -f1 >> "$work/sent.sha"
    rbytes=$(( rbytes + size ))
  done
  rstart=$(date +%s.%N)     # the jobs are made first: the rate is the transport's, not /dev/urandom's
  for i in $(seq "$parallel"); do
    nc -N 127.0.0.1 "$port" < "$work/job-$i" > /dev/null & pids+=($!)
  done
  for p in "${pids[@]}"; do
    if ! wait "$p"; then echo "soak: round $round: an nc exited non-zero" >&2; exit 1; fi
  done
  rend=$(date +%s.%N)
  # nc -N returns once the daemon closed the connection, i.e. after the device took every byte; the spool
  # publishes a job when its channel closes: wait for all of this round's files.
  deadline=$(( $(date +%s) + 60 ))
  until [ "$(find "$work/spool" -name 'job-*.prn*' ! -name '*.part' | wc -l)" -ge "$parallel" ]; do
    [ "$(date +%s)" -lt "$deadline" ] || { echo "soak: round $round: jobs missing from the spool" >&2; exit 1; }
    sleep 0.1
  done
  if find "$work/spool" -name '*.incomplete' | grep -q .; then echo "soak: round $round: incomplete job" >&2; exit 1; fi
  # A 0-byte job leaves no spool file; count digests of non-empty jobs only.
  empty=$(sha256sum < /dev/null | cut -d' ' -f1)
  grep -v "$empty" "$work/sent.sha" | sort > "$work/sent.sorted" || true
  find "$work/spool" -name 'job-*.prn' -exec sha256sum {} + | cut -d' ' -f1 | sort > "$work/got.sorted"
  if ! cmp -s "$work/sent.sorted" "$work/got.sorted"; then
    echo "soak: round $round: spooled jobs differ from what was sent" >&2; diff "$work/sent.sorted" "$work/got.sorted" >&2; exit 1
  fi
  rm -f "$work"/spool/job-* "$work"/job-*
  total=$(( total + rbytes )); jobs_done=$(( jobs_done + parallel ))
  busy=$(awk -v a="$busy" -v s="$rstart" -v e="$rend" 'BEGIN { print a + e - s }')
  awk -v b="$rbytes" -v s="$rstart" -v e="$rend" -v r="$round" -v t="$total" \
      'BEGIN { printf "round %d: %.1f MB at %.1f MB/s; %.2f GiB so far\n", r, b/1e6, b/1e6/(e-s), t/2^30 }'
done
awk -v b="$total" -v t="$busy" -v j="$jobs_done" \
    'BEGIN { printf "soak: %.2f GiB in %d jobs, every one identical, %.1f MB/s while transferring (%.0f s)\n", b/2^30, j, b/1e6/t, t }'
