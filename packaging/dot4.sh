#!/bin/sh
# /usr/bin/dot4 of the dot4j package: the command on the package's own Java runtime (jlink'd; no JDK needed).
# Java's temporary directory is the caller's TMPDIR. The ahead-of-time cache (start-up about 40 % less CPU) is made
# by the package's postinst on this machine (packaging/aot-train.sh), never shipped: one made on another CPU can crash
# with SIGILL (seen in the usb-e2e qemu guest). Its name (aot-name) says which CPU and jar it was made for.
. /usr/lib/dot4j/aot-name
cache=
[ -f "$aot" ] && cache=-XX:AOTCache=$aot
# Short commands get only the quick compiler, as in the repository's ./dot4 (which says why).
quick=
case "${1:-}" in probe|list|status) quick=-XX:TieredStopAtLevel=1 ;; esac
exec /usr/lib/dot4j/runtime/bin/java --enable-native-access=ALL-UNNAMED -XX:+UseSerialGC -Djava.io.tmpdir="${TMPDIR:-/tmp}" \
  $cache $quick ${DOT4_JAVA_OPTS:-} -jar "$jar" "$@"
