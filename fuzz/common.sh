# Shared by run-brief.sh and run-long.sh (sourced): finding the fuzz targets, building their class paths and
# running one target with Jazzer's libFuzzer driver. Expects $root (the repository) to be set.

java_version() { "$1" -XshowSettings:properties -version 2>&1 | awk -F' = ' '/java.specification.version/ {print $2; exit}'; }

# Jazzer runs the targets on the JDK the build uses: 25 or later.
find_java() {
  local c v candidates=()
  [ -n "${JAVA_HOME:-}" ] && candidates+=("$JAVA_HOME/bin/java")
  for d in /usr/lib/jvm/*; do [ -x "$d/bin/java" ] && candidates+=("$d/bin/java"); done
  command -v java >/dev/null 2>&1 && candidates+=("$(command -v java)")
  for c in "${candidates[@]}"; do
    v=$(java_version "$c" || true)
    if [ -n "$v" ] && [ "${v%%.*}" -ge 25 ] 2>/dev/null; then echo "$c"; return 0; fi
  done
  return 1
}

# Prints "MODULE CLASS METHOD" for every @FuzzTest method in the repository's *FuzzTest.java files.
list_targets() {
  local file module class
  for file in $(cd "$root" && grep -l '@FuzzTest' -- */src/test/java/org/dot4j/*/*FuzzTest.java 2>/dev/null | sort); do
    module=${file%%/*}
    class=$(echo "${file#*/src/test/java/}" | sed 's#/#.#g; s#\.java$##')
    awk -v m="$module" -v c="$class" '/@FuzzTest/ {armed=1} armed && match($0, /void [A-Za-z0-9_]+\(/) {
      print m, c, substr($0, RSTART + 5, RLENGTH - 6); armed=0 }' "$root/$file"
  done
}

# Compiles the modules with targets (and what they depend on) and writes each one's test class path to
# MODULE/target/fuzz-classpath.txt. Maven options (e.g. -o) come from $FUZZ_MVN_OPTS.
build_targets() {
  local modules
  modules=$(list_targets | awk '{print $1}' | sort -u | paste -sd, -)
  (cd "$root" && mvn -B -q ${FUZZ_MVN_OPTS:-} -pl "$modules" -am test-compile dependency:build-classpath \
      -Dmdep.includeScope=test -Dmdep.outputFile=target/fuzz-classpath.txt)
}

# Seeds replayed by `mvn test` for a target: src/test/resources/PACKAGE/CLASSInputs/METHOD.
seed_dir() {
  local module=$1 class=$2 method=$3
  echo "$root/$module/src/test/resources/$(dirname "${class//.//}")/${class##*.}Inputs/$method"
}

# run_target MODULE CLASS METHOD SECONDS OUTDIR [CORPUS]: fuzzes one target; new inputs go to CORPUS (default a
# fresh directory under OUTDIR), findings and the reproducer to OUTDIR; the log is OUTDIR/CLASS.METHOD.log.
# FUZZ_LAUNCHER prefixes the java command (e.g. "nice -n 19"). Returns libFuzzer's status: 0 when nothing was found.
run_target() {
  local module=$1 class=$2 method=$3 seconds=$4 out=$5 corpus=${6:-}
  local seeds cp
  seeds=$(seed_dir "$module" "$class" "$method")
  corpus=${corpus:-$out/corpus/${class##*.}.$method}
  mkdir -p "$corpus" "$out/findings"
  cp="$root/$module/target/test-classes:$root/$module/target/classes:$(cat "$root/$module/target/fuzz-classpath.txt")"
  local dirs=("$corpus")
  [ -d "$seeds" ] && dirs+=("$seeds")
  ${FUZZ_LAUNCHER:-} "$java" -XX:+EnableDynamicAgentLoading --enable-native-access=ALL-UNNAMED -Xmx1g -cp "$cp" \
      com.code_intelligence.jazzer.Jazzer --target_class="$class" --target_method="$method" \
      --instrumentation_includes='org.dot4j.**' --reproducer_path="$out/findings" \
      -artifact_prefix="$out/findings/${class##*.}.$method-" -max_total_time="$seconds" -timeout=20 \
      -rss_limit_mb=2560 -print_final_stats=1 "${dirs[@]}" > "$out/${class##*.}.$method.log" 2>&1
}

# One summary line of a finished target's log: executions, exec/s, coverage (edges, features, corpus size).
summarize() {
  local log=$1
  local runs rate cov
  runs=$(awk '/stat::number_of_executed_units/ {print $NF}' "$log" | tail -1)
  rate=$(awk '/stat::average_exec_per_sec/ {print $NF}' "$log" | tail -1)
  cov=$(grep -E '^#[0-9]+[[:space:]]+(DONE|pulse|NEW|REDUCE)' "$log" | tail -1 | sed -E 's/.*(cov: [0-9]+ ft: [0-9]+ corp: [0-9]+\/[0-9]+[a-zA-Z]*).*/\1/')
  echo "runs ${runs:-0} exec/s ${rate:-0} ${cov:-no coverage line}"
}
