#!/bin/sh
# /usr/bin/dot4 of the dot4j package: the command on the package's own Java runtime (jlink'd; no JDK needed),
# started from the ahead-of-time cache build-deb.sh trained, while it is newer than the jar (JDK 25.0.3 was seen
# serving a replaced jar's old classes from its cache). Java's temporary directory is the caller's TMPDIR.
lib=/usr/lib/dot4j
aot=
[ "$lib/dot4.aot" -nt "$lib/dot4.jar" ] && aot="-XX:AOTCache=$lib/dot4.aot"
exec "$lib/runtime/bin/java" --enable-native-access=ALL-UNNAMED -XX:+UseSerialGC $aot -Djava.io.tmpdir="${TMPDIR:-/tmp}" \
  ${DOT4_JAVA_OPTS:-} -jar "$lib/dot4.jar" "$@"
