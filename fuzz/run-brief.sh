#!/usr/bin/env bash
# CI stage of ./run-tests: fuzzes every @FuzzTest target briefly (FUZZ_SECONDS each, default 10), FUZZ_JOBS at a
# time (default 2), starting from the corpora in the repository (which `mvn test` replays) and adding nothing to
# them. Fails, showing the finding, when any target finds an input that breaks its invariants; the crashing input
# and a Java reproducer stay in the directory it names. fuzz/README.md has the targets and the long run.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
source "$root/fuzz/common.sh"
java=$(find_java) || { echo "fuzz: needs a JDK 25 or later (JAVA_HOME, /usr/lib/jvm or PATH)" >&2; exit 1; }
seconds=${FUZZ_SECONDS:-10}
jobs=${FUZZ_JOBS:-2}
out=$(mktemp -d "${TMPDIR:-/tmp}/dot4j-fuzz-brief.XXXXXX")
start=$(date +%s)

build_targets
mapfile -t targets < <(list_targets)
echo "fuzz: ${#targets[@]} targets, ${seconds} s each, ${jobs} at a time; findings go to $out/findings"

# Each target in the background, at most $jobs at once; its status lands in $out/NAME.status.
for target in "${targets[@]}"; do
  read -r module class method <<< "$target"
  while [ "$(jobs -rp | wc -l)" -ge "$jobs" ]; do wait -n || true; done
  ( status=0; run_target "$module" "$class" "$method" "$seconds" "$out" || status=$?
    echo "$status" > "$out/${class##*.}.$method.status" ) &
done
wait

passed=0
failed=0
for target in "${targets[@]}"; do
  read -r module class method <<< "$target"
  name="${class##*.}.$method"
  if [ "$(cat "$out/$name.status")" = 0 ]; then
    passed=$((passed + 1))
    echo "fuzz: ok      $name: $(summarize "$out/$name.log")"
  else
    failed=$((failed + 1))
    echo "fuzz: FAILED  $name (log $out/$name.log):"
    grep -A 25 -m 1 -E '== Java Exception|ERROR: libFuzzer|==[0-9]+== ERROR' "$out/$name.log" | sed 's/^/    /' || tail -20 "$out/$name.log"
  fi
done
echo "fuzz: done in $(( $(date +%s) - start )) s"
echo "fuzz: $passed passed, $failed failed"
[ "$failed" = 0 ]
