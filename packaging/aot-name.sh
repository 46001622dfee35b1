# /usr/lib/dot4j/aot-name, sourced by /usr/bin/dot4 and /usr/lib/dot4j/aot-train: the one name of the start-up cache,
# carrying the CPU's flags and the jar's size and time, so a cache from another CPU or another jar is never used.
jar=/usr/lib/dot4j/dot4.jar
cpu=$(grep -m1 '^flags' /proc/cpuinfo 2>/dev/null | cksum | cut -d' ' -f1)
aot=/var/cache/dot4j/dot4-cpu$cpu-jar$(stat -c %s-%Y "$jar" 2>/dev/null).aot
