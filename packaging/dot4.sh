#!/bin/sh
# /usr/bin/dot4 of the dot4j package: the command on the package's own Java runtime (jlink'd; no JDK needed).
# Java's temporary directory is the caller's TMPDIR. No ahead-of-time cache (as ./dot4 has): one made on the build
# machine can crash with SIGILL on a CPU that lacks some of its instructions (seen in the usb-e2e qemu guest).
exec /usr/lib/dot4j/runtime/bin/java --enable-native-access=ALL-UNNAMED -XX:+UseSerialGC -Djava.io.tmpdir="${TMPDIR:-/tmp}" \
  ${DOT4_JAVA_OPTS:-} -jar /usr/lib/dot4j/dot4.jar "$@"
