#!/bin/sh
# /usr/bin/dot4 of the dot4j package: the command on the package's own Java runtime (jlink'd; no JDK needed),
# started from the ahead-of-time cache build-deb.sh trained.
exec /usr/lib/dot4j/runtime/bin/java --enable-native-access=ALL-UNNAMED -XX:+UseSerialGC \
  -XX:AOTCache=/usr/lib/dot4j/dot4.aot ${DOT4_JAVA_OPTS:-} \
  -jar /usr/lib/dot4j/dot4.jar "$@"
