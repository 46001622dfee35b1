#!/bin/sh
# /usr/bin/dot4 of the dot4j package: the command on the package's own Java runtime (jlink'd; no JDK needed).
exec /usr/lib/dot4j/runtime/bin/java --enable-native-access=ALL-UNNAMED -XX:+UseSerialGC -Djava.io.tmpdir="${TMPDIR:-/tmp}" ${DOT4_JAVA_OPTS:-} \
  -jar /usr/lib/dot4j/dot4.jar "$@"
