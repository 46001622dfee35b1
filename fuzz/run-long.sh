#!/usr/bin/env bash
# The long fuzz run (not in CI): every @FuzzTest target in turn, SLICE seconds each, round after round until
# UNTIL (a date(1) time, e.g. "22:50 UTC"), niced. It fuzzes a snapshot of the repository's last commit, taken
# anew each round, so work in progress is never half-compiled into it; the corpora grow across rounds in WORK.
#
#   fuzz/run-long.sh [UNTIL] [SLICE] [WORK]    defaults: 2 hours from now, 600 s, /tmp/dot4j-fuzz-long
#
# FUZZ_ONLY (an extended regular expression on "MODULE CLASS METHOD") keeps the targets it matches, e.g.
# FUZZ_ONLY=EngineRole for the engine's two, the slowest and least saturated.
#
# WORK/summary.tsv gets one line per slice (time, target, status, executions, exec/s, coverage); findings and
# their Java reproducers land in WORK/findings; WORK/totals prints the executions per target at the end.
set -euo pipefail
repo="${FUZZ_REPO:-$(cd "$(dirname "$0")/.." && pwd)}"
until_epoch=$(date -d "${1:-2 hours}" +%s)
slice=${2:-600}
work=${3:-/tmp/dot4j-fuzz-long}
# bash reads a script as it runs it: run from a copy, so that editing this file meanwhile is safe.
if [ -z "${FUZZ_REPO:-}" ]; then
  mkdir -p "$work" && cp "$0" "$work/run-long.sh"
  FUZZ_REPO="$repo" exec bash "$work/run-long.sh" "@$until_epoch" "$slice" "$work"
fi
root="$work/tree"
source "$repo/fuzz/common.sh"
java=$(find_java) || { echo "run-long: needs a JDK 25 or later" >&2; exit 1; }
mkdir -p "$root" "$work/findings"
summary="$work/summary.tsv"
[ -f "$summary" ] || printf 'time\ttarget\tstatus\tresult\n' > "$summary"

snapshot() {
  local head
  head=$(git -C "$repo" rev-parse HEAD)
  [ "$(cat "$work/snapshot" 2>/dev/null)" = "$head" ] && return 0
  git -C "$repo" archive "$head" | tar -x -C "$root"
  FUZZ_MVN_OPTS="-o" nice -n 19 bash -c "root='$root'; $(declare -f list_targets build_targets); build_targets" \
      || { echo "run-long: $head does not build; fuzzing the previous build" >&2; return 0; }
  echo "$head" > "$work/snapshot"
}

# One target per slice, in turn; the list is read from the snapshot before each slice, so targets committed
# while the run goes on join it.
for (( turn = 0; ; turn++ )); do
  left=$(( until_epoch - $(date +%s) ))
  [ "$left" -gt 30 ] || break
  snapshot
  mapfile -t targets < <(list_targets | grep -E -- "${FUZZ_ONLY:-.}")
  [ "${#targets[@]}" -gt 0 ] || { echo "run-long: no target matches FUZZ_ONLY='${FUZZ_ONLY:-}'" >&2; exit 2; }
  read -r module class method <<< "${targets[turn % ${#targets[@]}]}"
  seconds=$(( left < slice ? left : slice ))
  status=0
  FUZZ_LAUNCHER="nice -n 19" run_target "$module" "$class" "$method" "$seconds" "$work" \
      "$work/corpus/${class##*.}.$method" || status=$?
  log="$work/${class##*.}.$method.log"
  printf '%s\t%s\t%s\t%s\n' "$(date -u +%FT%TZ)" "${class##*.}.$method" "$status" "$(summarize "$log")" >> "$summary"
  mv "$log" "$work/${class##*.}.$method.$(date +%s).log"
done

# Executions per target over the whole run.
awk -F'\t' 'NR > 1 { split($4, f, " "); runs[$2] += f[2]; secs[$2]++ } END {
  for (t in runs) { printf "%-70s %14d executions in %d slices\n", t, runs[t], secs[t]; total += runs[t] }
  printf "%-70s %14d\n", "total", total }' "$summary" | sort | tee "$work/totals"
