#!/usr/bin/env bash
# Folds the corpora a fuzz run grew (WORK/corpus/CLASS.METHOD, e.g. from run-long.sh) into the repository's seed
# directories, minimized: libFuzzer's -merge=1 keeps only inputs that add coverage. Commit the result.
#
#   fuzz/minimize-corpora.sh [WORK]    default /tmp/dot4j-fuzz-long
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
work=${1:-/tmp/dot4j-fuzz-long}
source "$root/fuzz/common.sh"
java=$(find_java) || { echo "minimize: needs a JDK 25 or later" >&2; exit 1; }
build_targets
while read -r module class method; do
  name="${class##*.}.$method"
  seeds=$(seed_dir "$module" "$class" "$method")
  grown="$work/corpus/$name"
  [ -d "$grown" ] || { echo "minimize: $name has no corpus in $work"; continue; }
  merged=$(mktemp -d)
  cp="$root/$module/target/test-classes:$root/$module/target/classes:$(cat "$root/$module/target/fuzz-classpath.txt")"
  inputs=("$grown")
  [ -d "$seeds" ] && inputs+=("$seeds")
  "$java" -XX:+EnableDynamicAgentLoading -Xmx1g -cp "$cp" com.code_intelligence.jazzer.Jazzer \
      --target_class="$class" --target_method="$method" --instrumentation_includes='org.dot4j.**' \
      -merge=1 "$merged" "${inputs[@]}" > "$merged.log" 2>&1 || { echo "minimize: $name failed, see $merged.log"; continue; }
  rm -rf "$seeds" && mkdir -p "$seeds" && cp "$merged"/* "$seeds"/ 2>/dev/null || true
  echo "minimize: $name: $(ls "$seeds" | wc -l) inputs, $(du -sk "$seeds" | cut -f1) KiB"
  rm -rf "$merged" "$merged.log"
done < <(list_targets)
