#!/bin/sh
# /usr/lib/dot4j/aot-train: makes /usr/bin/dot4's ahead-of-time cache on this machine, from one run of `dot4 demo`
# (the built-in simulated peripheral; no device is touched). Run by the package's postinst; run it again after
# moving the installation to another CPU. Replaces any older cache; a failure leaves none (dot4 then starts without).
set -eu
. /usr/lib/dot4j/aot-name
dir=$(dirname "$aot")
mkdir -p -m 0755 "$dir"
rm -f "$dir"/*.aot "$dir"/*.aot.*
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
if TMPDIR=$work timeout 300 /usr/lib/dot4j/runtime/bin/java --enable-native-access=ALL-UNNAMED -XX:+UseSerialGC \
    -Djava.io.tmpdir="$work" -XX:AOTCacheOutput="$aot.tmp" -jar "$jar" demo > "$work/train.log" 2>&1 \
    && [ -s "$aot.tmp" ]; then
  chmod 0644 "$aot.tmp"
  mv -f "$aot.tmp" "$aot"
  echo "dot4j: start-up cache made ($aot)"
else
  rm -f "$aot.tmp"
  echo "dot4j: could not make the start-up cache (dot4 works, only starts slower); its log:" >&2
  tail -5 "$work/train.log" >&2
fi
